// Service operations on data given as text (the web form and the JSON API) and page images of
// a PDF for previews. Text goes through the same loader as files: it is written to a private
// temporary file first, so every feature still exists once.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "app/file_io.h"
#include "app/service.h"

namespace vanthu::app {

namespace fs = std::filesystem;

namespace {

// A directory of its own under $TMPDIR, removed with its contents on destruction.
class PrivateDir {
 public:
  PrivateDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vanthu-data-XXXXXX";
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a temporary directory under " + pattern);
    path_ = pattern;
  }
  ~PrivateDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A plain file name: no directories, no leading dot; anything else becomes "data.yaml".
std::string safe_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || name.find('\0') != std::string::npos ||
      name.size() > 200)
    return "data.yaml";
  return name;
}

// Diagnostics name `shown` instead of the temporary path.
void rename_file(Diagnostics& diags, const std::string& temp_path, const std::string& shown) {
  diags.map_locations(0, [&](SourceLoc& loc) {
    if (loc.file == temp_path) loc.file = shown;
  });
}

std::mutex poppler_mutex;  // Poppler's global state is not documented as thread-safe

}  // namespace

RenderResult Service::render_text(const std::string& data, const std::string& name) {
  RenderResult r;
  try {
    PrivateDir dir;
    const std::string shown = safe_name(name);
    const std::string path = (dir.path() / shown).string();
    write_file_atomic(path, data);
    r = render_file(path);
    rename_file(r.diags, path, shown);
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

IssueResult Service::issue_text(const std::string& data, const std::string& name,
                                const std::string& archive, const generator::Date& today) {
  IssueResult r;
  try {
    PrivateDir dir;
    const std::string shown = safe_name(name);
    const std::string path = (dir.path() / shown).string();
    write_file_atomic(path, data);
    r = issue(path, archive, today);
    rename_file(r.diags, path, shown);
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

std::optional<generator::Form> Service::form(const std::string& name, Diagnostics& diags) {
  return generator::load_form(renderer_.forms_dir(), name, diags);
}

std::vector<std::string> Service::page_images(const std::string& pdf, double dpi, int max_pages,
                                              std::string& error) {
  std::vector<std::string> out;
  std::lock_guard<std::mutex> lock(poppler_mutex);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (!doc) {
    error = "Poppler cannot read the PDF";
    return out;
  }
  PrivateDir dir;
  poppler::page_renderer pr;
  pr.set_render_hints(poppler::page_renderer::antialiasing |
                      poppler::page_renderer::text_antialiasing |
                      poppler::page_renderer::text_hinting);
  const int n = std::min(doc->pages(), max_pages);
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) break;
    poppler::image img = pr.render_page(page.get(), dpi, dpi);
    const std::string path = (dir.path() / ("p" + std::to_string(i) + ".png")).string();
    if (!img.is_valid() || !img.save(path, "png", static_cast<int>(dpi))) {
      error = "Poppler cannot render page " + std::to_string(i + 1);
      out.clear();
      return out;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

}  // namespace vanthu::app
