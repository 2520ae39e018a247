// Pipeline driver: load + validate, compose, paginate, write.
#include "render.h"

#include <cstdlib>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "forms/form.h"
#include "layout/composer.h"
#include "layout/paginator.h"
#include "load/loader.h"
#include "load/yaml_fields.h"
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

std::optional<Document> Renderer::load_file(const std::string& path, Diagnostics& diags) {
  // A form data file ("form: NAME" + "values:") is filled into document data first.
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception&) {
    return load_document_file(path, diags);  // the loader reports the problem precisely
  }
  if (!root.IsMap() || !root["form"]) return load_document_file(path, diags);
  Fields top(root, "", path, diags);
  auto name = top.str("form", true);
  if (!name) return std::nullopt;
  auto form = load_form(forms_dir(), *name, diags, loc_of(top.child("form"), path));
  if (!form) return std::nullopt;
  std::vector<std::pair<std::string, FormValue>> values;
  YAML::Node vals = top.child("values");
  if (vals.IsMap()) {
    for (const auto& kv : vals) {
      FormValue v;
      v.loc = loc_of(kv.second, path);
      if (kv.second.IsSequence()) {
        v.is_list = true;
        int i = 0;
        for (const auto& x : kv.second) {
          const std::string f = "values." + kv.first.Scalar() + "[" + std::to_string(i++) + "]";
          if (auto s = scalar_string(x, f, path, diags)) v.items.push_back(*s);
        }
      } else if (kv.second.IsScalar()) {
        if (auto s = scalar_string(kv.second, "values." + kv.first.Scalar(), path, diags))
          v.items.push_back(*s);
      } else if (!kv.second.IsNull()) {
        diags.error("wrong-type", v.loc, "values." + kv.first.Scalar(), "expected a value or a list",
                    "write `name: value`");
        continue;
      }
      values.push_back({kv.first.Scalar(), std::move(v)});
    }
  } else if (vals.IsDefined()) {
    diags.error("wrong-type", loc_of(vals, path), "values", "expected a mapping of field values",
                "write `values:` then `field: value` lines");
  }
  top.reject_unknown();
  if (diags.has_errors()) return std::nullopt;
  auto filled = fill_form(*form, values, vals.IsDefined() ? loc_of(vals, path) : SourceLoc{path, 1, 1}, diags);
  if (!filled) return std::nullopt;
  return load_document(*filled, form->template_path + " (filled from " + path + ")", diags);
}

std::optional<Rendered> Renderer::render_file(const std::string& path, Diagnostics& diags) {
  auto doc = load_file(path, diags);
  if (!doc) return std::nullopt;
  return render(*doc, diags);
}

}  // namespace vanthu::generator
