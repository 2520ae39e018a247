// File output that never leaves a partial file: write to a temporary file in the target's
// directory, fsync, rename over the target, fsync the directory.
#pragma once

#include <string>
#include <string_view>

namespace vanthu::app {

// Throws std::runtime_error with the path and the system error on failure; the target is then
// untouched.
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace vanthu::app
