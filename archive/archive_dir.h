// Where an archive lives on disk: the directory chosen by the user, its catalog database and its
// content-addressed PDF files (pdf/ab/abcdef….pdf, named by the SHA-256 of their bytes).
#pragma once

#include <string>

namespace vanthu::archive {

class ArchiveDir {
 public:
  // The archive directory: `option` (from --archive) if not empty, else $VANTHU_ARCHIVE, else
  // $XDG_DATA_HOME/vanthu, else $HOME/.local/share/vanthu. Returned as an absolute path. Throws
  // UserError when none of them is set.
  static std::string resolve(const std::string& option);

  // `root` is made absolute; nothing is created until create() is called.
  explicit ArchiveDir(const std::string& root);

  const std::string& root() const { return root_; }
  std::string catalog_path() const;  // <root>/catalog.sqlite
  std::string pdf_dir() const;       // <root>/pdf
  // <root>/pdf/<first two hex digits>/<64 hex digits>.pdf
  std::string blob_path(const std::string& sha256_hex) const;

  bool has_catalog() const;
  // Creates <root> and <root>/pdf (with parents) if missing. Throws UserError if that fails.
  void create() const;

 private:
  std::string root_;
};

}  // namespace vanthu::archive
