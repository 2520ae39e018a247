// Accounts, sessions, audit log and drafts in web.sqlite (see web_store.h). One connection,
// used under a mutex: these statements are short next to typesetting and search.
#include "app/web/web_store.h"

#include <sodium.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>

#include "archive/catalog.h"

namespace vanthu::app::web {

namespace {

using archive::Statement;

constexpr int64_t kSessionIdleSeconds = 12 * 3600;

const char* const kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS drafts (
  id INTEGER PRIMARY KEY,
  user TEXT NOT NULL,
  title TEXT NOT NULL,
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)SQL";

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

// BLAKE2b of a session token: the database never holds a usable cookie.
std::string token_hash(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  std::string hex(65, '\0');
  sodium_bin2hex(hex.data(), hex.size(), h, sizeof h);
  hex.pop_back();
  return hex;
}

bool valid_login_name(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

User read_user(Statement& q) {
  User u;
  u.id = q.integer(0);
  u.name = q.text(1);
  u.display_name = q.text(2);
  u.role = parse_role(q.text(3)).value_or(Role::kReader);
  u.created_at = q.text(4);
  return u;
}

}  // namespace

bool can(Role role, Permission p) {
  switch (p) {
    case Permission::kView:
      return true;
    case Permission::kCompose:
      return role == Role::kClerk || role == Role::kAdmin;
    case Permission::kImport:
      return role == Role::kArchivist || role == Role::kAdmin;
    case Permission::kAdmin:
      return role == Role::kAdmin;
  }
  return false;
}

const char* role_name(Role r) {
  switch (r) {
    case Role::kReader:
      return "reader";
    case Role::kClerk:
      return "clerk";
    case Role::kArchivist:
      return "archivist";
    case Role::kAdmin:
      return "admin";
  }
  return "reader";
}

const char* role_label_vi(Role r) {
  switch (r) {
    case Role::kReader:
      return "Người đọc";
    case Role::kClerk:
      return "Văn thư";
    case Role::kArchivist:
      return "Lưu trữ";
    case Role::kAdmin:
      return "Quản trị";
  }
  return "Người đọc";
}

std::optional<Role> parse_role(const std::string& s) {
  if (s == "reader") return Role::kReader;
  if (s == "clerk") return Role::kClerk;
  if (s == "archivist") return Role::kArchivist;
  if (s == "admin") return Role::kAdmin;
  return std::nullopt;
}

WebStore::WebStore(const std::string& path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 30000);
  char* err = nullptr;
  const std::string setup =
      std::string("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;") + kSchema;
  if (sqlite3_exec(db_, setup.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("cannot set up " + path + ": " + msg);
  }
}

WebStore::~WebStore() { sqlite3_close(db_); }

User WebStore::add_user(const std::string& name, const std::string& display_name, Role role,
                        const std::string& password) {
  if (!valid_login_name(name))
    throw InputError("name",
                     "a login name is 1 to 64 ASCII letters, digits, dots, hyphens or underscores");
  if (utf8_length(password) < 10)
    throw InputError("password", "a password needs at least 10 characters");
  if (password.size() > 1024) throw InputError("password", "a password is at most 1024 bytes");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing the password");
  std::lock_guard<std::mutex> lock(mu_);
  {
    Statement q(db_, "SELECT 1 FROM users WHERE name = ?1");
    q.bind(1, name);
    if (q.step()) throw InputError("name", "the login name \"" + name + "\" is taken");
  }
  User u;
  u.name = name;
  u.display_name = display_name.empty() ? name : display_name;
  u.role = role;
  u.created_at = utc_now();
  Statement ins(db_,
                "INSERT INTO users (name, display_name, role, password_hash, created_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5)");
  ins.bind(1, name).bind(2, u.display_name).bind(3, role_name(role)).bind(4, hash);
  ins.bind(5, u.created_at);
  ins.run();
  u.id = sqlite3_last_insert_rowid(db_);
  return u;
}

std::optional<User> WebStore::check_password(const std::string& name, const std::string& password) {
  std::optional<User> u;
  std::string hash;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Statement q(db_,
                "SELECT id, name, display_name, role, created_at, password_hash FROM users "
                "WHERE name = ?1");
    q.bind(1, name);
    if (q.step()) {
      u = read_user(q);
      hash = q.text(5);
    }
  }
  if (!u) {
    // The same work for an unknown name, so its answer takes as long as a wrong password.
    static const std::string dummy = [] {
      char h[crypto_pwhash_STRBYTES];
      if (crypto_pwhash_str(h, "x", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
      return std::string(h);
    }();
    if (crypto_pwhash_str_verify(dummy.c_str(), password.data(), password.size()) == 0) {
      // "x" is no one's password; nothing to do either way
    }
    return std::nullopt;
  }
  if (password.size() > 1024 ||
      crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0)
    return std::nullopt;
  return u;
}

std::vector<User> WebStore::users() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_, "SELECT id, name, display_name, role, created_at FROM users ORDER BY name");
  std::vector<User> out;
  while (q.step()) out.push_back(read_user(q));
  return out;
}

std::optional<User> WebStore::user(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_, "SELECT id, name, display_name, role, created_at FROM users WHERE name = ?1");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return read_user(q);
}

Session WebStore::create_session(const User& u) {
  Session s;
  s.token = random_hex(32);
  s.csrf = random_hex(32);
  s.user = u;
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = now_s();
  Statement del(db_, "DELETE FROM sessions WHERE last_seen < ?1");
  del.bind(1, now - kSessionIdleSeconds);
  del.run();
  Statement q(db_,
              "INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen) "
              "VALUES (?1, ?2, ?3, ?4, ?4)");
  q.bind(1, token_hash(s.token)).bind(2, u.id).bind(3, s.csrf).bind(4, now);
  q.run();
  return s;
}

std::optional<Session> WebStore::session(const std::string& token) {
  if (token.size() != 64) return std::nullopt;
  const std::string h = token_hash(token);
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_,
              "SELECT u.id, u.name, u.display_name, u.role, u.created_at, s.csrf, s.last_seen "
              "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
  q.bind(1, h);
  if (!q.step()) return std::nullopt;
  const int64_t now = now_s();
  const int64_t last = q.integer(6);
  if (now - last > kSessionIdleSeconds) return std::nullopt;
  Session s;
  s.token = token;
  s.user = read_user(q);
  s.csrf = q.text(5);
  if (now - last >= 60) {  // at most one write a minute per session
    Statement up(db_, "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2");
    up.bind(1, now).bind(2, h);
    up.run();
  }
  return s;
}

void WebStore::end_session(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_, "DELETE FROM sessions WHERE token_hash = ?1");
  q.bind(1, token_hash(token));
  q.run();
}

void WebStore::audit(const std::string& user, const std::string& action, const std::string& target,
                     const std::string& detail_json) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_,
              "INSERT INTO audit (at, user, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
  q.bind(1, utc_now()).bind(2, user.empty() ? "-" : user).bind(3, action).bind(4, target);
  q.bind(5, detail_json);
  q.run();
}

std::vector<AuditEntry> WebStore::audit_log(int limit, int offset, int64_t* total) {
  std::lock_guard<std::mutex> lock(mu_);
  if (total) {
    Statement c(db_, "SELECT count(*) FROM audit");
    c.step();
    *total = c.integer(0);
  }
  Statement q(db_,
              "SELECT id, at, user, action, target, detail FROM audit ORDER BY id DESC "
              "LIMIT ?1 OFFSET ?2");
  q.bind(1, int64_t{limit}).bind(2, int64_t{offset});
  std::vector<AuditEntry> out;
  while (q.step())
    out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)});
  return out;
}

int64_t WebStore::save_draft(const std::string& user, std::optional<int64_t> id,
                             const std::string& title, const std::string& data) {
  std::lock_guard<std::mutex> lock(mu_);
  if (id) {
    Statement q(db_,
                "UPDATE drafts SET title = ?1, data = ?2, updated_at = ?3 "
                "WHERE id = ?4 AND user = ?5");
    q.bind(1, title).bind(2, data).bind(3, utc_now()).bind(4, *id).bind(5, user);
    q.run();
    return sqlite3_changes(db_) == 1 ? *id : 0;
  }
  Statement q(db_, "INSERT INTO drafts (user, title, data, updated_at) VALUES (?1, ?2, ?3, ?4)");
  q.bind(1, user).bind(2, title).bind(3, data).bind(4, utc_now());
  q.run();
  return sqlite3_last_insert_rowid(db_);
}

std::vector<Draft> WebStore::drafts(const std::string& user) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_,
              "SELECT id, user, title, '', updated_at FROM drafts WHERE user = ?1 "
              "ORDER BY updated_at DESC, id DESC");
  q.bind(1, user);
  std::vector<Draft> out;
  while (q.step()) out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4)});
  return out;
}

std::optional<Draft> WebStore::draft(const std::string& user, int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_,
              "SELECT id, user, title, data, updated_at FROM drafts WHERE id = ?1 AND user = ?2");
  q.bind(1, id).bind(2, user);
  if (!q.step()) return std::nullopt;
  return Draft{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4)};
}

bool WebStore::delete_draft(const std::string& user, int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement q(db_, "DELETE FROM drafts WHERE id = ?1 AND user = ?2");
  q.bind(1, id).bind(2, user);
  q.run();
  return sqlite3_changes(db_) == 1;
}

}  // namespace vanthu::app::web
