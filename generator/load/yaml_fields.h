// Typed access to the fields of a YAML mapping, with diagnostics that carry file:line:col and the
// dotted field path. Shared by the document loader and the profile loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>

#include "diag/diagnostic.h"

namespace vanthu::generator {

SourceLoc loc_of(const YAML::Node& n, const std::string& file);

class Fields {
 public:
  Fields(const YAML::Node& map, std::string path, std::string file, Diagnostics& diags);

  bool ok() const { return ok_; }  // false if the node is not a mapping (already reported)
  const YAML::Node& node() const { return map_; }
  std::string path(const std::string& key) const;
  SourceLoc loc() const { return loc_of(map_, file_); }

  // The child node, or an undefined node if absent. Marks the key as known.
  YAML::Node child(const std::string& key);
  bool has(const std::string& key);

  // Scalars. Missing required fields and wrong types are reported; the result is then empty.
  std::optional<std::string> str(const std::string& key, bool required);
  std::optional<double> number(const std::string& key, bool required, double min, double max);
  std::optional<long> integer(const std::string& key, bool required, long min, long max);
  std::optional<bool> boolean(const std::string& key, bool required);

  // Reports every key that was never asked for, with a "did you mean" hint.
  void reject_unknown();

  Diagnostics& diags() { return diags_; }
  const std::string& file() const { return file_; }

 private:
  YAML::Node map_;
  std::string path_;
  std::string file_;
  Diagnostics& diags_;
  std::set<std::string> known_;
  bool ok_ = true;
};

// A scalar as a string; reports a type error (with the field path) for maps and sequences.
std::optional<std::string> scalar_string(const YAML::Node& n, const std::string& field,
                                         const std::string& file, Diagnostics& diags);

}  // namespace vanthu::generator
