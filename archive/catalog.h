// The catalog database (catalog.sqlite): one SQLite connection with the archive's settings (WAL,
// synchronous=FULL, 30 s busy timeout), its schema, prepared statements and write transactions.
// The register and the document store both work through it, so they can share one transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace vanthu::archive {

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

  // Runs one step; true while there is a row to read. Throws on error.
  bool step();
  // Runs to completion, for statements that return no rows.
  void run();

  // Columns are 0-based, as in SQLite.
  std::string text(int col) const;
  int64_t integer(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Catalog {
 public:
  // Opens the database at `path`. With `create`, a missing file is created; the schema is
  // created or upgraded either way. Throws std::runtime_error on failure.
  Catalog(const std::string& path, bool create);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  int64_t last_insert_id() const;
  bool in_transaction() const;
  const std::string& path() const { return path_; }

 private:
  void migrate();
  static int on_busy(void* self, int attempt);
  sqlite3* db_ = nullptr;
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
