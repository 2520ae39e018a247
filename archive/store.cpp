// Content-addressed PDF files (POSIX write/fsync/rename) and the `documents` catalog table.
#include "archive/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/json_list.h"
#include "archive/sha256.h"
#include "archive/text/fold.h"
#include "archive/text/tokenizer.h"

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
    "bytes, sha256, profile, source, created_at, place, language, confidentiality, source_file, "
    "needs_ocr, missing_fields, imported_at, corrects";

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
  d.place = st.text(16);
  d.language = st.text(17);
  d.confidentiality = st.text(18);
  d.source_file = st.text(19);
  d.needs_ocr = st.integer(20) != 0;
  d.missing_fields = from_json_list(st.text(21));
  d.imported_at = st.text(22);
  if (!st.is_null(23)) d.corrects = st.integer(23);
  return d;
}

// "Số 05-CT/HU", "Số: 12/QĐ-UBND" → the symbol without the word "Số".
std::string_view strip_so(std::string_view s) {
  auto trim = [](std::string_view v) {
    const char* ws = " \t\r\n";
    const auto b = v.find_first_not_of(ws);
    if (b == std::string_view::npos) return std::string_view();
    return v.substr(b, v.find_last_not_of(ws) - b + 1);
  };
  s = trim(s);
  for (std::string_view prefix : {"Số:", "Số", "số:", "số", "SỐ:", "SỐ"}) {
    if (s.substr(0, prefix.size()) == prefix) return trim(s.substr(prefix.size()));
  }
  return s;
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

int64_t Store::add_document(const DocumentRecord& d, std::optional<std::string_view> text) {
  if (d.source != "issued" && d.source != "imported")
    throw UserError("a document's source is \"issued\" or \"imported\", not \"" + d.source + "\"");
  if (d.corrects && !document(*d.corrects))
    throw UserError("document " + std::to_string(*d.corrects) +
                    " (the one this document corrects) is not in the archive");
  Statement& st = db_.cached(
      "INSERT INTO documents (kind, number, symbol, issuer, issuer_code, date, subject, "
      "signer, recipients, pages, bytes, sha256, profile, source, place, language, "
      "confidentiality, source_file, needs_ocr, missing_fields, imported_at, corrects) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, d.kind)
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
      .bind(15, d.place)
      .bind(16, d.language.empty() ? std::string("vi") : d.language)
      .bind(17, d.confidentiality)
      .bind(18, d.source_file)
      .bind(19, static_cast<int64_t>(d.needs_ocr ? 1 : 0))
      .bind(20, to_json_list(d.missing_fields))
      .bind(22, d.corrects);
  if (d.imported_at.empty())
    st.bind_null(21);
  else
    st.bind(21, d.imported_at);
  st.run();
  const int64_t id = db_.last_insert_id();
  if (text) set_text(id, *text);
  return id;
}

void Store::set_text(int64_t id, std::string_view text) {
  const std::string clean = text::clean_text(text);
  if (has_text(id)) {
    db_.cached("UPDATE document_text SET text = ? WHERE document_id = ?")
        .bind(1, clean)
        .bind(2, id)
        .run();
  } else {
    db_.cached("INSERT INTO document_text (document_id, text) VALUES (?, ?)")
        .bind(1, id)
        .bind(2, clean)
        .run();
  }
}

std::optional<std::string> Store::text(int64_t id) const {
  auto st = db_.prepare("SELECT text FROM document_text WHERE document_id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

bool Store::has_text(int64_t id) const {
  Statement& st = db_.cached("SELECT 1 FROM document_text WHERE document_id = ?");
  st.bind(1, id);
  const bool found = st.step();
  st.reset();
  return found;
}

std::vector<DocumentRecord> Store::find_by_symbol(std::string_view symbol) const {
  const std::string_view target = strip_so(symbol);
  std::vector<DocumentRecord> out;
  if (target.empty()) return out;
  // A document number: the index's term for a document's own number (also equates "5-CT/HU"
  // with "05-CT/HU"); anything else: the folded symbol, compared row by row.
  const auto words = text::split_words(target);
  const bool number = words.size() == 1 && words[0].number && words[0].span.begin == 0 &&
                      words[0].span.end == target.size();
  std::string ids;
  if (number) {
    engine::Query q;
    q.required.push_back("#" + text::number_term(target));
    for (const auto& h : engine::TextIndex::of(db_)->search(db_, q, {}, false, 0, 10000).hits)
      ids += (ids.empty() ? "" : ",") + std::to_string(h.id);
  }
  // Documents not indexed yet (no text row) are compared folded, as any non-number symbol is.
  const std::string sql =
      std::string("SELECT ") + kDocColumns + " FROM documents WHERE " +
      (number
           ? "id IN (" + ids +
                 ") OR "
                 "(id IN (SELECT document_id FROM document_text_pending) AND vi_fold(symbol) = ?1)"
           : "vi_fold(symbol) = ?1") +
      " ORDER BY id";
  auto st = db_.prepare(sql);
  st.bind(1, text::fold(target));
  while (st.step()) out.push_back(read_doc(st));
  return out;
}

std::string Store::read_pdf(const DocumentRecord& d) const {
  const std::string path = pdf_path(d);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw std::runtime_error("the stored PDF of document " + std::to_string(d.id) +
                             " is missing: " + path);
  std::string bytes = read_whole(path);
  if (sha256_hex(bytes) != d.sha256)
    throw std::runtime_error("the stored PDF of document " + std::to_string(d.id) +
                             " is damaged (its SHA-256 is not the recorded one): " + path);
  return bytes;
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
