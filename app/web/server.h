// `vanthu serve`: the web application and its JSON API (docs/api.md) over the service layer.
// cpp-httplib serves the embedded UI and /api/; accounts, sessions, CSRF tokens and the audit log
// live in web.sqlite in the archive directory (web_store.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace vanthu::app::web {

class WebStore;

struct ServerOptions {
  std::string archive;  // the --archive option (empty: $VANTHU_ARCHIVE, then the XDG default)
  std::string host = "127.0.0.1";
  int port = 8080;                            // 0: any free port (see WebServer::bind)
  std::size_t max_request_bytes = 64u << 20;  // largest request body (uploads included)
  std::size_t max_json_bytes = 2u << 20;      // largest JSON body
  int workers = 0;                            // request threads; 0: the library's default
  // One line of JSON per request; null: no access log.
  std::function<void(const std::string&)> access_log;
};

class WebServer {
 public:
  // Opens (creating if needed) the archive and web.sqlite. Throws std::runtime_error.
  explicit WebServer(ServerOptions opt);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds the listening socket; returns the port (the one chosen when the option is 0).
  // Throws std::runtime_error if the address cannot be bound.
  int bind();
  // Serves until stop(); requests being answered are finished first.
  void run();
  void stop();

  const std::string& archive_dir() const;
  WebStore& store();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vanthu::app::web
