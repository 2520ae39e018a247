// Loads rule profiles from YAML files; every field is checked, unknown ones are rejected.
#include "profile/profile.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "load/yaml_fields.h"

namespace vanthu::generator {

namespace fs = std::filesystem;

Face face_of(bool bold, bool italic) {
  return bold ? (italic ? Face::kBoldItalic : Face::kBold) : (italic ? Face::kItalic : Face::kRegular);
}
bool is_bold(Face f) { return f == Face::kBold || f == Face::kBoldItalic; }
bool is_italic(Face f) { return f == Face::kItalic || f == Face::kBoldItalic; }

const KindDef* Profile::find_kind(const std::string& code) const {
  auto it = kinds.find(code);
  return it == kinds.end() ? nullptr : &it->second;
}

namespace {

void read_style(Fields& parent, const std::string& key, Style& out) {
  YAML::Node n = parent.child(key);
  if (!n.IsDefined()) {
    parent.diags().error("missing-field", parent.loc(), parent.path(key),
                         "required style is missing", "add `" + key + ": {size: 14, style: regular}`");
    return;
  }
  Fields f(n, parent.path(key), parent.file(), parent.diags());
  if (!f.ok()) return;
  if (auto v = f.number("size", true, 4, 72)) out.size = *v;
  if (auto s = f.str("style", false)) {
    if (*s == "regular") out.face = Face::kRegular;
    else if (*s == "bold") out.face = Face::kBold;
    else if (*s == "italic") out.face = Face::kItalic;
    else if (*s == "bold-italic") out.face = Face::kBoldItalic;
    else
      f.diags().error("bad-value", loc_of(f.child("style"), f.file()), f.path("style"),
                      "unknown style \"" + *s + "\"", "use regular, bold, italic or bold-italic");
  }
  if (auto u = f.boolean("underline", false)) out.underline = *u;
  f.reject_unknown();
}

template <typename T>
void num(Fields& f, const std::string& key, T& out, double min, double max) {
  if (auto v = f.number(key, true, min, max)) out = static_cast<T>(*v);
}

void text(Fields& f, const std::string& key, std::string& out, bool required = true) {
  if (auto v = f.str(key, required)) out = *v;
}

}  // namespace

std::optional<Profile> load_profile_file(const std::string& path, Diagnostics& diags) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    diags.error("syntax", {path, e.mark.line + 1, e.mark.column + 1}, "", e.msg,
                "fix the YAML syntax of the profile");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diags.error("io", {path}, "", "cannot read profile: " + e.msg, "check the file exists");
    return std::nullopt;
  }
  Profile p;
  p.source = path;
  p.name = fs::path(path).stem().string();
  const std::size_t before = diags.all().size();
  Fields top(root, "", path, diags);
  if (!top.ok()) return std::nullopt;

  top.str("description", false);
  text(top, "family", p.family);
  if (p.family != "party" && p.family != "state")
    diags.error("bad-value", loc_of(top.child("family"), path), "family",
                "unknown family \"" + p.family + "\"", "use party or state");
  if (YAML::Node a = top.child("aliases"); a.IsSequence()) {
    for (const auto& x : a)
      if (auto s = scalar_string(x, "aliases", path, diags)) p.aliases.push_back(*s);
  }

  {
    Fields f(top.child("page"), "page", path, diags);
    if (f.ok()) {
      num(f, "width", p.page_width, 50, 2000);
      num(f, "height", p.page_height, 50, 2000);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("margins"), "margins", path, diags);
    if (f.ok()) {
      num(f, "top", p.margin_top, 0, 100);
      num(f, "bottom", p.margin_bottom, 0, 100);
      num(f, "left", p.margin_left, 0, 100);
      num(f, "right", p.margin_right, 0, 100);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("header"), "header", path, diags);
    if (f.ok()) {
      num(f, "left_fraction", p.header_left_fraction, 0.2, 0.8);
      YAML::Node m = f.child("motto");
      if (m.IsSequence()) {
        int i = 0;
        for (const auto& line : m) {
          Fields lf(line, "header.motto[" + std::to_string(i++) + "]", path, diags);
          if (!lf.ok()) continue;
          std::string t;
          text(lf, "text", t);
          p.motto.push_back(t);
          Style st;
          if (auto v = lf.number("size", true, 4, 72)) st.size = *v;
          if (auto s = lf.str("style", false)) st.face = *s == "bold" ? Face::kBold : Face::kRegular;
          p.motto_styles.push_back(st);
          lf.reject_unknown();
        }
      } else {
        diags.error("missing-field", f.loc(), "header.motto", "a list of lines is required");
      }
      if (auto v = f.integer("motto_rule_under", true, 0, 10)) p.motto_rule_under = int(*v);
      read_style(f, "superior", p.superior);
      read_style(f, "issuer", p.issuer);
      text(f, "issuer_mark", p.issuer_mark);
      num(f, "issuer_rule_fraction", p.issuer_rule_fraction, 0.1, 1);
      read_style(f, "number", p.number);
      text(f, "number_format", p.number_format);
      if (auto v = f.integer("number_min_digits", true, 1, 6)) p.number_min_digits = int(*v);
      if (YAML::Node d = f.child("draft_number"); d.IsScalar()) p.draft_number = d.Scalar();
      read_style(f, "date", p.date);
      text(f, "date_format", p.date_format);
      if (auto v = f.integer("day_min_digits", true, 1, 2)) p.day_min_digits = int(*v);
      if (auto v = f.integer("month_pad_below", true, 1, 13)) p.month_pad_below = int(*v);
      num(f, "gap_after", p.header_gap, 0, 200);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("title"), "title", path, diags);
    if (f.ok()) {
      read_style(f, "kind", p.kind);
      read_style(f, "organ_line", p.organ_line);
      read_style(f, "subject", p.subject);
      text(f, "subject_separator", p.subject_separator);
      num(f, "subject_rule_fraction", p.subject_rule_fraction, 0.05, 1);
      num(f, "gap_after", p.title_gap, 0, 200);
      read_style(f, "letter_subject", p.letter_subject);
      text(f, "letter_subject_prefix", p.letter_subject_prefix);
      text(f, "addressee_label", p.addressee_label);
      read_style(f, "addressee", p.addressee);
      f.reject_unknown();
    }
  }
  {
    YAML::Node k = top.child("kinds");
    Fields f(k, "kinds", path, diags);
    if (f.ok()) {
      for (const auto& kv : k) {
        const std::string code = kv.first.Scalar();
        Fields kf(kv.second, "kinds." + code, path, diags);
        if (!kf.ok()) continue;
        KindDef def;
        def.code = code;
        if (auto l = kf.boolean("letter", false)) def.letter = *l;
        if (auto l = kf.boolean("no_subject", false)) def.no_subject = *l;
        text(kf, "name", def.name, !def.letter);
        text(kf, "number_format", def.number_format, false);
        kf.reject_unknown();
        p.kinds[code] = def;
      }
    }
  }
  {
    Fields f(top.child("body"), "body", path, diags);
    if (f.ok()) {
      read_style(f, "text", p.body);
      num(f, "leading", p.leading, 0.8, 3);
      num(f, "indent", p.indent, 0, 50);
      num(f, "paragraph_after", p.para_after, 0, 72);
      read_style(f, "item_heading", p.item_heading);
      read_style(f, "note_lead", p.note_lead);
      text(f, "end_mark", p.end_mark);
      read_style(f, "heading", p.heading);
      read_style(f, "section", p.section);
      read_style(f, "table", p.table);
      if (auto v = f.integer("orphan_lines", true, 1, 5)) p.orphan_lines = int(*v);
      if (auto v = f.integer("widow_lines", true, 1, 5)) p.widow_lines = int(*v);
      num(f, "footnote_ref_scale", p.footnote_ref_scale, 0.3, 1);
      num(f, "footnote_ref_rise", p.footnote_ref_rise, 0, 1);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("footnotes"), "footnotes", path, diags);
    if (f.ok()) {
      read_style(f, "text", p.footnote);
      num(f, "leading", p.footnote_leading, 0.8, 3);
      num(f, "rule_fraction", p.footnote_rule_fraction, 0.05, 1);
      num(f, "gap_before", p.footnote_gap, 0, 72);
      num(f, "paragraph_after", p.footnote_para_after, 0, 72);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("closing"), "closing", path, diags);
    if (f.ok()) {
      text(f, "recipients_label", p.recipients_label);
      read_style(f, "recipients_label_style", p.recipients_label_style);
      read_style(f, "recipient", p.recipient);
      text(f, "recipient_prefix", p.recipient_prefix);
      text(f, "recipient_end", p.recipient_end);
      text(f, "archive_end", p.archive_end);
      text(f, "archive_prefix", p.archive_prefix);
      text(f, "purpose_format", p.purpose_format);
      num(f, "gap_before", p.closing_gap, 0, 200);
      num(f, "signature_left_fraction", p.signature_left_fraction, 0.2, 0.8);
      read_style(f, "authority", p.authority);
      read_style(f, "position", p.position);
      read_style(f, "signer", p.signer);
      num(f, "signature_space", p.signature_space, 0, 100);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("page_numbers"), "page_numbers", path, diags);
    if (f.ok()) {
      read_style(f, "style", p.page_number);
      if (auto v = f.integer("first", true, 1, 1000)) p.first_numbered_page = int(*v);
      num(f, "baseline_from_top", p.page_number_baseline, 1, 100);
      f.reject_unknown();
    }
  }
  {
    Fields f(top.child("draft"), "draft", path, diags);
    if (f.ok()) {
      text(f, "mark", p.draft_mark);
      read_style(f, "style", p.draft_style);
      f.reject_unknown();
    }
  }
  top.reject_unknown();

  for (std::size_t i = before; i < diags.all().size(); ++i)
    if (diags.all()[i].severity == Diagnostic::Severity::kError) return std::nullopt;
  return p;
}

std::vector<std::string> list_profiles(const std::string& profiles_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(profiles_dir, ec))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<Profile> load_profile(const std::string& name_or_alias,
                                    const std::string& profiles_dir, Diagnostics& diags,
                                    const SourceLoc& requested_at) {
  const auto names = list_profiles(profiles_dir);
  for (const auto& n : names)
    if (n == name_or_alias) return load_profile_file(profiles_dir + "/" + n + ".yaml", diags);
  // Aliases are declared inside the files.
  for (const auto& n : names) {
    try {
      YAML::Node root = YAML::LoadFile(profiles_dir + "/" + n + ".yaml");
      if (root.IsMap() && root["aliases"].IsSequence())
        for (const auto& a : root["aliases"])
          if (a.IsScalar() && a.Scalar() == name_or_alias)
            return load_profile_file(profiles_dir + "/" + n + ".yaml", diags);
    } catch (const YAML::Exception&) {
    }
  }
  std::string known;
  for (const auto& n : names) {
    known += (known.empty() ? "" : ", ") + n;
    try {
      YAML::Node root = YAML::LoadFile(profiles_dir + "/" + n + ".yaml");
      std::string aliases;
      if (root.IsMap() && root["aliases"].IsSequence())
        for (const auto& a : root["aliases"])
          if (a.IsScalar()) aliases += (aliases.empty() ? "" : ", ") + a.Scalar();
      if (!aliases.empty()) known += " (also: " + aliases + ")";
    } catch (const YAML::Exception&) {
    }
  }
  diags.error("unknown-profile", requested_at, "profile",
              "no rule profile named \"" + name_or_alias + "\"", "use one of: " + known);
  return std::nullopt;
}

}  // namespace vanthu::generator
