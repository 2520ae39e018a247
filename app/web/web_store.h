// The web application's own data, in web.sqlite beside the archive's catalog: accounts
// (argon2id password hashes, libsodium), sessions with their CSRF tokens, the audit log of every
// change, and drafts. The archive's schema is not touched.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace vanthu::app::web {

// Roles, from least to most trusted. What each may do is `can` below.
enum class Role { kReader, kClerk, kArchivist, kAdmin };
enum class Permission {
  kView,     // search, open documents and the register
  kCompose,  // preview, drafts, issue
  kImport,   // import PDFs, correct catalog metadata
  kAdmin,    // accounts, audit log
};
bool can(Role role, Permission p);
const char* role_name(Role r);  // "reader", "clerk", "archivist", "admin"
std::optional<Role> parse_role(const std::string& s);
const char* role_label_vi(Role r);  // "Người đọc", "Văn thư", …

// A problem the user can fix (a name taken, a weak password), with the field it concerns.
class InputError : public std::runtime_error {
 public:
  InputError(std::string field, const std::string& message)
      : std::runtime_error(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

struct User {
  int64_t id = 0;
  std::string name;          // login name: ASCII letters, digits, . _ -
  std::string display_name;  // as shown (Vietnamese, NFC)
  Role role = Role::kReader;
  std::string created_at;
};

struct Session {
  std::string token;  // the cookie value (only its hash is stored)
  std::string csrf;   // sent back in X-CSRF-Token on every change
  User user;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;      // UTC, ISO 8601
  std::string user;    // login name, or "-" for none
  std::string action;  // "login", "document.issue", …
  std::string target;  // what it concerns ("document 12", a user name, …)
  std::string detail;  // JSON text
};

struct Draft {
  int64_t id = 0;
  std::string user;
  std::string title;
  std::string data;  // the form's JSON
  std::string updated_at;
};

class WebStore {
 public:
  // Opens (creating if needed) the database at `path`. Throws std::runtime_error on failure.
  explicit WebStore(const std::string& path);
  ~WebStore();
  WebStore(const WebStore&) = delete;
  WebStore& operator=(const WebStore&) = delete;

  // Throws InputError for a bad or taken name or a password shorter than 10 characters.
  User add_user(const std::string& name, const std::string& display_name, Role role,
                const std::string& password);
  // The user if the password is right; the same work is done for unknown names.
  std::optional<User> check_password(const std::string& name, const std::string& password);
  std::vector<User> users();
  std::optional<User> user(const std::string& name);

  Session create_session(const User& u);
  // The session for a cookie value, if it exists and has not expired (12 hours idle).
  std::optional<Session> session(const std::string& token);
  void end_session(const std::string& token);

  void audit(const std::string& user, const std::string& action, const std::string& target,
             const std::string& detail_json);
  // Newest first.
  std::vector<AuditEntry> audit_log(int limit, int offset, int64_t* total);

  int64_t save_draft(const std::string& user, std::optional<int64_t> id, const std::string& title,
                     const std::string& data);  // 0 if `id` is not the user's draft
  std::vector<Draft> drafts(const std::string& user);
  std::optional<Draft> draft(const std::string& user, int64_t id);
  bool delete_draft(const std::string& user, int64_t id);

 private:
  std::mutex mu_;
  sqlite3* db_ = nullptr;
};

}  // namespace vanthu::app::web
