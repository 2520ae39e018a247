// Durable writes (see durable.h).
#include "archive/durable.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace vanthu::archive {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_error(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

}  // namespace

void fsync_path(const std::string& path, bool directory) {
  int fd = open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) io_error("cannot open", path, errno);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0) io_error("cannot flush", path, err);
}

// Writes `bytes` to `path` durably: a temporary file in the same directory, fchmod `mode`, fsync,
// rename over `path`, and (with `sync_dir`) fsync of the directory; callers writing many files
// flush the directories once at the end instead.
void write_durable(const std::string& path, std::string_view bytes, mode_t mode, bool sync_dir) {
  const std::string dir = fs::path(path).parent_path().string();
  std::string tmp = dir + "/.tmp-" + fs::path(path).filename().string().substr(0, 16) + "-XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) io_error("cannot create a file in", dir, errno);
  auto fail = [&](const char* what) {
    int err = errno;
    close(fd);
    unlink(tmp.c_str());
    io_error(what, tmp, err);
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (fchmod(fd, mode) != 0) fail("cannot set permissions of");
  if (fsync(fd) != 0) fail("cannot flush");
  if (close(fd) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    io_error("cannot close", tmp, err);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    io_error("cannot rename a file to", path, err);
  }
  if (sync_dir) fsync_path(dir, true);
}

}  // namespace vanthu::archive
