// Durable file writes shared by the archive: a file is either there whole or not at all.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace vanthu::archive {

// fsync of a file or a directory; std::runtime_error naming the path on failure.
void fsync_path(const std::string& path, bool directory);

// Writes `bytes` to `path` durably: a temporary file in the same directory, fchmod `mode`, fsync,
// rename over `path`, and (with `sync_dir`) fsync of the directory; callers writing many files
// flush the directories once at the end instead. std::runtime_error naming the path on failure;
// the temporary file is removed.
void write_durable(const std::string& path, std::string_view bytes, mode_t mode,
                   bool sync_dir = true);

}  // namespace vanthu::archive
