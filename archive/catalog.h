// The catalog database (catalog.sqlite): one SQLite connection with the archive's settings (WAL,
// synchronous=FULL, 30 s busy timeout), its schema, prepared statements and write transactions.
// The register, the document store and the search index all work through it, so they can share
// one transaction. Every connection has the search functions registered (archive/index.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace vanthu::archive {

// The catalog schema version this program writes (PRAGMA user_version). Version 1: documents,
// series, register. Version 2: search (extra document metadata, document_text, the index).
inline constexpr int64_t kCatalogSchemaVersion = 3;
// The SQL of schema version 1, for tests of the upgrade from it.
extern const char* const kCatalogSchemaV1;

// How long a connection waits for another process's write lock before giving up, in ms.
inline constexpr int kBusyTimeoutMs = 30000;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int i, std::string_view text);
  Statement& bind(int i, int64_t value);
  Statement& bind_null(int i);
  Statement& bind(int i, const std::optional<int64_t>& value);

  // Makes the statement ready to run again, with no parameters bound.
  Statement& reset();
  // Runs one step; true while there is a row to read. Throws on error.
  bool step();
  // Runs to completion, for statements that return no rows.
  void run();

  // Columns are 0-based, as in SQLite.
  std::string text(int col) const;
  int64_t integer(int col) const;
  double real(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Catalog {
 public:
  // Opens the database at `path`. With `create`, a missing file is created; the schema is
  // created or upgraded either way (version 1 → 2 in place, in one transaction; the texts of
  // documents catalogued before version 2 are added later by index_missing_texts()). Throws
  // std::runtime_error on failure.
  Catalog(const std::string& path, bool create);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  // A statement prepared once per connection and kept (reset, no parameters bound) for the
  // next call with the same SQL: for statements run once per document, whose triggers make
  // them costly to compile. Not for a statement still being stepped through by the caller.
  Statement& cached(std::string_view sql);
  int64_t last_insert_id() const;
  bool in_transaction() const;
  const std::string& path() const { return path_; }

 private:
  void migrate();
  static int on_busy(void* self, int attempt);
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
  std::chrono::steady_clock::time_point busy_since_;
  std::string path_;
};

// BEGIN IMMEDIATE … COMMIT: takes the database's write lock at once (waiting up to the busy
// timeout), so no other process can allocate a number in between. Rolled back unless commit()
// was called.
class WriteTransaction {
 public:
  explicit WriteTransaction(Catalog& db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  Catalog& db_;
  bool done_ = false;
};

}  // namespace vanthu::archive
