// Atomic file replacement with POSIX calls.
#include "app/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace vanthu::app {

void write_file_atomic(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0)
    throw std::runtime_error("cannot create a file in " + dir.string() + ": " + std::strerror(errno));
  auto fail = [&](const char* what) {
    int e = errno;
    close(fd);
    unlink(tmpl.c_str());
    throw std::runtime_error(std::string(what) + " " + path + ": " + std::strerror(e));
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
  if (fchmod(fd, 0644) != 0) fail("cannot set permissions of");
  if (fsync(fd) != 0) fail("cannot flush");
  if (close(fd) != 0) {
    unlink(tmpl.c_str());
    throw std::runtime_error("cannot close " + path + ": " + std::strerror(errno));
  }
  if (rename(tmpl.c_str(), path.c_str()) != 0) {
    int e = errno;
    unlink(tmpl.c_str());
    throw std::runtime_error("cannot replace " + path + ": " + std::strerror(e));
  }
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
}

}  // namespace vanthu::app
