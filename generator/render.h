// The generator's entry point: data file → validated document → layout → PDF bytes.
// One Renderer keeps its fonts and profiles loaded across documents.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "layout/page.h"
#include "model/document.h"
#include "profile/profile.h"

namespace vanthu::generator {

class FontSet;

// Where fonts/ and templates/ are: $VANTHU_DATA, else the install prefix's share/vanthu, else
// the source tree the binary was built from.
std::string find_data_dir();

struct Rendered {
  std::string pdf;
  int pages = 0;
  LaidOut layout;  // kept for tests and statistics
};

class Renderer {
 public:
  explicit Renderer(std::string data_dir = find_data_dir());
  ~Renderer();

  const Profile* profile(const std::string& name, Diagnostics& diags, const SourceLoc& at = {});
  std::optional<Rendered> render(const Document& doc, Diagnostics& diags);
  std::optional<Rendered> render_file(const std::string& path, Diagnostics& diags);
  // Loads a document data file, or a standard-form data file ("form:" + "values:") filled in.
  std::optional<Document> load_file(const std::string& path, Diagnostics& diags);
  const std::string& data_dir() const { return data_dir_; }
  std::string profiles_dir() const { return data_dir_ + "/templates/profiles"; }
  std::string forms_dir() const { return data_dir_ + "/templates/forms"; }
  std::string examples_dir() const { return data_dir_ + "/templates/examples"; }

 private:
  std::string data_dir_;
  std::unique_ptr<FontSet> fonts_;
  std::map<std::string, std::unique_ptr<Profile>> profiles_;
};

}  // namespace vanthu::generator
