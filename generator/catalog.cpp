// Catalogue of kinds (from the profiles and templates/examples/<profile>/) and forms.
#include "catalog.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>


#include "forms/form.h"
#include "text/unicode.h"

namespace vanthu::generator {

namespace fs = std::filesystem;

namespace {

// Example folders are named after the profiles' first alias: dang, nha-nuoc.
const char* kExampleProfiles[] = {"dang", "nha-nuoc"};

std::optional<std::string> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::vector<CatalogEntry> list_catalog(Renderer& r) {
  std::vector<CatalogEntry> out;
  std::map<std::string, CatalogEntry> kinds;
  std::vector<std::string> order;
  for (const char* prof : kExampleProfiles) {
    Diagnostics d;
    const Profile* p = r.profile(prof, d);
    if (!p) continue;
    for (const auto& [code, def] : p->kinds) {
      std::error_code ec;
      if (!fs::exists(r.examples_dir() + "/" + prof + "/" + code + ".yaml", ec)) continue;
      auto [it, fresh] = kinds.try_emplace(code);
      if (fresh) {
        it->second.name = code;
        it->second.title = def.letter ? "Công văn" : text::sentence_case(def.name);
        order.push_back(code);
      }
      it->second.profiles.push_back(prof);
    }
  }
  for (const auto& code : order) out.push_back(kinds[code]);
  for (const auto& name : list_forms(r.forms_dir())) {
    Diagnostics d;
    auto f = load_form(r.forms_dir(), name, d);
    if (!f) continue;
    out.push_back({name, true, f->title, {f->profile}});
  }
  return out;
}

std::optional<std::string> example_data(Renderer& r, const std::string& name,
                                        const std::string& profile, Diagnostics& diags) {
  for (const auto& f : list_forms(r.forms_dir())) {
    if (f != name) continue;
    auto form = load_form(r.forms_dir(), name, diags);
    if (!form) return std::nullopt;
    return example_form_data(*form);
  }
  std::string prof = profile.empty() ? "dang" : profile;
  const Profile* p = r.profile(prof, diags);
  if (!p) return std::nullopt;
  // The folder is the profile's first alias (dang, nha-nuoc), whichever name was given.
  std::string folder = p->aliases.empty() ? p->name : p->aliases.front();
  if (name.find('/') == std::string::npos && name.find("..") == std::string::npos) {
    if (auto text = read_all(r.examples_dir() + "/" + folder + "/" + name + ".yaml")) return text;
  }
  std::string known;
  for (const auto& e : list_catalog(r)) known += (known.empty() ? "" : ", ") + e.name;
  diags.error("unknown-template", {}, "", "no kind or form named \"" + name + "\" in profile " + folder,
              "run `vanthu templates`; known: " + known);
  return std::nullopt;
}

}  // namespace vanthu::generator
