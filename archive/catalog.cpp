// SQLite connection, statements, transactions and the catalog schema (versions 1 and 2).
#include "archive/catalog.h"

#include <sqlite3.h>

#include "archive/index.h"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace vanthu::archive {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

constexpr int64_t kSchemaVersion = kCatalogSchemaVersion;

}  // namespace

// Schema version 1. Every table that holds the register's or the store's facts refuses the
// changes that would break their promises (numbers never reused, issued documents immutable),
// so no code path, present or future, can do it by mistake.
const char* const kCatalogSchemaV1 = R"sql(
CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,             -- kind code, e.g. 'CT', 'QĐ'
  number      INTEGER,                   -- number in its register series
  symbol      TEXT NOT NULL,             -- '05-CT/HU', '12/QĐ-UBND'
  issuer      TEXT NOT NULL,             -- issuing body's name, header lines joined by spaces
  issuer_code TEXT NOT NULL,
  date        TEXT NOT NULL,             -- YYYY-MM-DD
  subject     TEXT NOT NULL,
  signer      TEXT NOT NULL,
  recipients  TEXT NOT NULL,             -- JSON array of strings (Nơi nhận)
  pages       INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL,             -- the PDF is pdf/<2 hex>/<sha256>.pdf
  profile     TEXT NOT NULL,
  source      TEXT NOT NULL,             -- 'issued' (later: 'imported')
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_symbol ON documents(symbol);
CREATE INDEX documents_sha256 ON documents(sha256);
CREATE TRIGGER documents_issued_immutable BEFORE UPDATE ON documents
  WHEN OLD.source = 'issued'
  BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;
CREATE TRIGGER documents_issued_kept BEFORE DELETE ON documents
  WHEN OLD.source = 'issued'
  BEGIN SELECT RAISE(ABORT, 'issued documents are never deleted'); END;

CREATE TABLE series (
  id          INTEGER PRIMARY KEY,
  family      TEXT NOT NULL CHECK (family IN ('party', 'state')),
  issuer      TEXT NOT NULL,
  kind        TEXT NOT NULL,             -- Party: kind code; State: '' (one series for all kinds)
  period      TEXT NOT NULL,             -- Party: committee term '2020-2025'; State: year '2023'
  issuer_code TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (family, issuer, kind, period)
);
CREATE TRIGGER series_key_fixed BEFORE UPDATE OF id, family, issuer, kind, period ON series
  BEGIN SELECT RAISE(ABORT, 'the key of a series never changes'); END;
CREATE TRIGGER series_kept BEFORE DELETE ON series
  BEGIN SELECT RAISE(ABORT, 'series are never deleted'); END;

-- The next number of a series is MAX(number) + 1 over its entries, taken inside BEGIN IMMEDIATE.
-- Entries are never deleted (voided ones stay), so a number is never reused, and a number exists
-- only once its entry is committed, so none is skipped.
CREATE TABLE register (
  id           INTEGER PRIMARY KEY,
  series_id    INTEGER NOT NULL REFERENCES series(id),
  number       INTEGER NOT NULL CHECK (number >= 1),
  symbol       TEXT NOT NULL,
  kind         TEXT NOT NULL,
  kind_name    TEXT NOT NULL DEFAULT '',
  date         TEXT NOT NULL,
  subject      TEXT NOT NULL DEFAULT '',
  signer       TEXT NOT NULL DEFAULT '',
  recipients   TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  archive_copy TEXT NOT NULL DEFAULT '',    -- "Lưu …": unit keeping the file copy
  document_id  INTEGER REFERENCES documents(id),
  status       TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
  void_reason  TEXT,
  voided_at    TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (series_id, number)
);
CREATE INDEX register_symbol ON register(symbol);
CREATE TRIGGER register_entry_fixed BEFORE UPDATE OF id, series_id, number, symbol, kind,
    kind_name, date, subject, signer, recipients, archive_copy, document_id, created_at
  ON register
  BEGIN SELECT RAISE(ABORT, 'a register entry is never changed, only voided'); END;
CREATE TRIGGER register_void_once BEFORE UPDATE OF status, void_reason, voided_at ON register
  WHEN NOT (OLD.status = 'issued' AND NEW.status = 'void')
  BEGIN SELECT RAISE(ABORT, 'only an issued entry can be voided, once'); END;
CREATE TRIGGER register_kept BEFORE DELETE ON register
  BEGIN SELECT RAISE(ABORT, 'register entries are never deleted'); END;
)sql";

// ---- Statement ---------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    fail(db_, "cannot prepare SQL \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::string_view text) {
  if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    fail(db_, "cannot bind parameter " + std::to_string(i));
  return *this;
}

Statement& Statement::bind(int i, int64_t value) {
  if (sqlite3_bind_int64(stmt_, i, value) != SQLITE_OK)
    fail(db_, "cannot bind parameter " + std::to_string(i));
  return *this;
}

Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK)
    fail(db_, "cannot bind parameter " + std::to_string(i));
  return *this;
}

Statement& Statement::bind(int i, const std::optional<int64_t>& value) {
  return value ? bind(i, *value) : bind_null(i);
}

Statement& Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw std::runtime_error("SQL error: " + msg + " (in \"" +
                           std::string(sqlite3_sql(stmt_)).substr(0, 60) + "\")");
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int col) const {
  const unsigned char* s = sqlite3_column_text(stmt_, col);
  if (!s) return {};
  return std::string(reinterpret_cast<const char*>(s),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

// ---- Catalog -----------------------------------------------------------------------------------

Catalog::Catalog(const std::string& path, bool create) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open the catalog " + path + ": " + msg);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_handler(db_, &Catalog::on_busy, this);
    // Before anything else: the index's tokenizer must exist on every connection.
    register_search_functions(db_);
    // Text rows of a few KB waste half of each 4 KB page; only takes effect on a new, empty file.
    if (create) exec("PRAGMA page_size=16384");
    // Switching to WAL needs a moment of exclusive access; when many processes open a new
    // archive at once, some see SQLITE_BUSY here even with the busy timeout. WAL is persistent,
    // so once any of them has switched, the others just read "wal".
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    for (;;) {
      sqlite3_stmt* st = nullptr;
      int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &st, nullptr);
      std::string mode;
      if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
          mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
          rc = SQLITE_OK;
        }
      }
      sqlite3_finalize(st);
      if (rc == SQLITE_OK && mode == "wal") break;
      if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED && rc != SQLITE_OK)
        fail(db_, "cannot switch " + path + " to WAL mode");
      if (rc == SQLITE_OK && mode != "wal")
        throw std::runtime_error("cannot switch " + path + " to WAL mode (got \"" + mode + "\")");
      if (std::chrono::steady_clock::now() > deadline)
        fail(db_, "cannot switch " + path + " to WAL mode (database busy)");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // FULL: a committed number survives a power cut (the register must never lose an entry).
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    migrate();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Catalog::~Catalog() {
  cache_.clear();  // statements before the connection
  sqlite3_close(db_);
}

Statement& Catalog::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  return it->second->reset();
}

// SQLite's own busy timeout sleeps in growing steps up to 100 ms, so under contention the write
// lock sits free while waiters sleep. Polling every 2 ms hands it over almost at once; the cost is
// a failed lock attempt per waiter per poll. Gives up after kBusyTimeoutMs.
int Catalog::on_busy(void* self, int attempt) {
  auto* c = static_cast<Catalog*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempt == 0) c->busy_since_ = now;
  if (now - c->busy_since_ > std::chrono::milliseconds(kBusyTimeoutMs)) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return 1;
}

void Catalog::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw std::runtime_error("SQL error in " + path_ + ": " + msg);
  }
}

int64_t Catalog::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

bool Catalog::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Catalog::migrate() {
  auto version = [&] {
    Statement st(db_, "PRAGMA user_version");
    st.step();
    return st.integer(0);
  };
  auto check = [&](int64_t v) {
    if (v > kSchemaVersion)
      throw std::runtime_error(path_ + " was made by a newer vanthu (catalog schema version " +
                               std::to_string(v) + ", this program knows " +
                               std::to_string(kSchemaVersion) + ")");
    return v == kSchemaVersion;
  };
  if (check(version())) return;
  WriteTransaction txn(*this);
  // Another process may have created or upgraded the schema while this one waited for the lock.
  const int64_t v = version();
  if (check(v)) return;
  if (v < 1) exec(kCatalogSchemaV1);
  if (v < 2) exec(kSearchSchemaV2);
  if (v < 3) exec(kSearchSchemaV3);
  exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
  txn.commit();
}

// ---- WriteTransaction --------------------------------------------------------------------------

WriteTransaction::WriteTransaction(Catalog& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

WriteTransaction::~WriteTransaction() {
  if (done_) return;
  try {
    if (db_.in_transaction()) db_.exec("ROLLBACK");
  } catch (...) {
    // A failed rollback leaves the transaction to be rolled back when the connection closes.
  }
}

void WriteTransaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace vanthu::archive
