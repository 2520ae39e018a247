// Choosing and laying out the archive directory.
#include "archive/archive_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "archive/errors.h"

namespace vanthu::archive {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::string();
}

}  // namespace

std::string ArchiveDir::resolve(const std::string& option) {
  fs::path p;
  if (!option.empty()) {
    p = option;
  } else if (auto a = env("VANTHU_ARCHIVE"); !a.empty()) {
    p = a;
  } else if (auto x = env("XDG_DATA_HOME"); !x.empty()) {
    p = fs::path(x) / "vanthu";
  } else if (auto h = env("HOME"); !h.empty()) {
    p = fs::path(h) / ".local" / "share" / "vanthu";
  } else {
    throw UserError(
        "no archive directory: neither --archive, $VANTHU_ARCHIVE, $XDG_DATA_HOME nor "
        "$HOME is set",
        "pass --archive DIR");
  }
  return fs::absolute(p).lexically_normal().string();
}

ArchiveDir::ArchiveDir(const std::string& root)
    : root_(fs::absolute(root).lexically_normal().string()) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string ArchiveDir::catalog_path() const { return root_ + "/catalog.sqlite"; }
std::string ArchiveDir::pdf_dir() const { return root_ + "/pdf"; }

std::string ArchiveDir::blob_path(const std::string& sha256_hex) const {
  return pdf_dir() + "/" + sha256_hex.substr(0, 2) + "/" + sha256_hex + ".pdf";
}

bool ArchiveDir::has_catalog() const {
  std::error_code ec;
  return fs::is_regular_file(catalog_path(), ec);
}

void ArchiveDir::create() const {
  std::error_code ec;
  fs::create_directories(pdf_dir(), ec);
  if (ec)
    throw UserError("cannot create the archive directory " + pdf_dir() + ": " + ec.message(),
                    "check the path and its permissions, or pass --archive DIR");
}

}  // namespace vanthu::archive
