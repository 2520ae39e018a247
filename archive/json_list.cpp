// JSON arrays of strings for list-valued catalog columns (nlohmann-json).
#include "archive/json_list.h"

#include <nlohmann/json.hpp>

namespace vanthu::archive {

std::string to_json_list(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::vector<std::string> from_json_list(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& x : j)
    if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace vanthu::archive
