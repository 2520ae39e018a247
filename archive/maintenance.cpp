// verify, backup and restore of an archive directory (see maintenance.h, docs/maintenance.md).
//
// Every function here opens its own SQLite connection with the plain C API: verify must be able
// to look at a catalog it cannot migrate (damaged, or made by another version), and backup and
// restore work on whole database files. The catalog's Statement class is reused for queries.
#include "archive/maintenance.h"

#include "archive/durable.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "archive/archive_dir.h"
#include "archive/catalog.h"
#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/index.h"
#include "archive/sha256.h"

namespace vanthu::archive {

namespace fs = std::filesystem;

namespace {

// ---- small helpers -----------------------------------------------------------------------------

[[noreturn]] void io_error(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The whole file in `out`; 0, or the errno of the failure (ENOENT for a missing file).
int read_whole(const std::string& path, std::string& out) {
  out.clear();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat st {};
  if (fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      return err;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return 0;
}

// Copies `from` to `to` (created, mode 0644, flushed) in blocks and returns the SHA-256 of the
// bytes copied, so a large catalog is never held in memory. Throws std::runtime_error.
std::string copy_hashed(const std::string& from, const std::string& to) {
  int in = open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) io_error("cannot open", from, errno);
  int out = open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    int err = errno;
    close(in);
    io_error("cannot create", to, err);
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  auto fail = [&](const std::string& what, const std::string& path, int err) {
    EVP_MD_CTX_free(ctx);
    close(in);
    close(out);
    unlink(to.c_str());
    io_error(what, path, err);
  };
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
    fail("SHA-256 failed for", from, EINVAL);
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot read", from, errno);
    if (n == 0) break;
    EVP_DigestUpdate(ctx, buf, static_cast<std::size_t>(n));
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out, buf + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) fail("cannot write", to, errno);
      done += w;
    }
  }
  if (fsync(out) != 0) fail("cannot flush", to, errno);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  close(in);
  if (close(out) != 0) {
    int err = errno;
    unlink(to.c_str());
    io_error("cannot close", to, err);
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xF];
  }
  return hex;
}

// SHA-256 of a whole file, read in blocks.
std::string sha256_file(const std::string& path) {
  int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) io_error("cannot open", path, errno);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    close(in);
    throw std::runtime_error("SHA-256 computation failed (OpenSSL)");
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      EVP_MD_CTX_free(ctx);
      close(in);
      io_error("cannot read", path, err);
    }
    if (n == 0) break;
    EVP_DigestUpdate(ctx, buf, static_cast<std::size_t>(n));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  close(in);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xF];
  }
  return hex;
}

void make_dir(const std::string& dir) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    io_error("cannot create directory", dir, errno);
}

// "pdf/ab/abcd….pdf": a stored PDF's path relative to the archive (or backup) directory.
std::string rel_blob(const std::string& sha) {
  return "pdf/" + sha.substr(0, 2) + "/" + sha + ".pdf";
}

// A directory that does not exist, or exists and is empty. Throws UserError for anything else.
// Returns whether it exists.
bool require_absent_or_empty(const fs::path& p, const std::string& role, const std::string& hint) {
  std::error_code ec;
  auto st = fs::symlink_status(p, ec);
  if (ec || st.type() == fs::file_type::not_found) return false;
  if (st.type() != fs::file_type::directory)
    throw UserError(role + " " + p.string() + " exists and is not a directory", hint);
  if (!fs::is_empty(p, ec) || ec) throw UserError(role + " " + p.string() + " is not empty", hint);
  return true;
}

bool is_inside(const fs::path& inner, const fs::path& outer) {
  auto a = fs::weakly_canonical(inner).lexically_normal();
  auto b = fs::weakly_canonical(outer).lexically_normal();
  auto [ai, bi] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return bi == b.end();
}

// ---- SQLite ------------------------------------------------------------------------------------

// One raw connection, closed on destruction.
class Db {
 public:
  // `uri` may be a path or a file: URI. Throws std::runtime_error.
  Db(const std::string& uri, int flags) {
    if (sqlite3_open_v2(uri.c_str(), &db_, flags | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error("cannot open " + uri + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      throw std::runtime_error("SQL error (" + sql.substr(0, 40) + "): " + msg);
    }
  }
  Statement prepare(const std::string& sql) { return Statement(db_, sql); }
  int64_t integer(const std::string& sql) {
    auto st = prepare(sql);
    return st.step() ? st.integer(0) : 0;
  }
  std::vector<std::string> texts(const std::string& sql) {
    auto st = prepare(sql);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
  }
  bool has_table(const std::string& name) {
    auto st = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step();
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// ---- the catalog snapshot verify works on ------------------------------------------------------

struct DocRow {
  int64_t id = 0;
  std::string sha256;
  int64_t bytes = 0;
  std::optional<int64_t> number;
  std::string symbol;
  std::string source;
};

struct EntryRow {
  int64_t id = 0;
  int64_t series_id = 0;
  int64_t number = 0;
  std::string symbol;
  std::optional<int64_t> document_id;
  std::string status;
};

struct SeriesRow {
  std::string family, issuer, kind, period;
  std::string describe() const {
    std::string s = issuer;
    if (!kind.empty()) s += " · " + kind;
    s += (family == "party" ? " · term " : " · year ") + period;
    return s;
  }
};

// The full-text tables, as found in sqlite_master. Their names are not fixed here: any FTS5
// table, and any ordinary table with "text" in its name that refers to documents (the text
// table), so verify follows the schema as it evolves.
struct TextTable {
  std::string name;
  std::string doc_column;  // the column holding the document id
  // A queue of documents waiting for their text (only the id column, or "pending"/"queue" in
  // its name), not a table of texts.
  bool queue = false;
};
std::vector<TextTable> find_text_tables(Db& db) {
  std::vector<TextTable> out;
  auto fts = db.texts(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
  auto names = db.texts(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
      "sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND lower(name) LIKE '%text%' ORDER BY name");
  for (const auto& name : names) {
    bool shadow = std::any_of(fts.begin(), fts.end(), [&](const std::string& f) {
      return name.size() > f.size() && name.compare(0, f.size() + 1, f + "_") == 0;
    });
    if (shadow) continue;
    TextTable t{name, {}};
    {
      auto st = db.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)");
      st.bind(1, name);
      while (st.step())
        if (lower(st.text(1)) == "documents") t.doc_column = st.text(0);
    }
    int columns = 0;
    {
      auto st = db.prepare("SELECT name FROM pragma_table_info(?)");
      st.bind(1, name);
      while (st.step()) {
        ++columns;
        std::string c = lower(st.text(0));
        if (t.doc_column.empty() && (c == "document_id" || c == "doc_id"))
          t.doc_column = st.text(0);
      }
    }
    const std::string l = lower(name);
    t.queue = columns == 1 || l.find("pending") != std::string::npos ||
              l.find("queue") != std::string::npos;
    if (!t.doc_column.empty()) out.push_back(t);
  }
  return out;
}

class Verifier {
 public:
  explicit Verifier(const std::string& dir) : dir_(dir) { rep_.archive_dir = dir_.root(); }

  VerifyReport run() {
    if (!dir_.has_catalog())
      throw UserError("no archive at " + dir_.root() + " (catalog.sqlite not found)",
                      "pass --archive DIR or set $VANTHU_ARCHIVE");
    Db db(dir_.catalog_path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX);
    try {
      check_catalog_file(db);
      if (!read_snapshot(db)) return std::move(rep_);
    } catch (const std::runtime_error& e) {
      error("catalog-unreadable", std::string("the catalog cannot be read: ") + e.what(),
            "restore the latest backup into a new directory (vanthu restore BACKUP --archive "
            "NEWDIR), or salvage what is left with `sqlite3 catalog.sqlite .recover`");
      return std::move(rep_);
    }
    check_pdfs();
    scan_pdf_dir(db);
    check_register();
    check_text_and_index();
    return std::move(rep_);
  }

 private:
  Finding& add(FindingSeverity sev, std::string check, std::string message, std::string action) {
    Finding f;
    f.severity = sev;
    f.check = std::move(check);
    f.message = std::move(message);
    f.action = std::move(action);
    rep_.findings.push_back(std::move(f));
    return rep_.findings.back();
  }
  Finding& error(std::string check, std::string message, std::string action) {
    return add(FindingSeverity::kError, std::move(check), std::move(message), std::move(action));
  }
  Finding& warning(std::string check, std::string message, std::string action) {
    return add(FindingSeverity::kWarning, std::move(check), std::move(message), std::move(action));
  }

  std::string doc_name(int64_t id) const {
    auto it = docs_.find(id);
    std::string s = "document " + std::to_string(id);
    if (it != docs_.end() && !it->second.symbol.empty()) s += " (" + it->second.symbol + ")";
    return s;
  }

  // SQLite's own checks of the database file.
  void check_catalog_file(Db& db) {
    static const char* kRestore =
        "the catalog file is damaged: restore it from the latest backup (vanthu restore BACKUP "
        "--archive NEWDIR), or salvage it with `sqlite3 catalog.sqlite .recover`";
    for (const auto& row : db.texts("PRAGMA integrity_check"))
      if (row != "ok") error("catalog-integrity", "SQLite integrity_check: " + row, kRestore);
    auto st = db.prepare("PRAGMA foreign_key_check");
    while (st.step()) {
      std::string table = st.text(0), parent = st.text(2);
      Finding& f = error("catalog-foreign-key",
                         "row " + std::to_string(st.integer(1)) + " of table " + table +
                             " refers to a row of " + parent + " that does not exist",
                         "the catalog has been changed outside vanthu or is damaged: restore it "
                         "from a backup");
      if (table == "register") f.register_id = st.integer(1);
      if (table == "documents") f.document_id = st.integer(1);
    }
  }

  // Reads what the other checks need in one read transaction. False when the schema is not one
  // verify knows.
  bool read_snapshot(Db& db) {
    db.exec("BEGIN");
    struct End {
      Db& db;
      ~End() {
        try {
          db.exec("COMMIT");
        } catch (...) {
        }
      }
    } end{db};
    rep_.counts.schema_version = db.integer("PRAGMA user_version");
    rep_.counts.catalog_read = true;
    if (db.integer("SELECT count(*) FROM sqlite_master") == 0 && rep_.counts.schema_version == 0) {
      warning("catalog-empty",
              "the catalog has no tables yet: the first `issue` into this archive was "
              "interrupted before it created them",
              "nothing to do; the next `issue` creates them");
      return false;
    }
    for (const char* t : {"documents", "series", "register"}) {
      if (!db.has_table(t)) {
        error("catalog-schema", std::string("the catalog has no table \"") + t + "\"",
              "this is not a vanthu catalog, or it is damaged: restore it from a backup");
        return false;
      }
    }
    {
      auto st = db.prepare("SELECT id, sha256, bytes, number, symbol, source FROM documents");
      while (st.step()) {
        DocRow d;
        d.id = st.integer(0);
        d.sha256 = st.text(1);
        d.bytes = st.integer(2);
        if (!st.is_null(3)) d.number = st.integer(3);
        d.symbol = st.text(4);
        d.source = st.text(5);
        docs_[d.id] = d;
      }
    }
    {
      auto st = db.prepare("SELECT id, family, issuer, kind, period FROM series");
      while (st.step())
        series_[st.integer(0)] = SeriesRow{st.text(1), st.text(2), st.text(3), st.text(4)};
    }
    {
      auto st = db.prepare(
          "SELECT id, series_id, number, symbol, document_id, status FROM register "
          "ORDER BY series_id, number, id");
      while (st.step()) {
        EntryRow e;
        e.id = st.integer(0);
        e.series_id = st.integer(1);
        e.number = st.integer(2);
        e.symbol = st.text(3);
        if (!st.is_null(4)) e.document_id = st.integer(4);
        e.status = st.text(5);
        entries_.push_back(e);
      }
    }
    rep_.counts.documents = static_cast<int64_t>(docs_.size());
    rep_.counts.series = static_cast<int64_t>(series_.size());
    rep_.counts.register_entries = static_cast<int64_t>(entries_.size());

    // The full-text tables are derived data: damage there is reported, and the other checks go on.
    try {
      for (const auto& t : find_text_tables(db)) {
        if (t.queue) {
          auto st =
              db.prepare("SELECT " + quote_ident(t.doc_column) + " FROM " + quote_ident(t.name) +
                         " WHERE " + quote_ident(t.doc_column) + " IS NOT NULL");
          std::set<int64_t>& ids = queue_rows_[t.name];
          while (st.step()) ids.insert(st.integer(0));
          continue;
        }
        std::map<int64_t, int> count;
        auto st =
            db.prepare("SELECT " + quote_ident(t.doc_column) + " FROM " + quote_ident(t.name));
        while (st.step()) {
          if (st.is_null(0)) {
            ++text_null_[t.name];
            continue;
          }
          ++count[st.integer(0)];
        }
        text_rows_[t.name] = count;
      }
    } catch (const std::exception& e) {
      fts_failure_ = e.what();  // reported alone: what was read before the failure is dropped
      text_rows_.clear();
      text_null_.clear();
      queue_rows_.clear();
    }
    // The full-text index (archive/engine), read afresh and compared with the texts.
    try {
      Catalog cat(dir_.catalog_path(), false);
      index_ = engine::inspect_index(cat);
      index_read_ = true;
    } catch (const std::exception& e) {
      fts_failure_ = e.what();
    }
    return true;
  }

  // Every document's PDF is there and has the hash it is named by.
  void check_pdfs() {
    std::map<std::string, std::vector<int64_t>> by_hash;
    for (const auto& [id, d] : docs_) by_hash[d.sha256].push_back(id);
    for (const auto& [sha, ids] : by_hash) {
      if (!is_hex64(sha)) {
        for (int64_t id : ids)
          error("catalog-bad-hash",
                doc_name(id) + ": the catalog's sha256 \"" + sha + "\" is not 64 hex digits",
                "the catalog row is damaged: restore the catalog from a backup")
              .document_id = id;
        continue;
      }
      referenced_.insert(sha);
      const std::string rel = rel_blob(sha);
      const std::string path = dir_.blob_path(sha);
      std::string bytes;
      int err = read_whole(path, bytes);
      if (err == ENOENT) {
        for (int64_t id : ids) {
          Finding& f = error("pdf-missing", doc_name(id) + ": its PDF " + rel + " is missing",
                             "copy " + rel + " back from a backup (the backup's " + rel +
                                 " is the same file; its name is its SHA-256)");
          f.document_id = id;
          f.path = rel;
        }
        continue;
      }
      if (err != 0) {
        for (int64_t id : ids) {
          Finding& f =
              error("pdf-unreadable",
                    doc_name(id) + ": its PDF " + rel + " cannot be read: " + std::strerror(err),
                    "check the file's permissions and the disk; restore it from a "
                    "backup if it is damaged");
          f.document_id = id;
          f.path = rel;
        }
        continue;
      }
      ++rep_.counts.pdf_hashed;
      rep_.counts.bytes_hashed += static_cast<int64_t>(bytes.size());
      const std::string actual = sha256_hex(bytes);
      if (actual != sha) {
        for (int64_t id : ids) {
          Finding& f = error(
              "pdf-damaged",
              doc_name(id) + ": its PDF " + rel + " is damaged: its content has SHA-256 " + actual +
                  " (" + std::to_string(bytes.size()) + " bytes), not the " + sha +
                  " its name and the catalog give (" + std::to_string(docs_[id].bytes) + " bytes)",
              "replace " + rel +
                  " with the same file from a backup (check it with sha256sum); "
                  "do not issue the document again");
          f.document_id = id;
          f.path = rel;
        }
        continue;
      }
      for (int64_t id : ids) {
        if (docs_[id].bytes != static_cast<int64_t>(bytes.size())) {
          Finding& f = error("catalog-size",
                             doc_name(id) + ": the catalog says its PDF has " +
                                 std::to_string(docs_[id].bytes) + " bytes, " + rel + " has " +
                                 std::to_string(bytes.size()),
                             "the catalog row is damaged: restore the catalog from a backup");
          f.document_id = id;
          f.path = rel;
        }
      }
      struct stat st {};
      if (stat(path.c_str(), &st) == 0 && (st.st_mode & 0222) != 0) {
        Finding& f = warning("pdf-writable", rel + " can be written to; stored PDFs are read-only",
                             "chmod 0444 " + rel);
        f.path = rel;
        f.document_id = ids.front();
      }
    }
  }

  // Every file under pdf/ is a stored PDF that the catalog references.
  void scan_pdf_dir(Db& db) {
    const std::string pdf = dir_.pdf_dir();
    std::error_code ec;
    if (!fs::is_directory(pdf, ec)) return;  // missing PDFs are reported per document
    std::vector<std::string> candidates;
    for (fs::directory_iterator it(pdf, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string sub = it->path().filename().string();
      std::error_code e2;
      if (!it->is_directory(e2) || sub.size() != 2 || !is_hex64(sub + std::string(62, '0'))) {
        Finding& f =
            warning("unexpected-file", "pdf/" + sub + " is not something vanthu stores in pdf/",
                    "move it out of the archive directory");
        f.path = "pdf/" + sub;
        continue;
      }
      for (fs::directory_iterator jt(it->path(), e2), jend; !e2 && jt != jend; jt.increment(e2)) {
        const std::string name = jt->path().filename().string();
        const std::string rel = "pdf/" + sub + "/" + name;
        if (name.rfind(".tmp-", 0) == 0) {
          Finding& f =
              warning("pdf-temp-file",
                      rel +
                          " is a temporary file: an `issue` was interrupted while writing its PDF "
                          "(or is writing it now)",
                      "harmless; it can be deleted when no `issue` is running");
          f.path = rel;
          continue;
        }
        const std::string sha = name.size() == 68 ? name.substr(0, 64) : std::string();
        if (!is_hex64(sha) || name.substr(64) != ".pdf" || sha.compare(0, 2, sub) != 0) {
          Finding& f = warning("unexpected-file",
                               rel + " is not named like a stored PDF (pdf/ab/<sha256>.pdf)",
                               "move it out of the archive directory");
          f.path = rel;
          continue;
        }
        ++rep_.counts.pdf_files;
        if (!referenced_.count(sha)) candidates.push_back(sha);
      }
      if (e2) io_error("cannot list", it->path().string(), e2.value());
    }
    if (ec) io_error("cannot list", pdf, ec.value());

    // A file written by an `issue` that committed after the snapshot is referenced by now.
    for (const auto& sha : candidates) {
      Statement q(db.get(), "SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1");
      q.bind(1, sha);
      if (q.step()) continue;
      std::string bytes;
      const bool intact = read_whole(dir_.blob_path(sha), bytes) == 0 && sha256_hex(bytes) == sha;
      Finding& f =
          warning("pdf-orphan",
                  rel_blob(sha) + " is not referenced by any document in the catalog" +
                      (intact ? "" : "; its content does not match its name either"),
                  "left by an `issue` that was interrupted before its commit (or one running now): "
                  "harmless, the number it was to take is still free; it can be deleted when no "
                  "`issue` is running");
      f.path = rel_blob(sha);
    }
  }

  // Register entries point at their documents; each series is numbered 1..n.
  void check_register() {
    std::map<int64_t, std::vector<const EntryRow*>> by_doc;
    std::map<int64_t, std::vector<const EntryRow*>> by_series;
    for (const auto& e : entries_) {
      by_series[e.series_id].push_back(&e);
      const std::string who = "register entry " + std::to_string(e.id) + " (" + e.symbol + ")";
      if (!e.document_id) {
        if (e.status == "issued") {
          Finding& f = error("register-no-document", who + " is issued but names no document",
                             "the catalog has been changed outside vanthu: restore it from a "
                             "backup, or void the number (vanthu register void)");
          f.register_id = e.id;
          f.series_id = e.series_id;
        }
        continue;
      }
      by_doc[*e.document_id].push_back(&e);
      auto it = docs_.find(*e.document_id);
      if (it == docs_.end()) {
        Finding& f = error("register-dangling-document",
                           who + " points at document " + std::to_string(*e.document_id) +
                               ", which is not in the catalog",
                           "the catalog has been changed outside vanthu or is damaged: restore "
                           "it from a backup");
        f.register_id = e.id;
        f.document_id = *e.document_id;
        f.series_id = e.series_id;
        continue;
      }
      const DocRow& d = it->second;
      if (d.number != e.number || d.symbol != e.symbol) {
        Finding& f =
            error("register-document-mismatch",
                  who + " has number " + std::to_string(e.number) + ", but its document " +
                      std::to_string(d.id) + " has " +
                      (d.number ? std::to_string(*d.number) : std::string("no number")) + " (" +
                      d.symbol + ")",
                  "the catalog has been changed outside vanthu or is damaged: restore it from a "
                  "backup");
        f.register_id = e.id;
        f.document_id = d.id;
        f.series_id = e.series_id;
      }
    }
    for (const auto& [id, d] : docs_) {
      auto it = by_doc.find(id);
      if (d.source == "issued" && it == by_doc.end()) {
        error("document-unregistered",
              doc_name(id) + " was issued but no register entry points at it",
              "a document and its entry are committed together, so the catalog has been "
              "changed outside vanthu or is damaged: restore it from a backup")
            .document_id = id;
      } else if (it != by_doc.end() && it->second.size() > 1) {
        std::string ids;
        for (const auto* e : it->second) ids += (ids.empty() ? "" : ", ") + std::to_string(e->id);
        error("document-registered-twice",
              doc_name(id) + " is the document of several register entries (" + ids + ")",
              "the catalog has been changed outside vanthu or is damaged: restore it from a "
              "backup")
            .document_id = id;
      }
    }
    for (const auto& [sid, list] : by_series) {
      auto s = series_.find(sid);
      const std::string name = "series " + std::to_string(sid) +
                               (s != series_.end() ? " (" + s->second.describe() + ")" : "");
      std::map<int64_t, int> seen;
      int64_t max = 0;
      for (const auto* e : list) {
        ++seen[e->number];
        max = std::max(max, e->number);
      }
      for (const auto& [n, c] : seen) {
        if (c > 1) {
          Finding& f = error("register-duplicate",
                             name + ": number " + std::to_string(n) + " is recorded " +
                                 std::to_string(c) + " times",
                             "a number is given once only: the catalog is damaged (its unique "
                             "index no longer holds); restore it from a backup");
          f.series_id = sid;
        }
        if (n < 1) {
          Finding& f = error("register-bad-number",
                             name + ": number " + std::to_string(n) + " is not 1 or more",
                             "the catalog is damaged: restore it from a backup");
          f.series_id = sid;
        }
      }
      for (int64_t n = 1; n <= max; ++n) {
        if (seen.count(n)) continue;
        int64_t last = n;
        while (last + 1 <= max && !seen.count(last + 1)) ++last;
        const std::string which =
            last == n ? "number " + std::to_string(n) + " is"
                      : "numbers " + std::to_string(n) + "–" + std::to_string(last) + " are";
        Finding& f =
            error("register-gap",
                  name + ": " + which + " missing (the series runs to " + std::to_string(max) + ")",
                  "numbers are never skipped or removed, so the register has been "
                  "changed outside vanthu or is damaged: restore the catalog from a "
                  "backup and compare with the paper register before issuing more");
        f.series_id = sid;
        n = last;
      }
    }
  }

  // Each document has its text row (or waits for it in the queue), the index has a row for
  // each row of its content and no other, and the index matches the text.
  void check_text_and_index() {
    if (!fts_failure_.empty())
      error("index-damaged", "the full-text tables cannot be read: " + fts_failure_,
            "the text and the full-text index are derived from the stored documents and can be "
            "rebuilt from them (`vanthu index rebuild`), or restore the catalog from a backup");
    const std::string fix =
        "the text and the full-text index are derived from the stored documents and can be "
        "rebuilt from them (`vanthu index rebuild`; or restore the catalog from a backup); until "
        "then searches may miss documents or show wrong ones";
    std::set<int64_t> with_text, queued;
    for (const auto& [table, count] : text_rows_) {
      rep_.counts.text_checked = true;
      for (const auto& [id, c] : count) {
        with_text.insert(id);
        rep_.counts.text_rows += c;
        if (c > 1)
          error("text-duplicate", doc_name(id) + " has " + std::to_string(c) + " rows in " + table,
                fix)
              .document_id = id;
        if (!docs_.count(id))
          error("text-orphan",
                table + " has a row for document " + std::to_string(id) +
                    ", which is not in the catalog",
                fix)
              .document_id = id;
      }
    }
    for (const auto& [table, n] : text_null_)
      error("text-orphan", table + " has " + std::to_string(n) + " row(s) for no document", fix);
    for (const auto& [table, ids] : queue_rows_) {
      for (int64_t id : ids) {
        queued.insert(id);
        if (!docs_.count(id))
          warning("text-queue-orphan",
                  table + " lists document " + std::to_string(id) + ", which is not in the catalog",
                  "harmless; the row can be deleted")
              .document_id = id;
      }
    }
    if (rep_.counts.text_checked) {
      const bool has_queue = !queue_rows_.empty();
      std::string queue_names;
      for (const auto& [table, ids] : queue_rows_)
        queue_names += (queue_names.empty() ? "" : ", ") + table;
      for (const auto& [id, d] : docs_) {
        const bool t = with_text.count(id) > 0, q = queued.count(id) > 0;
        if (!t && (q || !has_queue)) {
          warning("text-missing",
                  doc_name(id) + " has no text row yet" + (q ? " (it is queued)" : ""),
                  "its text has not been extracted (for example a document stored before "
                  "search existed): the next `vanthu search` extracts it; until then it is "
                  "found by its metadata only")
              .document_id = id;
        } else if (!t) {
          error("text-missing-unqueued",
                doc_name(id) + " has no text row and is not in " + queue_names +
                    ", so its text will never be extracted",
                "queue it: sqlite3 catalog.sqlite \"INSERT INTO " +
                    queue_names.substr(0, queue_names.find(',')) + " VALUES (" +
                    std::to_string(id) + ")\", then run `vanthu search` once")
              .document_id = id;
        } else if (q) {
          warning("text-queue-stale",
                  doc_name(id) + " has its text but is still listed in " + queue_names,
                  "harmless; its text will be extracted again")
              .document_id = id;
        }
      }
    }
    if (index_read_) {
      rep_.counts.index_checked = true;
      rep_.counts.index_content_checked = true;
      rep_.counts.index_rows = static_cast<int64_t>(index_.live.size());
      for (const auto& d : index_.damaged) error("index-damaged", "the full-text index: " + d, fix);
      for (const auto& [id, hash] : index_.expected) {
        auto it = index_.live.find(id);
        if (it == index_.live.end())
          error("index-missing", doc_name(id) + " is not in the full-text index", fix).document_id =
              id;
        else if (it->second != hash)
          error("index-stale",
                doc_name(id) +
                    ": its entry in the full-text index does not match its text "
                    "and metadata",
                fix)
              .document_id = id;
      }
      for (const auto& [id, hash] : index_.live)
        if (!index_.expected.count(id))
          error("index-orphan",
                "the full-text index has an entry for " +
                    (docs_.count(id)
                         ? doc_name(id) + ", which has no text to index"
                         : "document " + std::to_string(id) + ", which is not in the catalog"),
                fix)
              .document_id = id;
    }
  }

  ArchiveDir dir_;
  VerifyReport rep_;
  std::map<int64_t, DocRow> docs_;
  std::map<int64_t, SeriesRow> series_;
  std::vector<EntryRow> entries_;
  std::set<std::string> referenced_;
  std::map<std::string, std::map<int64_t, int>> text_rows_;
  std::map<std::string, int64_t> text_null_;
  std::map<std::string, std::set<int64_t>> queue_rows_;  // documents waiting for their text
  engine::Inspection index_;
  bool index_read_ = false;
  std::string fts_failure_;  // reading the text or index tables failed
};

// ---- BACKUP-INFO -------------------------------------------------------------------------------

std::string backup_info_text(const BackupReport& r, const std::string& version,
                             const std::string& catalog_sha) {
  std::ostringstream o;
  o << "# vanthu backup. Restore with: vanthu restore " << r.dest << " --archive NEWDIR\n"
    << "format: 1\n"
    << "created: " << r.created_at << "\n"
    << "vanthu: " << version << "\n"
    << "source: " << r.archive_dir << "\n"
    << "catalog_schema: " << r.schema_version << "\n"
    << "catalog_sha256: " << catalog_sha << "\n"
    << "documents: " << r.documents << "\n"
    << "series: " << r.series << "\n"
    << "register_entries: " << r.register_entries << "\n"
    << "pdf_files: " << r.pdf_files << "\n"
    << "pdf_bytes: " << r.pdf_bytes << "\n"
    << "linked: " << r.linked << "\n"
    << "copied: " << r.copied << "\n"
    << "complete: " << (r.complete() ? "yes" : "no") << "\n";
  for (const auto& p : r.problems) o << "missing: " << p.path << " (" << p.message << ")\n";
  return o.str();
}

std::map<std::string, std::string> parse_backup_info(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    out.emplace(line.substr(0, colon), line.substr(colon + 2));  // first one wins
  }
  return out;
}

// The ids and hashes of the documents in the catalog at `db`, with the counts.
struct SnapshotList {
  std::map<std::string, int64_t> blobs;  // sha256 → bytes
  int64_t documents = 0, series = 0, register_entries = 0, schema_version = 0;
};

SnapshotList list_snapshot(Db& db) {
  SnapshotList s;
  s.schema_version = db.integer("PRAGMA user_version");
  s.documents = db.integer("SELECT count(*) FROM documents");
  s.series = db.integer("SELECT count(*) FROM series");
  s.register_entries = db.integer("SELECT count(*) FROM register");
  auto st = db.prepare("SELECT sha256, bytes FROM documents");
  while (st.step()) s.blobs[st.text(0)] = st.integer(1);
  return s;
}

// Creates dest/pdf/ab/ for each hash prefix (and flushes the parents).
void make_pdf_dirs(const std::string& root, const std::map<std::string, int64_t>& blobs) {
  make_dir(root + "/pdf");
  std::set<std::string> subs;
  for (const auto& [sha, bytes] : blobs)
    if (is_hex64(sha)) subs.insert(sha.substr(0, 2));
  for (const auto& s : subs) make_dir(root + "/pdf/" + s);
}

void fsync_tree(const std::string& root) {
  const std::string pdf = root + "/pdf";
  std::error_code ec;
  if (fs::is_directory(pdf, ec)) {
    for (const auto& e : fs::directory_iterator(pdf))
      if (e.is_directory()) fsync_path(e.path().string(), true);
    fsync_path(pdf, true);
  }
  fsync_path(root, true);
}

}  // namespace

std::size_t VerifyReport::errors() const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const Finding& f) { return f.severity == FindingSeverity::kError; }));
}

std::size_t VerifyReport::warnings() const { return findings.size() - errors(); }

VerifyReport verify_archive(const std::string& dir) { return Verifier(dir).run(); }

// ---- backup ------------------------------------------------------------------------------------

BackupReport backup_archive(const std::string& archive_dir, const std::string& dest_in,
                            const std::string& version) {
  ArchiveDir dir(archive_dir);
  BackupReport r;
  r.archive_dir = dir.root();
  r.dest = fs::absolute(dest_in).lexically_normal().string();
  while (r.dest.size() > 1 && r.dest.back() == '/') r.dest.pop_back();
  if (!dir.has_catalog())
    throw UserError("no archive at " + dir.root() + " (catalog.sqlite not found)",
                    "pass --archive DIR or set $VANTHU_ARCHIVE");
  if (is_inside(r.dest, dir.root()) || is_inside(dir.root(), r.dest))
    throw UserError("the backup directory " + r.dest + " overlaps the archive " + dir.root(),
                    "back up to a directory outside the archive, preferably on another disk");
  const std::string hint = "give a new directory, or an empty one";
  if (!require_absent_or_empty(r.dest, "the backup directory", hint)) {
    std::error_code ec;
    fs::create_directories(r.dest, ec);
    if (ec)
      throw UserError("cannot create the backup directory " + r.dest + ": " + ec.message(),
                      "check the path and its permissions");
  }
  r.created_at = utc_now();

  // 1. The catalog, from one read snapshot: sqlite3_backup_step(-1) copies every page within one
  // read transaction of the source. In WAL mode that transaction does not block writers.
  const std::string dest_catalog = r.dest + "/catalog.sqlite";
  {
    Db src(dir.catalog_path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX);
    Db dst(dest_catalog, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX);
    sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (!b)
      throw std::runtime_error("cannot start the backup: " +
                               std::string(sqlite3_errmsg(dst.get())));
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    int rc;
    for (;;) {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_DONE) break;
      if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED && rc != SQLITE_OK) break;
      if (std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
      throw std::runtime_error("cannot back up the catalog: " + std::string(sqlite3_errstr(rc)));
    // The copy is a self-contained file (no -wal beside it), so that it can be read from
    // read-only media. Restore switches the restored catalog back to WAL.
    dst.exec("PRAGMA journal_mode=DELETE");
    SnapshotList s = list_snapshot(dst);
    r.documents = s.documents;
    r.series = s.series;
    r.register_entries = s.register_entries;
    r.schema_version = s.schema_version;

    // 2. The PDFs that snapshot references. They are all on disk: a PDF is flushed before the
    // commit that references it, and stored PDFs are never removed or rewritten in place.
    make_pdf_dirs(r.dest, s.blobs);
    std::string bytes;
    for (const auto& [sha, size] : s.blobs) {
      Finding p;
      p.severity = FindingSeverity::kError;
      if (!is_hex64(sha)) {
        p.check = "catalog-bad-hash";
        p.path = sha;
        p.message = "the catalog names a PDF by \"" + sha + "\", which is not a SHA-256";
        p.action = "run vanthu verify on the archive";
        r.problems.push_back(p);
        continue;
      }
      const std::string from = dir.blob_path(sha);
      const std::string rel = rel_blob(sha);
      const std::string to = r.dest + "/" + rel;
      p.path = rel;
      p.action = "run vanthu verify on the archive and repair it, then back up again";
      int err = read_whole(from, bytes);
      if (err != 0) {
        p.check = err == ENOENT ? "pdf-missing" : "pdf-unreadable";
        p.message = err == ENOENT ? "missing in the archive" : std::strerror(err);
        r.problems.push_back(p);
        continue;
      }
      if (sha256_hex(bytes) != sha) {
        p.check = "pdf-damaged";
        p.message = "damaged in the archive (its SHA-256 differs from its name)";
        r.problems.push_back(p);
        continue;
      }
      if (link(from.c_str(), to.c_str()) == 0) {
        ++r.linked;  // the same file: its hash was just checked
      } else {
        write_durable(to, bytes, 0444, /*sync_dir=*/false);  // fsync_tree below
        std::string back;
        if (read_whole(to, back) != 0 || sha256_hex(back) != sha)
          throw std::runtime_error("the copy " + to + " does not read back as written");
        ++r.copied;
      }
      ++r.pdf_files;
      r.pdf_bytes += static_cast<int64_t>(bytes.size());
    }
  }

  // 3. Flush everything, then BACKUP-INFO, whose presence marks a finished backup.
  fsync_path(dest_catalog, false);
  fsync_tree(r.dest);
  write_durable(r.dest + "/" + kBackupInfoFile,
                backup_info_text(r, version, sha256_file(dest_catalog)), 0444);
  return r;
}

// ---- restore -----------------------------------------------------------------------------------

RestoreReport restore_archive(const std::string& backup_dir, const std::string& archive_dir) {
  RestoreReport r;
  r.backup_dir = fs::absolute(backup_dir).lexically_normal().string();
  while (r.backup_dir.size() > 1 && r.backup_dir.back() == '/') r.backup_dir.pop_back();
  ArchiveDir target(archive_dir);
  r.archive_dir = target.root();

  // The backup must be complete: BACKUP-INFO is written last.
  const std::string info_path = r.backup_dir + "/" + kBackupInfoFile;
  const std::string backup_catalog = r.backup_dir + "/catalog.sqlite";
  std::string info_text;
  if (read_whole(info_path, info_text) != 0)
    throw UserError(
        r.backup_dir + " is not a vanthu backup (it has no readable " + kBackupInfoFile + ")",
        "give the directory `vanthu backup` made; one without BACKUP-INFO was "
        "interrupted and cannot be trusted");
  auto info = parse_backup_info(info_text);
  if (info["complete"] != "yes")
    throw UserError("the backup " + r.backup_dir +
                        " is incomplete (BACKUP-INFO: complete: " + info["complete"] + ")",
                    "some PDFs could not be backed up when it was made; use another backup");
  r.backup_created_at = info["created"];

  // The target: new or empty, and not inside the backup.
  if (is_inside(r.archive_dir, r.backup_dir) || is_inside(r.backup_dir, r.archive_dir))
    throw UserError(
        "the archive directory " + r.archive_dir + " overlaps the backup " + r.backup_dir,
        "restore into a directory outside the backup");
  const std::string hint =
      "restore into a new or empty directory (--archive DIR); to replace an archive, move it "
      "away first";
  const bool existed = require_absent_or_empty(r.archive_dir, "the archive directory", hint);

  // Everything written from here on is removed again if the restore does not finish.
  struct Cleanup {
    std::string root;
    bool existed;
    bool done = false;
    ~Cleanup() {
      if (done) return;
      std::error_code ec;
      if (existed) {
        for (const auto& e : fs::directory_iterator(root, ec)) fs::remove_all(e.path(), ec);
      } else {
        fs::remove_all(root, ec);
      }
    }
  } cleanup{r.archive_dir, existed};
  {
    std::error_code ec;
    fs::create_directories(r.archive_dir, ec);
    if (ec)
      throw UserError("cannot create the archive directory " + r.archive_dir + ": " + ec.message(),
                      "check the path and its permissions");
  }

  // The catalog: copied to a temporary name while its hash is checked against BACKUP-INFO,
  // checked by SQLite, switched back to WAL (the archive's mode), flushed. It is renamed into
  // place last, after the PDFs it references.
  const std::string tmp_catalog = r.archive_dir + "/.restore-catalog.sqlite";
  {
    std::error_code ec;
    if (!fs::is_regular_file(backup_catalog, ec))
      throw UserError("the backup " + r.backup_dir + " has no catalog.sqlite",
                      "use another backup");
    if (copy_hashed(backup_catalog, tmp_catalog) != info["catalog_sha256"])
      throw UserError("the backup's catalog.sqlite is damaged: its SHA-256 is not the one in " +
                          std::string(kBackupInfoFile),
                      "use another backup");
  }
  SnapshotList s;
  {
    Db db(tmp_catalog, SQLITE_OPEN_READWRITE);
    auto check = db.texts("PRAGMA integrity_check");
    if (check.size() != 1 || check[0] != "ok")
      throw UserError("the backup's catalog.sqlite fails SQLite's integrity check: " +
                          (check.empty() ? std::string("?") : check[0]),
                      "use another backup");
    s = list_snapshot(db);
    db.exec("PRAGMA journal_mode=WAL");
  }  // closing the last connection checkpoints and removes the -wal and -shm files
  fsync_path(tmp_catalog, false);
  r.documents = s.documents;

  // The PDFs: each read from the backup, checked against its name, copied, flushed.
  make_pdf_dirs(r.archive_dir, s.blobs);
  std::vector<std::string> problems;
  std::string bytes;
  for (const auto& [sha, size] : s.blobs) {
    if (!is_hex64(sha)) {
      problems.push_back("the catalog names a PDF by \"" + sha + "\", which is not a SHA-256");
      continue;
    }
    const std::string rel = rel_blob(sha);
    int err = read_whole(r.backup_dir + "/" + rel, bytes);
    if (err != 0) {
      problems.push_back(rel + ": " + (err == ENOENT ? "missing" : std::strerror(err)));
      continue;
    }
    if (sha256_hex(bytes) != sha) {
      problems.push_back(rel + ": damaged (its SHA-256 differs from its name)");
      continue;
    }
    write_durable(target.blob_path(sha), bytes, 0444, /*sync_dir=*/false);  // fsync_tree below
    ++r.pdf_files;
    r.pdf_bytes += static_cast<int64_t>(bytes.size());
  }
  if (!problems.empty()) {
    std::string msg = "the backup " + r.backup_dir + " is damaged; nothing was restored:";
    for (const auto& p : problems) msg += "\n  " + p;
    throw UserError(msg, "use another backup");
  }

  if (rename(tmp_catalog.c_str(), target.catalog_path().c_str()) != 0)
    io_error("cannot rename a file to", target.catalog_path(), errno);
  fsync_tree(r.archive_dir);
  if (!existed) fsync_path(fs::path(r.archive_dir).parent_path().string(), true);
  cleanup.done = true;

  r.verify = verify_archive(r.archive_dir);
  return r;
}

}  // namespace vanthu::archive
