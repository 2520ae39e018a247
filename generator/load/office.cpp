// Office configuration: what does not change from one document to the next (issuing body,
// codes, place, the committee's terms, signers, named distribution lists), merged into a data
// file that names it with `office: FILE`.
#include <filesystem>
#include <set>

#include "load/loader.h"
#include "load/yaml_fields.h"

namespace vanthu::generator {

namespace fs = std::filesystem;

namespace {

bool is_text_or_lines(const YAML::Node& n) {
  if (n.IsScalar()) return true;
  if (!n.IsSequence()) return false;
  for (const auto& x : n)
    if (!x.IsScalar()) return false;
  return true;
}

bool is_recipient(const YAML::Node& n) {
  if (n.IsScalar()) return true;
  if (!n.IsMap()) return false;
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    if ((k != "text" && k != "purpose") || !kv.second.IsScalar()) return false;
  }
  return n["text"].IsDefined();
}

std::string keys_of(const YAML::Node& m) {
  std::string s;
  if (m.IsMap())
    for (const auto& kv : m) s += (s.empty() ? "" : ", ") + kv.first.Scalar();
  return s.empty() ? "(none)" : s;
}

}  // namespace

bool apply_office(YAML::Node& root, const std::string& data_path, Diagnostics& diags,
                  std::vector<Term>& terms) {
  const std::size_t before = diags.all().size();
  YAML::Node ref = root["office"];
  const SourceLoc at = loc_of(ref, data_path);
  if (!ref.IsScalar()) {
    diags.error("wrong-type", at, "office", "expected the path of an office configuration file",
                "write `office: office.yaml` (relative to this file)");
    return false;
  }
  fs::path path(ref.Scalar());
  if (path.is_relative()) path = fs::path(data_path).parent_path() / path;
  const std::string file = path.lexically_normal().string();
  YAML::Node office;
  try {
    office = YAML::LoadFile(file);
  } catch (const YAML::ParserException& e) {
    diags.error("syntax", {file, e.mark.line + 1, e.mark.column + 1}, "",
                "YAML syntax error: " + e.msg, "fix the office configuration");
    return false;
  } catch (const YAML::Exception&) {
    diags.error("io", at, "office", "cannot read the office configuration " + file,
                "check the path (it is relative to the data file)");
    return false;
  }

  // Check the office file on its own, so its mistakes are reported in it.
  Fields top(office, "", file, diags);
  if (!top.ok()) return false;
  top.str("profile", false);
  top.str("archive", false);
  for (const char* k : {"superior", "issuer", "issuer_code", "place"}) {
    YAML::Node n = top.child(k);
    if (n.IsDefined() && !n.IsNull() && !is_text_or_lines(n))
      diags.error("wrong-type", loc_of(n, file), k, "expected text or a list of lines");
  }
  YAML::Node t = top.child("terms");
  if (t.IsDefined()) {
    if (!t.IsSequence()) {
      diags.error("wrong-type", loc_of(t, file), "terms", "expected a list of terms",
                  "write `- {label: 2020-2025, from: 2020-09-15, to: 2025-10-14}`");
    } else {
      int i = 0;
      for (const auto& tn : t) {
        Fields tf(tn, "terms[" + std::to_string(i++) + "]", file, diags);
        if (!tf.ok()) continue;
        Term term;
        if (auto v = tf.str("label", true)) term.label = *v;
        for (const char* k : {"from", "to"}) {
          auto v = tf.str(k, std::string(k) == "from");
          if (!v) continue;
          auto d = parse_iso_date(*v);
          if (!d) {
            diags.error("bad-date", loc_of(tf.child(k), file), tf.path(k), "\"" + *v + "\" is not a real date",
                        "write YYYY-MM-DD");
            continue;
          }
          if (std::string(k) == "from") term.from = *d;
          else term.to = *d;
        }
        tf.reject_unknown();
        terms.push_back(term);
      }
    }
  }
  YAML::Node signers = top.child("signers");
  if (signers.IsDefined()) {
    Fields sf(signers, "signers", file, diags);
    if (sf.ok()) {
      for (const auto& kv : signers) {
        Fields one(kv.second, "signers." + kv.first.Scalar(), file, diags);
        if (!one.ok()) continue;
        one.str("authority", false);
        one.str("collective", false);
        one.str("name", true);
        YAML::Node pos = one.child("position");
        if (!pos.IsDefined() || !is_text_or_lines(pos))
          diags.error("missing-field", one.loc(), one.path("position"), "a position (text or lines) is required");
        one.reject_unknown();
      }
    }
  }
  YAML::Node lists = top.child("lists");
  if (lists.IsDefined()) {
    Fields lf(lists, "lists", file, diags);
    if (lf.ok()) {
      for (const auto& kv : lists) {
        const std::string p = "lists." + kv.first.Scalar();
        if (!kv.second.IsSequence()) {
          diags.error("wrong-type", loc_of(kv.second, file), p, "a distribution list is a list of recipients");
          continue;
        }
        for (const auto& r : kv.second)
          if (!is_recipient(r))
            diags.error("wrong-type", loc_of(r, file), p,
                        "a recipient is text or {text: …, purpose: …}");
      }
    }
  }
  top.reject_unknown();
  for (std::size_t i = before; i < diags.all().size(); ++i)
    if (diags.all()[i].severity == Diagnostic::Severity::kError) return false;

  // Merge: the data file wins wherever it says something.
  if (!root["profile"] && office["profile"]) root["profile"] = office["profile"];
  if (!root["header"]) root["header"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node header = root["header"];
  if (header.IsMap())
    for (const char* k : {"superior", "issuer", "issuer_code", "place"})
      if (!header[k] && office[k]) header[k] = office[k];

  YAML::Node sig = root["signature"];
  if (sig && sig.IsScalar()) {
    const std::string key = sig.Scalar();
    if (!signers.IsMap() || !signers[key]) {
      diags.error("unknown-signer", loc_of(sig, data_path), "signature",
                  "no signer \"" + key + "\" in " + file, "use one of: " + keys_of(signers));
    } else {
      root["signature"] = signers[key];
    }
  }

  YAML::Node rec = root["recipients"];
  if (rec && rec.IsMap()) {
    if (!rec["archive"] && office["archive"]) rec["archive"] = office["archive"];
    YAML::Node items = rec["items"];
    if (items && items.IsSequence()) {
      YAML::Node expanded(YAML::NodeType::Sequence);
      int i = 0;
      for (const auto& item : items) {
        const std::string p = "recipients.items[" + std::to_string(i++) + "]";
        if (item.IsMap() && item["list"]) {
          const std::string name = item["list"].IsScalar() ? item["list"].Scalar() : "";
          if (!lists.IsMap() || !lists[name]) {
            diags.error("unknown-list", loc_of(item["list"], data_path), p + ".list",
                        "no distribution list \"" + name + "\" in " + file,
                        "use one of: " + keys_of(lists));
            continue;
          }
          if (item.size() > 1)
            diags.error("unknown-field", loc_of(item, data_path), p,
                        "a list reference has only `list:`", "remove the other fields");
          for (const auto& r : lists[name]) expanded.push_back(r);
        } else {
          expanded.push_back(item);
        }
      }
      rec["items"] = expanded;
    }
  }
  for (std::size_t i = before; i < diags.all().size(); ++i)
    if (diags.all()[i].severity == Diagnostic::Severity::kError) return false;
  return true;
}

}  // namespace vanthu::generator
