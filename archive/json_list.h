// Internal: lists of strings stored in one catalog column as a JSON array ("[\"a\",\"b\"]").
#pragma once

#include <string>
#include <vector>

namespace vanthu::archive {

std::string to_json_list(const std::vector<std::string>& items);
// An empty or malformed value reads as an empty list.
std::vector<std::string> from_json_list(const std::string& json);

}  // namespace vanthu::archive
