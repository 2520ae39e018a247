// Standard forms: declarations, value checks, Mustache filling.
#include "forms/form.h"

#include <kainjow/mustache.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "load/loader.h"
#include "load/yaml_fields.h"

namespace vanthu::generator {

namespace fs = std::filesystem;
namespace mu = kainjow::mustache;

std::vector<std::string> list_forms(const std::string& forms_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(forms_dir, ec))
    if (e.is_directory() && fs::exists(e.path() / "form.yaml")) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string escape_form_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '*':
      case '[':
        out += "\\\\";  // markup escape "\" written as "\\" inside a YAML double-quoted string
        out += c;
        break;
      case '\\':
        out += "\\\\\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c < 0) out += c;
    }
  }
  return out;
}

std::optional<Form> load_form(const std::string& forms_dir, const std::string& name,
                              Diagnostics& diags, const SourceLoc& requested_at) {
  const std::string dir = forms_dir + "/" + name;
  const std::string decl = dir + "/form.yaml";
  if (name.find('/') != std::string::npos || name.find("..") != std::string::npos || !fs::exists(decl)) {
    std::string known;
    for (const auto& f : list_forms(forms_dir)) known += (known.empty() ? "" : ", ") + f;
    diags.error("unknown-form", requested_at, "form", "no standard form named \"" + name + "\"",
                "use one of: " + known);
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(decl);
  } catch (const YAML::ParserException& e) {
    diags.error("syntax", {decl, e.mark.line + 1, e.mark.column + 1}, "", e.msg, "fix the form declaration");
    return std::nullopt;
  }
  Form f;
  f.name = name;
  const std::size_t before = diags.all().size();
  Fields top(root, "", decl, diags);
  if (!top.ok()) return std::nullopt;
  if (auto v = top.str("title", true)) f.title = *v;
  if (auto v = top.str("profile", true)) f.profile = *v;
  if (auto v = top.str("kind", true)) f.kind = *v;
  YAML::Node fields = top.child("fields");
  if (!fields.IsSequence()) {
    diags.error("missing-field", top.loc(), "fields", "a list of fields is required");
  } else {
    int i = 0;
    for (const auto& n : fields) {
      Fields ff(n, "fields[" + std::to_string(i++) + "]", decl, diags);
      if (!ff.ok()) continue;
      FormField fd;
      if (auto v = ff.str("name", true)) fd.name = *v;
      if (auto v = ff.str("type", true)) fd.type = *v;
      if (auto v = ff.str("label", true)) fd.label = *v;
      if (auto v = ff.boolean("required", false)) fd.required = *v;
      YAML::Node ex = ff.child("example");
      if (ex.IsSequence()) {
        for (const auto& x : ex) fd.examples.push_back(x.as<std::string>(""));
      } else if (auto v = ff.str("example", true)) {
        fd.example = *v;
      }
      static const std::set<std::string> kTypes{"text", "date", "number", "list"};
      if (!kTypes.count(fd.type))
        diags.error("bad-value", ff.loc(), ff.path("type"), "unknown field type \"" + fd.type + "\"",
                    "use text, date, number or list");
      ff.reject_unknown();
      f.fields.push_back(std::move(fd));
    }
  }
  top.reject_unknown();
  f.template_path = dir + "/template.yaml.mustache";
  std::ifstream in(f.template_path, std::ios::binary);
  if (!in) {
    diags.error("io", {f.template_path}, "", "the form has no template", "add template.yaml.mustache");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  f.template_text = ss.str();
  for (std::size_t i = before; i < diags.all().size(); ++i)
    if (diags.all()[i].severity == Diagnostic::Severity::kError) return std::nullopt;
  return f;
}

namespace {

// kainjow reports byte offsets ("Unclosed section \"a\" at 16"): turn one into line:col.
SourceLoc offset_loc(const std::string& file, const std::string& text, const std::string& msg) {
  std::size_t at = msg.rfind(" at ");
  if (at == std::string::npos) return {file};
  std::size_t off = 0;
  try {
    off = std::stoul(msg.substr(at + 4));
  } catch (const std::exception&) {
    return {file};
  }
  int line = 1, col = 1;
  for (std::size_t i = 0; i < off && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;
    }
  }
  return {file, line, col};
}

std::string vn_date(const Date& d) {
  auto pad = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  // Same zero-padding as the date line: days below 10, months 1 and 2.
  return pad(d.day) + "/" + (d.month < 3 ? pad(d.month) : std::to_string(d.month)) + "/" +
         std::to_string(d.year);
}

}  // namespace

std::optional<std::string> fill_form(const Form& form,
                                     const std::vector<std::pair<std::string, FormValue>>& values,
                                     const SourceLoc& values_loc, Diagnostics& diags) {
  Diagnostics local;
  mu::data ctx{mu::data::type::object};
  std::set<std::string> declared;
  for (const auto& fd : form.fields) declared.insert(fd.name);
  for (const auto& [key, v] : values)
    if (!declared.count(key))
      local.error("unknown-field", v.loc, "values." + key, "form " + form.name + " has no field \"" + key + "\"",
                  "see `vanthu example " + form.name + "` for its fields");
  for (const auto& fd : form.fields) {
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == fd.name; });
    const std::string field = "values." + fd.name;
    if (it == values.end() || it->second.items.empty() ||
        (!it->second.is_list && it->second.items[0].empty())) {
      if (fd.required)
        local.error("missing-field", it == values.end() ? values_loc : it->second.loc, field,
                    "required field \"" + fd.label + "\" is missing", "add `" + fd.name + ": …`");
      ctx.set(fd.name, fd.type == "list" ? mu::data{mu::data::type::list} : mu::data{false});
      continue;
    }
    const FormValue& v = it->second;
    if (fd.type == "list") {
      // {{#name}}{{.}}{{/name}} iterates the items; {{#name_numbered}}{{n}}. {{text}}{{/name_numbered}}
      // gives each with its position, for numbered items.
      mu::data list{mu::data::type::list}, numbered{mu::data::type::list};
      int n = 0;
      for (const auto& item : v.items) {
        if (item.empty()) {
          local.error("empty-field", v.loc, field + "[" + std::to_string(n) + "]", "list item is empty",
                      "remove the empty item");
        }
        list << mu::data{escape_form_value(item)};
        mu::data obj{mu::data::type::object};
        obj.set("n", std::to_string(++n));
        obj.set("text", escape_form_value(item));
        numbered << obj;
      }
      ctx.set(fd.name, list);
      ctx.set(fd.name + "_numbered", numbered);
      continue;
    }
    if (v.is_list) {
      local.error("wrong-type", v.loc, field, "expected one value, found a list", "write a single value");
      continue;
    }
    std::string s = v.items[0];
    if (fd.type == "date") {
      auto d = parse_iso_date(s);
      if (!d) {
        local.error("bad-date", v.loc, field, "\"" + s + "\" is not a real date", "write YYYY-MM-DD");
        continue;
      }
      // {{name}} is the ISO date (for header.date); {{name_vn}} the date as written in text.
      ctx.set(fd.name + "_vn", vn_date(*d));
    } else if (fd.type == "number") {
      bool ok = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!ok) {
        local.error("wrong-type", v.loc, field, "expected a whole number, found \"" + s + "\"", "write digits only");
        continue;
      }
    }
    ctx.set(fd.name, escape_form_value(s));
  }
  diags.append(local);
  if (local.has_errors()) return std::nullopt;
  mu::mustache tpl{form.template_text};
  if (!tpl.is_valid()) {
    diags.error("template", offset_loc(form.template_path, form.template_text, tpl.error_message()), "",
                "template error: " + tpl.error_message(), "fix the form's template");
    return std::nullopt;
  }
  tpl.set_custom_escape([](const std::string& s) { return s; });  // values are escaped above
  std::string out = tpl.render(ctx);
  if (!tpl.is_valid()) {
    diags.error("template", offset_loc(form.template_path, form.template_text, tpl.error_message()), "",
                "template error: " + tpl.error_message(), "fix the form's template");
    return std::nullopt;
  }
  return out;
}

std::string example_form_data(const Form& form) {
  auto q = [](const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      o += c;
    }
    return o + "\"";
  };
  std::string out = "# " + form.title + " — standard form \"" + form.name + "\".\n";
  out += "# Fill in the values; render with: vanthu render THIS_FILE -o OUT.pdf\n";
  out += "form: " + form.name + "\nvalues:\n";
  for (const auto& f : form.fields) {
    out += "  # " + f.label + (f.required ? "" : " (optional)") + "\n";
    if (f.type == "list") {
      out += "  " + f.name + ":\n";
      for (const auto& e : f.examples) out += "    - " + q(e) + "\n";
    } else {
      out += "  " + f.name + ": " + q(f.example) + "\n";
    }
  }
  return out;
}

}  // namespace vanthu::generator
