// Content-addressed PDF files (POSIX write/fsync/rename) and the `documents` catalog table.
#include "archive/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "archive/json_list.h"
#include "archive/sha256.h"

namespace vanthu::archive {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_error(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

void fsync_dir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) io_error("cannot open directory", dir, errno);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0) io_error("cannot flush directory", dir, err);
}

// Makes `dir` (one level under an existing parent) and flushes the parent, so the new entry
// survives a crash together with the file that will be put in it.
void ensure_dir(const std::string& dir, const std::string& parent) {
  if (mkdir(dir.c_str(), 0755) == 0) {
    fsync_dir(parent);
  } else if (errno != EEXIST) {
    io_error("cannot create directory", dir, errno);
  }
}

std::string read_whole(const std::string& path) {
  std::string out;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

constexpr const char* kDocColumns =
    "id, kind, number, symbol, issuer, issuer_code, date, subject, signer, recipients, pages, "
    "bytes, sha256, profile, source, created_at";

DocumentRecord read_doc(const Statement& st) {
  DocumentRecord d;
  d.id = st.integer(0);
  d.kind = st.text(1);
  if (!st.is_null(2)) d.number = st.integer(2);
  d.symbol = st.text(3);
  d.issuer = st.text(4);
  d.issuer_code = st.text(5);
  d.date = st.text(6);
  d.subject = st.text(7);
  d.signer = st.text(8);
  d.recipients = from_json_list(st.text(9));
  d.pages = static_cast<int>(st.integer(10));
  d.bytes = st.integer(11);
  d.sha256 = st.text(12);
  d.profile = st.text(13);
  d.source = st.text(14);
  d.created_at = st.text(15);
  return d;
}

}  // namespace

StoredBlob Store::put_pdf(std::string_view bytes) {
  StoredBlob b;
  b.sha256 = sha256_hex(bytes);
  b.path = dir_.blob_path(b.sha256);
  b.bytes = static_cast<int64_t>(bytes.size());

  // An identical file is already there (files only ever appear by rename, so they are whole);
  // the comparison also repairs a file damaged on disk by writing it again.
  std::error_code ec;
  if (fs::is_regular_file(b.path, ec) && fs::file_size(b.path, ec) == bytes.size() &&
      read_whole(b.path) == bytes) {
    b.existed = true;
    return b;
  }

  const std::string sub = fs::path(b.path).parent_path().string();
  ensure_dir(dir_.pdf_dir(), dir_.root());
  ensure_dir(sub, dir_.pdf_dir());

  std::string tmp = sub + "/.tmp-" + b.sha256.substr(0, 16) + "-XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) io_error("cannot create a file in", sub, errno);
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
  // Stored PDFs are read-only: nothing should change an issued document's file.
  if (fchmod(fd, 0444) != 0) fail("cannot set permissions of");
  if (fsync(fd) != 0) fail("cannot flush");
  if (close(fd) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    io_error("cannot close", tmp, err);
  }
  if (rename(tmp.c_str(), b.path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    io_error("cannot rename a file to", b.path, err);
  }
  fsync_dir(sub);
  return b;
}

int64_t Store::add_document(const DocumentRecord& d) {
  db_.prepare(
         "INSERT INTO documents (kind, number, symbol, issuer, issuer_code, date, subject, "
         "signer, recipients, pages, bytes, sha256, profile, source) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, d.kind)
      .bind(2, d.number)
      .bind(3, d.symbol)
      .bind(4, d.issuer)
      .bind(5, d.issuer_code)
      .bind(6, d.date)
      .bind(7, d.subject)
      .bind(8, d.signer)
      .bind(9, to_json_list(d.recipients))
      .bind(10, static_cast<int64_t>(d.pages))
      .bind(11, d.bytes)
      .bind(12, d.sha256)
      .bind(13, d.profile)
      .bind(14, d.source)
      .run();
  return db_.last_insert_id();
}

std::optional<DocumentRecord> Store::document(int64_t id) const {
  auto st = db_.prepare(std::string("SELECT ") + kDocColumns + " FROM documents WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_doc(st);
}

std::vector<DocumentRecord> Store::documents() const {
  auto st = db_.prepare(std::string("SELECT ") + kDocColumns + " FROM documents ORDER BY id");
  std::vector<DocumentRecord> out;
  while (st.step()) out.push_back(read_doc(st));
  return out;
}

}  // namespace vanthu::archive
