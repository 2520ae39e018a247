// Pipeline driver: load + validate, compose, paginate, write.
#include "render.h"

#include <cstdlib>
#include <filesystem>

#include "layout/composer.h"
#include "layout/paginator.h"
#include "load/loader.h"
#include "pdf/font_set.h"
#include "pdf/pdf_writer.h"

namespace vanthu::generator {

namespace fs = std::filesystem;

std::string find_data_dir() {
  auto usable = [](const fs::path& p) {
    std::error_code ec;
    return fs::exists(p / "fonts" / "LiberationSerif-Regular.ttf", ec) &&
           fs::exists(p / "templates" / "profiles", ec);
  };
  if (const char* env = std::getenv("VANTHU_DATA"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path share = exe.parent_path().parent_path() / "share" / "vanthu";
    if (usable(share)) return share.string();
  }
  if (usable(VANTHU_INSTALL_DATA_DIR)) return VANTHU_INSTALL_DATA_DIR;
  return VANTHU_SOURCE_DATA_DIR;
}

Renderer::Renderer(std::string data_dir) : data_dir_(std::move(data_dir)) {}
Renderer::~Renderer() = default;

const Profile* Renderer::profile(const std::string& name, Diagnostics& diags, const SourceLoc& at) {
  auto it = profiles_.find(name);
  if (it != profiles_.end()) return it->second.get();
  auto p = load_profile(name, profiles_dir(), diags, at);
  if (!p) return nullptr;
  auto owned = std::make_unique<Profile>(std::move(*p));
  const Profile* raw = owned.get();
  profiles_[name] = std::move(owned);
  return raw;
}

std::optional<Rendered> Renderer::render(const Document& doc, Diagnostics& diags) {
  const Profile* p = profile(doc.profile, diags, doc.profile_loc);
  if (!p) return std::nullopt;
  if (!validate_document(doc, *p, diags)) return std::nullopt;
  if (!fonts_) fonts_ = std::make_unique<FontSet>(data_dir_ + "/fonts");
  Diagnostics local;
  Composer composer(*p, *fonts_, local);
  VList list = composer.compose(doc);
  diags.append(local);
  if (local.has_errors()) return std::nullopt;
  Rendered r;
  r.layout = paginate(list, *p, *fonts_);
  r.pages = static_cast<int>(r.layout.pages.size());
  r.pdf = write_pdf(r.layout, *fonts_);
  return r;
}

std::optional<Rendered> Renderer::render_file(const std::string& path, Diagnostics& diags) {
  auto doc = load_document_file(path, diags);
  if (!doc) return std::nullopt;
  return render(*doc, diags);
}

}  // namespace vanthu::generator
