// Field access helpers for YAML mappings with located diagnostics.
#include "load/yaml_fields.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "text/unicode.h"

namespace vanthu::generator {

namespace {

const char* kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "empty";
    default:
      return "a single value";
  }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

SourceLoc loc_of(const YAML::Node& n, const std::string& file) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

Fields::Fields(const YAML::Node& map, std::string path, std::string file, Diagnostics& diags)
    : map_(map), path_(std::move(path)), file_(std::move(file)), diags_(diags) {
  if (!map_.IsMap()) {
    ok_ = false;
    diags_.error("wrong-type", loc_of(map_, file_), path_,
                 std::string("expected a mapping of fields, found ") + kind_name(map_),
                 "write it as `key: value` lines");
  }
}

std::string Fields::path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

YAML::Node Fields::child(const std::string& key) {
  known_.insert(key);
  if (!ok_) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& m = map_;
  return m[key];
}

bool Fields::has(const std::string& key) {
  YAML::Node n = child(key);
  return n.IsDefined() && !n.IsNull();
}

std::optional<std::string> scalar_string(const YAML::Node& n, const std::string& field,
                                         const std::string& file, Diagnostics& diags) {
  if (!n.IsScalar()) {
    diags.error("wrong-type", loc_of(n, file), field,
                std::string("expected text, found ") + kind_name(n),
                "write the value on the same line as the key, quoted if it contains ': '");
    return std::nullopt;
  }
  const std::string& raw = n.Scalar();
  std::size_t bad = 0;
  if (!text::valid_utf8(raw, &bad)) {
    diags.error("bad-encoding", loc_of(n, file), field,
                "text is not valid UTF-8 (byte " + std::to_string(bad) + " of the value)",
                "save the file as UTF-8");
    return std::nullopt;
  }
  return text::to_nfc(raw);
}

std::optional<std::string> Fields::str(const std::string& key, bool required) {
  YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) {
    if (required)
      diags_.error("missing-field", loc(), path(key), "required field is missing",
                   "add `" + key + ": …`");
    return std::nullopt;
  }
  return scalar_string(n, path(key), file_, diags_);
}

std::optional<double> Fields::number(const std::string& key, bool required, double min,
                                     double max) {
  auto s = str(key, required);
  if (!s) return std::nullopt;
  YAML::Node n = child(key);
  try {
    std::size_t used = 0;
    double v = std::stod(*s, &used);
    if (used != s->size() || !std::isfinite(v)) throw std::invalid_argument("x");
    if (v < min || v > max) {
      diags_.error("out-of-range", loc_of(n, file_), path(key),
                   "value " + *s + " is out of range",
                   "use a number from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return v;
  } catch (const std::exception&) {
    diags_.error("wrong-type", loc_of(n, file_), path(key), "expected a number, found \"" + *s + "\"",
                 "write a plain number such as 14");
    return std::nullopt;
  }
}

std::optional<long> Fields::integer(const std::string& key, bool required, long min, long max) {
  auto s = str(key, required);
  if (!s) return std::nullopt;
  YAML::Node n = child(key);
  bool digits = !s->empty() && s->size() < 12 &&
                std::all_of(s->begin(), s->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    diags_.error("wrong-type", loc_of(n, file_), path(key),
                 "expected a whole number, found \"" + *s + "\"", "write digits only, e.g. 28");
    return std::nullopt;
  }
  long v = std::stol(*s);
  if (v < min || v > max) {
    diags_.error("out-of-range", loc_of(n, file_), path(key), "number " + *s + " is out of range",
                 "use a number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Fields::boolean(const std::string& key, bool required) {
  auto s = str(key, required);
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes") return true;
  if (*s == "false" || *s == "no") return false;
  diags_.error("wrong-type", loc_of(child(key), file_), path(key),
               "expected true or false, found \"" + *s + "\"", "write true or false");
  return std::nullopt;
}

void Fields::reject_unknown() {
  if (!ok_) return;
  std::set<std::string> seen;
  for (const auto& kv : map_) {
    if (!kv.first.IsScalar()) {
      diags_.error("bad-key", loc_of(kv.first, file_), path_, "field names must be plain text");
      continue;
    }
    const std::string key = kv.first.Scalar();
    if (!seen.insert(key).second) {
      // yaml-cpp keeps the first value and drops the second silently.
      diags_.error("duplicate-key", loc_of(kv.first, file_), path(key), "field is written twice",
                   "keep one of the two lines");
      continue;
    }
    if (known_.count(key)) continue;
    std::string best;
    std::size_t best_d = 3;
    for (const auto& k : known_) {
      std::size_t d = edit_distance(key, k);
      if (d < best_d) {
        best_d = d;
        best = k;
      }
    }
    std::string hint = best.empty() ? "remove it; see docs/data-format.md for the fields"
                                    : "did you mean `" + best + "`?";
    diags_.error("unknown-field", loc_of(kv.first, file_), path(key), "unknown field", hint);
  }
}

}  // namespace vanthu::generator
