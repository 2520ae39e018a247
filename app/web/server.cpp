// The HTTP server of `vanthu serve`: routes, sessions and CSRF checks, JSON in and out, the
// embedded UI. Every operation is a call to the service layer (app/service.h); this file only
// checks input, checks who may do it, records it in the audit log and shapes the answer.
#include "app/web/server.h"

#include <httplib.h>
#include <sodium.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/import_cmd.h"
#include "app/service.h"
#include "app/web/assets.h"
#include "app/web/messages.h"
#include "app/web/web_store.h"
#include "archive/archive.h"
#include "archive/archive_dir.h"

namespace vanthu::app::web {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using httplib::Request;
using httplib::Response;

namespace {

const char* const kCookie = "vanthu_session";

// ---- JSON answers --------------------------------------------------------------------------

// JSON text that survives anything a user typed: invalid UTF-8 is replaced, not thrown.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void send_json(Response& res, int status, const json& j) {
  res.status = status;
  res.set_content(dump(j), "application/json; charset=utf-8");
}

// An error answer: {code, message, field, hint, errors: [...]}; `message` is Vietnamese.
void send_error(Response& res, int status, const std::string& code, const std::string& message,
                const std::string& field = "", const std::string& hint = "") {
  json e = {{"code", code}, {"message", message}, {"field", field}, {"hint", hint}};
  json j = e;
  j["errors"] = json::array({e});
  send_json(res, status, j);
}

json diag_json(const Diagnostic& d) {
  json j = {{"code", d.code},
            {"severity", d.severity == Diagnostic::Severity::kError ? "error" : "warning"},
            {"field", d.field},
            {"field_label", vi_field_label(d.field)},
            {"message", vi_message(d)},
            {"detail", d.message},
            {"hint", d.hint}};
  if (d.loc.line > 0) {
    j["line"] = d.loc.line;
    j["column"] = d.loc.col;
  }
  return j;
}

// A failed service result: 422 with every diagnostic for user errors, 500 for internal ones.
template <typename Result>
void send_failure(Response& res, const Result& r) {
  if (r.status == Status::kInternal) {
    send_error(res, 500, "internal", "Lỗi nội bộ của máy chủ. Hãy báo cho quản trị viên.", "",
               r.error);
    return;
  }
  json errors = json::array();
  for (const auto& d : r.diags.all())
    if (d.severity == Diagnostic::Severity::kError) errors.push_back(diag_json(d));
  json j;
  if (errors.empty()) {
    j = {{"code", "invalid"}, {"message", "Dữ liệu không hợp lệ."}, {"field", ""}, {"hint", ""}};
  } else {
    const std::size_t n = errors.size();
    j = {{"code", errors[0]["code"]},
         {"message", n == 1 ? errors[0]["message"].get<std::string>()
                            : "Có " + std::to_string(n) + " lỗi cần sửa. " +
                                  errors[0]["message"].get<std::string>()},
         {"field", errors[0]["field"]},
         {"hint", errors[0]["hint"]}};
  }
  j["errors"] = errors;
  send_json(res, 422, j);
}

json warnings_json(const Diagnostics& diags) {
  json w = json::array();
  for (const auto& d : diags.all())
    if (d.severity == Diagnostic::Severity::kWarning) w.push_back(diag_json(d));
  return w;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// RFC 5987 percent-encoding, for file names in Content-Disposition.
std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void set_attachment(Response& res, const std::string& name, bool download) {
  std::string ascii;
  for (unsigned char c : name) ascii += (std::isalnum(c) || c == '-' || c == '.') ? char(c) : '_';
  res.set_header("Content-Disposition", std::string(download ? "attachment" : "inline") +
                                            "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
                                            percent_encode(name));
}

// ---- YAML → JSON (examples and office files, for the form) ---------------------------------

json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json j = json::object();
      for (const auto& kv : n) j[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return j;
    }
    case YAML::NodeType::Sequence: {
      json j = json::array();
      for (const auto& v : n) j.push_back(yaml_to_json(v));
      return j;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = n.Scalar();
      if (n.Tag() != "!") {  // a plain scalar: numbers and booleans keep their type
        static const std::regex integer("-?[0-9]{1,15}");
        if (std::regex_match(s, integer)) return std::stoll(s);
        if (s == "true") return true;
        if (s == "false") return false;
      }
      return s;
    }
    default:
      return nullptr;
  }
}

// ---- query parameters -----------------------------------------------------------------------

struct BadParam {
  std::string field, message;
};

std::optional<int64_t> int_param(const Request& req, const std::string& name, int64_t lo,
                                 int64_t hi, std::optional<int64_t> dflt) {
  if (!req.has_param(name)) return dflt;
  const std::string v = req.get_param_value(name);
  int64_t x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || p != v.data() + v.size() || x < lo || x > hi)
    throw BadParam{name, "Tham số \"" + name + "\" phải là số nguyên từ " + std::to_string(lo) +
                             " đến " + std::to_string(hi) + "."};
  return x;
}

std::string str_param(const Request& req, const std::string& name, std::size_t max = 500) {
  std::string v = req.has_param(name) ? req.get_param_value(name) : "";
  if (v.size() > max)
    throw BadParam{name, "Tham số \"" + name + "\" dài quá " + std::to_string(max) + " byte."};
  return v;
}

std::optional<int64_t> path_id(const std::string& s) {
  int64_t x = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || p != s.data() + s.size() || x <= 0) return std::nullopt;
  return x;
}

// ---- documents as JSON ----------------------------------------------------------------------

json document_json(const archive::DocumentRecord& d) {
  json j;
  j["id"] = d.id;
  j["symbol"] = d.symbol;
  j["number"] = d.number ? json(*d.number) : json(nullptr);
  j["kind"] = d.kind;
  j["issuer"] = d.issuer;
  j["issuer_code"] = d.issuer_code;
  j["date"] = d.date;
  j["subject"] = d.subject;
  j["signer"] = d.signer;
  j["place"] = d.place;
  j["source"] = d.source;
  j["source_file"] = d.source_file;
  return j;
}

json full_document_json(const DocumentResult& r) {
  const auto& d = r.doc;
  json j = document_json(d);
  j["recipients"] = d.recipients;
  j["pages"] = d.pages;
  j["bytes"] = d.bytes;
  j["sha256"] = d.sha256;
  j["profile"] = d.profile;
  j["language"] = d.language;
  j["confidentiality"] = d.confidentiality;
  j["needs_ocr"] = d.needs_ocr;
  j["missing_fields"] = d.missing_fields;
  j["imported_at"] = d.imported_at.empty() ? json(nullptr) : json(d.imported_at);
  j["corrects"] = d.corrects ? json(*d.corrects) : json(nullptr);
  j["created_at"] = d.created_at;
  j["pdf_url"] = "/api/documents/" + std::to_string(d.id) + "/pdf";
  if (r.text) j["text"] = *r.text;
  return j;
}

json entry_json(const archive::Entry& e) {
  json j = {{"register_id", e.id},
            {"series", e.series_id},
            {"number", e.number},
            {"symbol", e.symbol},
            {"kind", e.kind},
            {"kind_name", e.kind_name},
            {"date", e.date},
            {"subject", e.subject},
            {"signer", e.signer},
            {"recipients", e.recipients},
            {"archive_copy", e.archive_copy},
            {"status", archive::status_name(e.status)},
            {"created_at", e.created_at}};
  j["document_id"] = e.document_id ? json(*e.document_id) : json(nullptr);
  if (e.status == archive::EntryStatus::kVoid) {
    j["void_reason"] = e.void_reason;
    j["voided_at"] = e.voided_at;
  }
  return j;
}

json series_json(const archive::Series& s) {
  return {{"id", s.id},
          {"family", archive::family_name(s.key.family)},
          {"issuer", s.key.issuer},
          {"issuer_code", s.issuer_code},
          {"kind", s.key.kind},
          {"period", s.key.period},
          {"description", s.key.describe()},
          {"last_number", s.last_number}};
}

json user_json(const User& u) {
  return {{"name", u.name},
          {"display_name", u.display_name},
          {"role", role_name(u.role)},
          {"role_label", role_label_vi(u.role)},
          {"created_at", u.created_at}};
}

// ---- a pool of services (each keeps its fonts and profiles loaded) -------------------------

class ServicePool {
 public:
  explicit ServicePool(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) free_.push_back(std::make_unique<Service>());
  }
  class Lease {
   public:
    Lease(ServicePool& p, std::unique_ptr<Service> s) : pool_(p), svc_(std::move(s)) {}
    ~Lease() { pool_.give_back(std::move(svc_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Service* operator->() { return svc_.get(); }

   private:
    ServicePool& pool_;
    std::unique_ptr<Service> svc_;
  };
  Lease acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    auto s = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(s));
  }

 private:
  void give_back(std::unique_ptr<Service> s) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(std::move(s));
    }
    cv_.notify_one();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Service>> free_;
};

// A directory of its own under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/vanthu-upload-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Why an uploaded file name is refused (path tricks, control characters), or empty if it is a
// plain file name.
std::string bad_file_name(const std::string& name) {
  if (name.empty()) return "tệp không có tên";
  if (name.size() > 255) return "tên tệp dài quá 255 byte";
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    return "tên tệp không được chứa đường dẫn (/ hoặc \\)";
  if (name == "." || name == ".." || name.front() == '.')
    return "tên tệp không được bắt đầu bằng dấu chấm";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return "tên tệp chứa ký tự điều khiển";
  return "";
}

// Import outcomes in Vietnamese, for the per-file results.
std::string import_reason_vi(const ImportOutcome& r) {
  if (r.status == "duplicate") return "Trùng với văn bản đã lưu số " + std::to_string(r.id) + ".";
  if (r.status == "stored") {
    if (r.needs_ocr) return "Đã lưu; tệp là bản quét không có lớp chữ, cần nhận dạng chữ (OCR).";
    if (!r.missing.empty()) {
      static const std::map<std::string, std::string> vi = {{"family", "khối (Đảng hay Nhà nước)"},
                                                            {"kind_code", "mã loại văn bản"},
                                                            {"kind_name", "tên loại văn bản"},
                                                            {"number", "số"},
                                                            {"symbol", "số, ký hiệu"},
                                                            {"issuer", "cơ quan ban hành"},
                                                            {"place", "địa danh"},
                                                            {"date", "ngày tháng"},
                                                            {"subject", "trích yếu"},
                                                            {"signer", "người ký"},
                                                            {"signer_position", "chức vụ người ký"},
                                                            {"recipients", "nơi nhận"}};
      std::string m;
      for (const auto& f : r.missing) {
        auto it = vi.find(f);
        m += (m.empty() ? "" : ", ") + (it == vi.end() ? f : it->second);
      }
      return "Đã lưu; chưa đọc được: " + m + ".";
    }
    return "Đã lưu.";
  }
  const auto starts = [&](const char* p) { return r.reason.rfind(p, 0) == 0; };
  std::string why = "tệp không đọc được";
  if (starts("not a PDF")) why = "tệp không phải PDF";
  if (starts("damaged PDF") || starts("PDF too large") || starts("PDF has"))
    why = "tệp PDF bị hỏng hoặc quá lớn, không đọc được";
  if (starts("encrypted PDF"))
    why = "tệp PDF có mật khẩu hoặc bị mã hóa; hãy gỡ mật khẩu rồi nhập lại";
  if (starts("larger than")) why = "tệp lớn hơn 512 MiB";
  return "Bị từ chối: " + why + ". (Chi tiết kỹ thuật: " + r.reason + ")";
}

thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local std::string t_request_user;

}  // namespace

// ---- the server -----------------------------------------------------------------------------

struct WebServer::Impl {
  ServerOptions opt;
  std::string archive_dir;
  std::string data_dir;
  std::unique_ptr<WebStore> store;
  ServicePool pool;
  httplib::Server http;
  int port = 0;

  explicit Impl(ServerOptions o)
      : opt(std::move(o)),
        data_dir(generator::find_data_dir()),
        pool(std::max(2u, std::thread::hardware_concurrency())) {
    archive_dir = archive::ArchiveDir::resolve(opt.archive);
    archive::Archive a(archive_dir, /*create=*/true);  // make the archive if it is new
    store = std::make_unique<WebStore>(archive_dir + "/web.sqlite");
    const int workers = opt.workers > 0 ? opt.workers : 16;
    http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    http.set_payload_max_length(opt.max_request_bytes);
    http.set_read_timeout(10, 0);
    http.set_write_timeout(30, 0);
    http.set_keep_alive_timeout(5);
    http.set_tcp_nodelay(true);  // small JSON answers: no Nagle delay on keep-alive connections
    routes();
  }

  // ---- sessions and permissions ----

  // Failed logins per login name: after kMaxFailures within kLockoutSeconds, that name is refused
  // until the window has passed (argon2id makes each guess slow; this bounds their number).
  static constexpr int kMaxFailures = 5;
  static constexpr int kLockoutSeconds = 15 * 60;
  std::mutex failures_mu;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> failures;

  bool throttled(const std::string& login) {
    std::lock_guard<std::mutex> lock(failures_mu);
    auto it = failures.find(login);
    if (it == failures.end()) return false;
    const auto cutoff = std::chrono::steady_clock::now() - std::chrono::seconds(kLockoutSeconds);
    auto& times = it->second;
    times.erase(std::remove_if(times.begin(), times.end(), [&](auto t) { return t < cutoff; }),
                times.end());
    return static_cast<int>(times.size()) >= kMaxFailures;
  }
  void failed_login(const std::string& login) {
    std::lock_guard<std::mutex> lock(failures_mu);
    if (failures.size() > 100000) failures.clear();  // bounded memory under a flood of names
    failures[login].push_back(std::chrono::steady_clock::now());
  }

  static std::string cookie_value(const Request& req) {
    const std::string cookies = req.get_header_value("Cookie");
    std::size_t pos = 0;
    while (pos < cookies.size()) {
      std::size_t end = cookies.find(';', pos);
      if (end == std::string::npos) end = cookies.size();
      std::string part = cookies.substr(pos, end - pos);
      part.erase(0, part.find_first_not_of(' '));
      const std::string prefix = std::string(kCookie) + "=";
      if (part.rfind(prefix, 0) == 0) return part.substr(prefix.size());
      pos = end + 1;
    }
    return "";
  }

  // A change must come from this site: an Origin header, when sent, names this host.
  static bool same_origin(const Request& req) {
    if (!req.has_header("Origin")) return true;
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    return origin == "http://" + host || origin == "https://" + host;
  }

  using Handler = std::function<void(const Request&, Response&, const Session&)>;

  // Wraps a handler: a session is needed, a change needs the session's CSRF token, the role
  // must allow `p`; exceptions become 500 answers.
  httplib::Server::Handler guard(Permission p, Handler h) {
    return [this, p, h](const Request& req, Response& res) {
      try {
        auto s = store->session(cookie_value(req));
        if (!s) {
          send_error(res, 401, "unauthenticated", "Bạn cần đăng nhập để làm việc này.", "",
                     "POST /api/login");
          return;
        }
        t_request_user = s->user.name;
        if (req.method != "GET" && req.method != "HEAD") {
          const std::string token = req.get_header_value("X-CSRF-Token");
          if (!same_origin(req) || token.size() != s->csrf.size() ||
              sodium_memcmp(token.data(), s->csrf.data(), token.size()) != 0) {
            send_error(res, 403, "csrf",
                       "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại "
                       "trang rồi thử lại.",
                       "X-CSRF-Token");
            return;
          }
        }
        if (!can(s->user.role, p)) {
          send_error(res, 403, "forbidden",
                     std::string("Tài khoản của bạn (vai trò ") + role_label_vi(s->user.role) +
                         ") không có quyền làm việc này.");
          return;
        }
        h(req, res, *s);
      } catch (const BadParam& e) {
        send_error(res, 400, "bad-parameter", e.message, e.field);
      } catch (const InputError& e) {
        send_error(res, 400, "bad-value", e.what(), e.field());
      } catch (const std::exception& e) {
        send_error(res, 500, "internal", "Lỗi nội bộ của máy chủ. Hãy báo cho quản trị viên.", "",
                   e.what());
      }
    };
  }

  void audit(const Session& s, const std::string& action, const std::string& target,
             const json& detail) {
    store->audit(s.user.name, action, target, dump(detail));
  }

  // The request body as a JSON object, or an error answer (and nullopt).
  std::optional<json> json_body(const Request& req, Response& res) {
    if (req.body.size() > opt.max_json_bytes) {
      send_error(
          res, 413, "too-large",
          "Dữ liệu gửi lên quá lớn (tối đa " + std::to_string(opt.max_json_bytes >> 10) + " KiB).");
      return std::nullopt;
    }
    // JSON only: a cross-site HTML form can send text/plain or a form encoding, never JSON.
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
      send_error(res, 415, "bad-content-type",
                 "Nội dung gửi lên phải có Content-Type: application/json.", "Content-Type");
      return std::nullopt;
    }
    json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      send_error(res, 400, "bad-json",
                 "Nội dung gửi lên phải là một đối tượng JSON hợp lệ (UTF-8).", "",
                 "Content-Type: application/json");
      return std::nullopt;
    }
    return j;
  }

  std::vector<std::string> office_names() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data_dir + "/templates/offices", ec))
      if (e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  // Document data from a request body, as text for the loader: an office configuration is named
  // by its name in templates/offices/ (never by a path).
  std::optional<std::string> document_data(const Request& req, Response& res) {
    auto j = json_body(req, res);
    if (!j) return std::nullopt;
    if (j->contains("office")) {
      const json& o = (*j)["office"];
      const auto names = office_names();
      if (!o.is_string() ||
          std::find(names.begin(), names.end(), o.get<std::string>()) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        send_error(res, 400, "unknown-office",
                   "Không có cấu hình cơ quan này. Hãy chọn một trong: " + list + ".", "office");
        return std::nullopt;
      }
      (*j)["office"] = data_dir + "/templates/offices/" + o.get<std::string>() + ".yaml";
    }
    return j->dump(1, ' ', false, json::error_handler_t::replace);
  }

  // ---- routes ----

  void routes() {
    http.set_pre_routing_handler([](const Request&, Response& res) {
      t_request_start = std::chrono::steady_clock::now();
      t_request_user.clear();
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "same-origin");
      res.set_header("X-Frame-Options", "SAMEORIGIN");
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data: blob:; object-src 'self'; "
                     "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
                     "form-action 'self'");
      res.set_header("Cache-Control", "no-store");
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const Request& req,
                                                                   Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (res.status == 413) {
        send_error(res, 413, "too-large",
                   "Yêu cầu quá lớn: tệp tải lên vượt giới hạn của máy chủ. Hãy gửi tệp nhỏ hơn "
                   "hoặc ít tệp hơn mỗi lần.");
      } else if (res.status == 404) {
        send_error(res, 404, "not-found", "Không tìm thấy: " + req.path);
      } else if (res.status == 400) {
        send_error(res, 400, "bad-request", "Yêu cầu không hợp lệ.");
      } else {
        send_error(res, res.status, "error", "Yêu cầu không thực hiện được.");
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
      std::string what = "unknown";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      send_error(res, 500, "internal", "Lỗi nội bộ của máy chủ. Hãy báo cho quản trị viên.", "",
                 what);
    });
    http.set_logger([this](const Request& req, const Response& res) {
      if (!opt.access_log) return;
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                  t_request_start)
                            .count();
      json j = {{"time", std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()},
                {"remote", req.remote_addr},
                {"method", req.method},
                {"path", req.path},
                {"status", res.status},
                {"bytes", res.body.size()},
                {"ms", std::round(ms * 100) / 100},
                {"user", t_request_user}};
      opt.access_log(dump(j));
    });

    static_routes();
    session_routes();
    compose_routes();
    archive_routes();
    admin_routes();
  }

  void static_routes() {
    auto serve_asset = [](const std::string& name, Response& res) {
      for (const auto& a : assets()) {
        if (a.name == name) {
          res.set_content(std::string(a.bytes), std::string(a.content_type).c_str());
          res.set_header("Cache-Control", "no-cache");
          return true;
        }
      }
      return false;
    };
    http.Get("/", [serve_asset](const Request&, Response& res) { serve_asset("index.html", res); });
    http.Get("/assets/([a-z0-9._-]+)", [serve_asset](const Request& req, Response& res) {
      if (!serve_asset(req.matches[1], res)) res.status = 404;
    });
  }

  void session_routes() {
    http.Post("/api/login", [this](const Request& req, Response& res) {
      if (!same_origin(req)) {
        send_error(res, 403, "csrf", "Yêu cầu đăng nhập từ trang khác bị từ chối.");
        return;
      }
      auto j = json_body(req, res);
      if (!j) return;
      const json& name = (*j)["name"];
      const json& pw = (*j)["password"];
      if (!name.is_string() || name.get<std::string>().empty()) {
        send_error(res, 400, "missing-field", "Hãy nhập tên đăng nhập.", "name");
        return;
      }
      if (!pw.is_string() || pw.get<std::string>().empty()) {
        send_error(res, 400, "missing-field", "Hãy nhập mật khẩu.", "password");
        return;
      }
      const std::string login = name.get<std::string>().substr(0, 64);
      if (throttled(login)) {
        res.set_header("Retry-After", std::to_string(kLockoutSeconds));
        send_error(res, 429, "too-many-attempts",
                   "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại, hoặc nhờ quản trị "
                   "viên kiểm tra tài khoản.",
                   "name");
        return;
      }
      auto u = store->check_password(name.get<std::string>(), pw.get<std::string>());
      if (!u) {
        failed_login(login);
        store->audit(login, "login.failed", "", "{}");
        send_error(res, 401, "bad-login", "Sai tên đăng nhập hoặc mật khẩu.", "password");
        return;
      }
      {
        std::lock_guard<std::mutex> lock(failures_mu);
        failures.erase(login);
      }
      Session s = store->create_session(*u);
      t_request_user = u->name;
      store->audit(u->name, "login", u->name, "{}");
      // Secure when a TLS reverse proxy says the browser came over HTTPS.
      const bool https = req.get_header_value("X-Forwarded-Proto") == "https";
      res.set_header("Set-Cookie", std::string(kCookie) + "=" + s.token +
                                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200" +
                                       (https ? "; Secure" : ""));
      send_json(res, 200, session_json(s));
    });
    http.Post("/api/logout",
              guard(Permission::kView, [this](const Request&, Response& res, const Session& s) {
                store->end_session(s.token);
                audit(s, "logout", s.user.name, json::object());
                res.set_header("Set-Cookie", std::string(kCookie) +
                                                 "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                send_json(res, 200, {{"ok", true}});
              }));
    http.Get("/api/session",
             guard(Permission::kView, [](const Request&, Response& res, const Session& s) {
               send_json(res, 200, session_json(s));
             }));
  }

  static json session_json(const Session& s) {
    return {{"user", user_json(s.user)},
            {"csrf", s.csrf},
            {"permissions",
             {{"view", can(s.user.role, Permission::kView)},
              {"compose", can(s.user.role, Permission::kCompose)},
              {"import", can(s.user.role, Permission::kImport)},
              {"admin", can(s.user.role, Permission::kAdmin)}}}};
  }

  void compose_routes() {
    http.Get(
        "/api/templates",
        guard(Permission::kView, [this](const Request&, Response& res, const Session&) {
          auto svc = pool.acquire();
          json out = json::array();
          for (const auto& e : svc->templates())
            out.push_back(
                {{"name", e.name}, {"form", e.form}, {"title", e.title}, {"profiles", e.profiles}});
          send_json(res, 200, {{"templates", out}});
        }));

    http.Get("/api/templates/([^/]+)",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               const std::string name = req.matches[1];
               auto svc = pool.acquire();
               std::optional<generator::CatalogEntry> entry;
               for (auto& e : svc->templates())
                 if (e.name == name) entry = e;
               if (!entry) {
                 send_error(res, 404, "unknown-template",
                            "Không có loại văn bản hay biểu mẫu \"" + name + "\".", "name");
                 return;
               }
               json out = {{"name", entry->name},
                           {"form", entry->form},
                           {"title", entry->title},
                           {"profiles", entry->profiles}};
               Diagnostics diags;
               if (entry->form) {
                 auto f = svc->form(name, diags);
                 if (!f) {
                   send_error(res, 500, "internal", "Biểu mẫu không đọc được.", "", diags.format());
                   return;
                 }
                 out["profile"] = f->profile;
                 out["kind"] = f->kind;
                 json fields = json::array();
                 for (const auto& fd : f->fields)
                   fields.push_back({{"name", fd.name},
                                     {"type", fd.type},
                                     {"label", fd.label},
                                     {"required", fd.required},
                                     {"example", fd.example},
                                     {"examples", fd.examples}});
                 out["fields"] = fields;
               } else {
                 const std::string profile =
                     str_param(req, "profile").empty()
                         ? (entry->profiles.empty() ? "dang" : entry->profiles[0])
                         : str_param(req, "profile");
                 if (std::find(entry->profiles.begin(), entry->profiles.end(), profile) ==
                     entry->profiles.end()) {
                   send_error(res, 400, "unknown-profile",
                              "Loại văn bản này không có mẫu theo bộ quy tắc \"" + profile + "\".",
                              "profile");
                   return;
                 }
                 out["profile"] = profile;
                 auto ex = svc->example(name, profile, diags);
                 if (ex) out["example"] = yaml_to_json(YAML::Load(*ex));
                 for (const auto& a : assets())
                   if (a.name == "document-fields.json") out["fields"] = json::parse(a.bytes);
               }
               send_json(res, 200, out);
             }));

    http.Get("/api/offices",
             guard(Permission::kView, [this](const Request&, Response& res, const Session&) {
               json out = json::array();
               for (const auto& n : office_names()) {
                 json o =
                     yaml_to_json(YAML::LoadFile(data_dir + "/templates/offices/" + n + ".yaml"));
                 o["name"] = n;
                 out.push_back(o);
               }
               send_json(res, 200, {{"offices", out}});
             }));

    http.Post(
        "/api/preview",
        guard(Permission::kCompose, [this](const Request& req, Response& res, const Session&) {
          const std::string format =
              str_param(req, "format").empty() ? "png" : str_param(req, "format");
          if (format != "png" && format != "pdf")
            throw BadParam{"format", "Tham số \"format\" phải là png hoặc pdf."};
          const int64_t dpi = *int_param(req, "dpi", 30, 150, 72);
          auto data = document_data(req, res);
          if (!data) return;
          RenderResult r;
          {
            auto svc = pool.acquire();
            r = svc->render_text(*data, "bieu-mau.json");
          }
          if (r.status != Status::kOk) return send_failure(res, r);
          if (format == "pdf") {
            res.set_content(r.pdf, "application/pdf");
            set_attachment(res, "xem-truoc.pdf", false);
            return;
          }
          std::string error;
          auto pages = Service::page_images(r.pdf, static_cast<double>(dpi), 20, error);
          if (pages.empty()) throw std::runtime_error(error);
          json images = json::array();
          for (const auto& p : pages) images.push_back("data:image/png;base64," + base64(p));
          send_json(res, 200,
                    {{"pages", r.pages}, {"images", images}, {"warnings", warnings_json(r.diags)}});
        }));

    http.Post(
        "/api/documents",
        guard(Permission::kCompose, [this](const Request& req, Response& res, const Session& s) {
          auto data = document_data(req, res);
          if (!data) return;
          Diagnostics dd;
          auto today = Service::today(dd);
          if (!today) throw std::runtime_error(dd.format());
          IssueResult r;
          {
            auto svc = pool.acquire();
            r = svc->issue_text(*data, "web.json", archive_dir, *today);
          }
          if (r.status != Status::kOk) return send_failure(res, r);
          audit(s, "document.issue", "document " + std::to_string(r.id),
                {{"symbol", r.symbol}, {"number", r.number}, {"series", r.series_id}});
          json out = {{"id", r.id},
                      {"number", r.number},
                      {"symbol", r.symbol},
                      {"kind", r.kind},
                      {"date", r.date},
                      {"pages", r.pages},
                      {"sha256", r.sha256},
                      {"series", r.series_id},
                      {"series_description", r.series},
                      {"register_id", r.register_id},
                      {"url", "/api/documents/" + std::to_string(r.id)},
                      {"pdf_url", "/api/documents/" + std::to_string(r.id) + "/pdf"},
                      {"warnings", warnings_json(r.diags)}};
          res.set_header("Location", "/api/documents/" + std::to_string(r.id));
          send_json(res, 201, out);
        }));

    // Drafts: the form as it is, kept per user.
    http.Get("/api/drafts",
             guard(Permission::kCompose, [this](const Request&, Response& res, const Session& s) {
               json out = json::array();
               for (const auto& d : store->drafts(s.user.name))
                 out.push_back({{"id", d.id}, {"title", d.title}, {"updated_at", d.updated_at}});
               send_json(res, 200, {{"drafts", out}});
             }));
    auto save_draft = [this](const Request& req, Response& res, const Session& s,
                             std::optional<int64_t> id) {
      auto j = json_body(req, res);
      if (!j) return;
      if (!(*j)["title"].is_string() || (*j)["title"].get<std::string>().empty()) {
        send_error(res, 400, "missing-field", "Hãy đặt tên cho bản nháp.", "title");
        return;
      }
      if (!(*j)["data"].is_object()) {
        send_error(res, 400, "wrong-type", "Bản nháp phải có dữ liệu văn bản (đối tượng JSON).",
                   "data");
        return;
      }
      const int64_t saved = store->save_draft(s.user.name, id, (*j)["title"], dump((*j)["data"]));
      if (saved == 0) {
        send_error(res, 404, "not-found", "Không có bản nháp này.");
        return;
      }
      audit(s, "draft.save", "draft " + std::to_string(saved), {{"title", (*j)["title"]}});
      send_json(res, id ? 200 : 201, {{"id", saved}});
    };
    http.Post("/api/drafts",
              guard(Permission::kCompose,
                    [save_draft](const Request& req, Response& res, const Session& s) {
                      save_draft(req, res, s, std::nullopt);
                    }));
    http.Put("/api/drafts/([0-9]+)",
             guard(Permission::kCompose,
                   [save_draft](const Request& req, Response& res, const Session& s) {
                     auto id = path_id(req.matches[1]);
                     if (!id) return send_error(res, 404, "not-found", "Không có bản nháp này.");
                     save_draft(req, res, s, id);
                   }));
    http.Get(
        "/api/drafts/([0-9]+)",
        guard(Permission::kCompose, [this](const Request& req, Response& res, const Session& s) {
          auto id = path_id(req.matches[1]);
          auto d = id ? store->draft(s.user.name, *id) : std::nullopt;
          if (!d) return send_error(res, 404, "not-found", "Không có bản nháp này.");
          send_json(res, 200,
                    {{"id", d->id},
                     {"title", d->title},
                     {"updated_at", d->updated_at},
                     {"data", json::parse(d->data, nullptr, false)}});
        }));
    http.Delete(
        "/api/drafts/([0-9]+)",
        guard(Permission::kCompose, [this](const Request& req, Response& res, const Session& s) {
          auto id = path_id(req.matches[1]);
          if (!id || !store->delete_draft(s.user.name, *id))
            return send_error(res, 404, "not-found", "Không có bản nháp này.");
          audit(s, "draft.delete", "draft " + std::to_string(*id), json::object());
          send_json(res, 200, {{"ok", true}});
        }));
  }

  void archive_routes() {
    http.Get("/api/search",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               archive::SearchRequest sr;
               sr.query = str_param(req, "q");
               sr.kind = str_param(req, "kind", 20);
               sr.issuer = str_param(req, "issuer");
               sr.signer = str_param(req, "signer");
               sr.date_from = str_param(req, "from", 10);
               sr.date_to = str_param(req, "to", 10);
               static const std::regex date_re("[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?");
               for (const auto* f : {"from", "to"}) {
                 const std::string v = str_param(req, f, 10);
                 if (!v.empty() && !std::regex_match(v, date_re))
                   throw BadParam{f, std::string("Tham số \"") + f +
                                         "\" phải là năm (2024), tháng (2024-05) hoặc ngày "
                                         "(2024-05-20)."};
               }
               if (auto y = int_param(req, "year", 1900, 2999, std::nullopt)) {
                 sr.date_from = std::to_string(*y);
                 sr.date_to = std::to_string(*y);
               }
               const std::string sort = str_param(req, "sort", 20);
               if (!sort.empty() && sort != "relevance" && sort != "date")
                 throw BadParam{"sort", "Tham số \"sort\" phải là relevance hoặc date."};
               sr.sort =
                   sort == "date" ? archive::SortOrder::kDate : archive::SortOrder::kRelevance;
               sr.limit = static_cast<int>(*int_param(req, "limit", 1, 100, 20));
               sr.offset = static_cast<int>(*int_param(req, "offset", 0, 1000000, 0));
               sr.highlight_open = "\x02";
               sr.highlight_close = "\x03";
               // One open archive per request thread: opening the catalog (its schema, its
               // functions) cost as much as a search.
               thread_local std::unique_ptr<archive::Archive> open_archive;
               thread_local std::string open_dir;
               if (!open_archive || open_dir != archive_dir) {
                 open_archive = std::make_unique<archive::Archive>(archive_dir, false);
                 open_dir = archive_dir;
               }
               Service svc(std::string{});
               auto r = svc.search(*open_archive, sr);
               if (r.status == Status::kUser) {
                 std::string msg = r.diags.all().empty() ? "" : r.diags.all()[0].message;
                 send_error(res, 400, "bad-query", "Điều kiện tìm kiếm không hợp lệ: " + msg, "q");
                 return;
               }
               if (r.status != Status::kOk) return send_failure(res, r);
               json hits = json::array();
               for (const auto& h : r.result.hits) {
                 json hit = document_json(h.doc);
                 hit["score"] = h.score;
                 std::string plain, html;
                 for (char c : h.snippet) {
                   if (c == '\x02') {
                     plain += "«";
                     html += "<mark>";
                   } else if (c == '\x03') {
                     plain += "»";
                     html += "</mark>";
                   } else {
                     plain += c;
                     html += html_escape(std::string_view(&c, 1));
                   }
                 }
                 hit["snippet"] = plain;
                 hit["snippet_html"] = html;
                 hits.push_back(std::move(hit));
               }
               json terms = json::array();
               for (const auto& t : r.result.parsed.terms) terms.push_back(t.text);
               send_json(res, 200,
                         {{"query", sr.query},
                          {"total", r.result.total},
                          {"offset", sr.offset},
                          {"limit", sr.limit},
                          {"sort", sort.empty() ? "relevance" : sort},
                          {"terms", terms},
                          {"notes", r.notes},
                          {"hits", hits}});
             }));

    http.Get("/api/documents/([^/]+)",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               auto id = path_id(req.matches[1]);
               if (!id) return send_error(res, 404, "not-found", "Không có văn bản này.", "id");
               Service svc(std::string{});
               auto r = svc.show(archive_dir, std::to_string(*id), req.has_param("text"));
               if (r.status == Status::kUser)
                 return send_error(res, 404, "not-found",
                                   "Không có văn bản số " + std::to_string(*id) + " trong kho.",
                                   "id");
               if (r.status != Status::kOk) return send_failure(res, r);
               send_json(res, 200, full_document_json(r));
             }));

    // An archivist corrects an imported document's catalog metadata; the PDF never changes.
    http.Patch(
        "/api/documents/([^/]+)",
        guard(Permission::kImport, [this](const Request& req, Response& res, const Session& s) {
          auto id = path_id(req.matches[1]);
          if (!id) return send_error(res, 404, "not-found", "Không có văn bản này.", "id");
          auto j = json_body(req, res);
          if (!j) return;
          MetadataCorrection c;
          const std::vector<std::pair<std::string, std::optional<std::string>*>> texts = {
              {"kind", &c.kind},     {"symbol", &c.symbol},
              {"issuer", &c.issuer}, {"issuer_code", &c.issuer_code},
              {"date", &c.date},     {"subject", &c.subject},
              {"signer", &c.signer}, {"place", &c.place}};
          for (const auto& [key, value] : j->items()) {
            auto it = std::find_if(texts.begin(), texts.end(),
                                   [&](const auto& t) { return key == t.first; });
            if (it != texts.end()) {
              if (!value.is_string())
                return send_error(res, 400, "wrong-type",
                                  "Trường \"" + key + "\" phải là chuỗi ký tự.", key);
              *it->second = value.get<std::string>();
            } else if (key == "number") {
              if (value.is_null()) {
                c.number = std::optional<int64_t>{};
              } else if (value.is_number_integer()) {
                c.number = std::optional<int64_t>{value.get<int64_t>()};
              } else {
                return send_error(res, 400, "wrong-type",
                                  "Số văn bản phải là số nguyên (hoặc null để xóa).", "number");
              }
            } else {
              return send_error(res, 400, "unknown-field",
                                "Không sửa được trường \"" + key +
                                    "\". Chỉ sửa được: kind, number, symbol, issuer, "
                                    "issuer_code, date, subject, signer, place.",
                                key);
            }
          }
          Service svc(std::string{});
          auto r = svc.correct_metadata(archive_dir, *id, c);
          const std::string code = r.diags.all().empty() ? "" : r.diags.all()[0].code;
          if (r.status == Status::kUser && code == "not-found")
            return send_error(res, 404, "not-found", "Không có văn bản này.", "id");
          if (r.status == Status::kUser && code == "immutable")
            return send_error(res, 409, "immutable",
                              "Văn bản ban hành trên hệ thống không sửa được; hãy ban hành "
                              "văn bản đính chính.",
                              "id");
          if (r.status != Status::kOk) return send_failure(res, r);
          json changes = json::object();
          const json before = document_json(r.before), after = document_json(r.after);
          for (const auto& [key, value] : after.items())
            if (before[key] != value) changes[key] = {before[key], value};
          audit(s, "document.correct", "document " + std::to_string(*id), {{"changes", changes}});
          DocumentResult shown;
          shown.doc = r.after;
          json out = full_document_json(shown);
          out["changes"] = changes;
          send_json(res, 200, out);
        }));

    http.Get(
        "/api/documents/([^/]+)/pdf",
        guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
          auto id = path_id(req.matches[1]);
          if (!id) return send_error(res, 404, "not-found", "Không có văn bản này.", "id");
          Service svc(std::string{});
          auto r = svc.get_pdf(archive_dir, std::to_string(*id));
          if (r.status == Status::kUser)
            return send_error(res, 404, "not-found",
                              "Không có văn bản số " + std::to_string(*id) + " trong kho.", "id");
          if (r.status != Status::kOk) return send_failure(res, r);
          res.set_content(r.pdf, "application/pdf");
          const std::string name =
              (r.doc.symbol.empty() ? "van-ban-" + std::to_string(*id) : r.doc.symbol) + ".pdf";
          set_attachment(res, name, req.has_param("download"));
        }));

    http.Get("/api/documents/([^/]+)/pages/([0-9]+)",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               auto id = path_id(req.matches[1]);
               auto page = path_id(req.matches[2]);
               if (!id || !page || *page > 500)
                 return send_error(res, 404, "not-found", "Không có trang này.");
               const int64_t dpi = *int_param(req, "dpi", 30, 150, 72);
               Service svc(std::string{});
               auto r = svc.get_pdf(archive_dir, std::to_string(*id));
               if (r.status == Status::kUser)
                 return send_error(res, 404, "not-found", "Không có văn bản này.", "id");
               if (r.status != Status::kOk) return send_failure(res, r);
               std::string error;
               auto pages = Service::page_images(r.pdf, static_cast<double>(dpi),
                                                 static_cast<int>(*page), error);
               if (static_cast<int64_t>(pages.size()) < *page)
                 return send_error(res, 404, "not-found", "Văn bản không có trang này.");
               res.set_content(pages.back(), "image/png");
             }));

    http.Post("/api/import", guard(Permission::kImport, [this](const Request& req, Response& res,
                                                               const Session& s) {
                if (!req.is_multipart_form_data() || !req.has_file("files")) {
                  send_error(res, 400, "no-files",
                             "Hãy chọn ít nhất một tệp PDF (trường \"files\" của biểu mẫu "
                             "multipart/form-data).",
                             "files");
                  return;
                }
                std::vector<httplib::MultipartFormData> files;
                for (auto [it, end] = req.files.equal_range("files"); it != end; ++it)
                  files.push_back(it->second);
                for (const auto& f : files) {
                  const std::string why = bad_file_name(f.filename);
                  if (!why.empty()) {
                    send_error(res, 400, "bad-file-name",
                               "Tên tệp \"" + f.filename + "\" không hợp lệ: " + why +
                                   ". Không tệp nào được lưu.",
                               "files");
                    return;
                  }
                }
                TempDir dir;
                json results = json::array();
                int kept = 0;
                for (const auto& f : files) {
                  ImportOutcome r;
                  if (f.content.rfind("%PDF-", 0) != 0) {
                    r.file = f.filename;
                    r.status = "rejected";
                    r.reason = "not a PDF file";
                  } else {
                    const fs::path sub = dir.path() / std::to_string(results.size());
                    fs::create_directory(sub);
                    const fs::path p = sub / f.filename;
                    {
                      std::ofstream out(p, std::ios::binary);
                      out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
                      if (!out) throw std::runtime_error("cannot write " + p.string());
                    }
                    auto outcomes = import_pdfs({p.string()}, archive_dir, nullptr);
                    if (outcomes.empty()) throw std::runtime_error("import gave no result");
                    r = outcomes[0];
                    r.file = f.filename;
                  }
                  json j = {{"file", r.file},
                            {"status", r.status},
                            {"message", r.status == "rejected" && r.reason == "not a PDF file"
                                            ? "Bị từ chối: tệp không phải PDF."
                                            : import_reason_vi(r)},
                            {"reason", r.reason},
                            {"needs_ocr", r.needs_ocr},
                            {"missing", r.missing}};
                  if (r.id) j["id"] = r.id;
                  if (r.status == "stored") {
                    j["symbol"] = r.symbol;
                    j["kind"] = r.kind;
                    j["date"] = r.date;
                    j["subject"] = r.subject;
                    audit(s, "document.import", "document " + std::to_string(r.id),
                          {{"file", r.file}, {"symbol", r.symbol}});
                  }
                  if (r.status != "rejected") ++kept;
                  results.push_back(std::move(j));
                }
                json out;
                out["code"] = kept > 0 ? "ok" : "rejected";
                out["message"] = kept > 0 ? "Đã xử lý " + std::to_string(files.size()) + " tệp."
                                          : std::string("Không tệp nào được lưu.");
                out["results"] = results;
                send_json(res, kept > 0 ? 200 : 422, out);
              }));

    http.Get("/api/register",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               auto series = int_param(req, "series", 1, INT64_MAX, std::nullopt);
               Service svc(std::string{});
               auto r = svc.register_list(archive_dir, series);
               if (r.status != Status::kOk) return send_failure(res, r);
               json j = {{"series", json::array()}, {"entries", json::array()}};
               for (const auto& s : r.series)
                 if (!series || s.id == *series) j["series"].push_back(series_json(s));
               for (const auto& e : r.entries) j["entries"].push_back(entry_json(e));
               send_json(res, 200, j);
             }));

    http.Get("/api/register/export",
             guard(Permission::kView, [this](const Request& req, Response& res, const Session&) {
               auto series = int_param(req, "series", 1, INT64_MAX, std::nullopt);
               const std::string format =
                   str_param(req, "format").empty() ? "csv" : str_param(req, "format");
               if (format != "csv" && format != "pdf")
                 throw BadParam{"format", "Tham số \"format\" phải là csv hoặc pdf."};
               auto svc = pool.acquire();
               auto r = format == "pdf" ? svc->register_export_pdf(archive_dir, series)
                                        : svc->register_export_csv(archive_dir, series, true);
               if (r.status != Status::kOk) return send_failure(res, r);
               res.set_content(r.csv,
                               format == "pdf" ? "application/pdf" : "text/csv; charset=utf-8");
               set_attachment(res, "so-van-ban." + format, true);
             }));
  }

  void admin_routes() {
    http.Get("/api/users",
             guard(Permission::kAdmin, [this](const Request&, Response& res, const Session&) {
               json out = json::array();
               for (const auto& u : store->users()) out.push_back(user_json(u));
               send_json(res, 200, {{"users", out}});
             }));
    http.Post("/api/users", guard(Permission::kAdmin, [this](const Request& req, Response& res,
                                                             const Session& s) {
                auto j = json_body(req, res);
                if (!j) return;
                for (const char* f : {"name", "password", "role"})
                  if (!(*j)[f].is_string())
                    return send_error(res, 400, "missing-field",
                                      std::string("Hãy nhập trường \"") + f + "\" (chuỗi).", f);
                auto role = parse_role((*j)["role"]);
                if (!role)
                  return send_error(res, 400, "bad-value",
                                    "Vai trò phải là reader, clerk, archivist hoặc admin.", "role");
                const std::string display =
                    (*j)["display_name"].is_string() ? (*j)["display_name"].get<std::string>() : "";
                User u;
                try {
                  u = store->add_user((*j)["name"], display, *role, (*j)["password"]);
                } catch (const InputError& e) {
                  const std::string msg =
                      e.field() == "password" ? "Mật khẩu cần ít nhất 10 ký tự."
                      : std::string(e.what()).find("taken") != std::string::npos
                          ? "Tên đăng nhập này đã có người dùng."
                          : "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, dấu chấm, "
                            "gạch nối hoặc gạch dưới (tối đa 64 ký tự).";
                  return send_error(res, 400, "bad-value", msg, e.field());
                }
                audit(s, "user.add", u.name, {{"role", role_name(u.role)}});
                send_json(res, 201, user_json(u));
              }));
    http.Get("/api/audit",
             guard(Permission::kAdmin, [this](const Request& req, Response& res, const Session&) {
               const int limit = static_cast<int>(*int_param(req, "limit", 1, 1000, 100));
               const int offset = static_cast<int>(*int_param(req, "offset", 0, INT32_MAX, 0));
               int64_t total = 0;
               json out = json::array();
               for (const auto& e : store->audit_log(limit, offset, &total))
                 out.push_back({{"id", e.id},
                                {"at", e.at},
                                {"user", e.user},
                                {"action", e.action},
                                {"target", e.target},
                                {"detail", json::parse(e.detail, nullptr, false)}});
               send_json(res, 200, {{"total", total}, {"entries", out}});
             }));
  }
};

WebServer::WebServer(ServerOptions opt) : impl_(std::make_unique<Impl>(std::move(opt))) {}
WebServer::~WebServer() = default;

int WebServer::bind() {
  const auto& o = impl_->opt;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
  } else if (impl_->http.bind_to_port(o.host, o.port)) {
    impl_->port = o.port;
  } else {
    impl_->port = -1;
  }
  if (impl_->port <= 0)
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                             " (is the address right and the port free?)");
  return impl_->port;
}

void WebServer::run() { impl_->http.listen_after_bind(); }
void WebServer::stop() { impl_->http.stop(); }
const std::string& WebServer::archive_dir() const { return impl_->archive_dir; }
WebStore& WebServer::store() { return *impl_->store; }

}  // namespace vanthu::app::web
