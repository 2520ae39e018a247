// `vanthu serve` (the HTTP server, stopped gracefully by SIGINT or SIGTERM) and `vanthu user`
// (accounts in the archive's web.sqlite). They run and exit from their own callbacks, like
// `vanthu import`: the exit status travels in CLI::RuntimeError.
#include "app/web/web_cmd.h"

#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "app/web/server.h"
#include "app/web/web_store.h"
#include "archive/archive.h"
#include "archive/archive_dir.h"
#include "archive/errors.h"

namespace vanthu::app::web {

namespace {

const char* const kArchiveHelp =
    "archive directory (default: $VANTHU_ARCHIVE, else $XDG_DATA_HOME/vanthu, else "
    "~/.local/share/vanthu)";

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback) → host and port; false if malformed.
bool parse_listen(const std::string& s, std::string& host, int& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  host = s.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  const std::string p = s.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos)
    return false;
  port = std::stoi(p);
  return port <= 65535;
}

// A password from standard input: asked twice without echo on a terminal, else the first line.
std::optional<std::string> read_password() {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string a, b;
  std::cerr << "password: " << std::flush;
  std::getline(std::cin, a);
  std::cerr << "\nagain: " << std::flush;
  std::getline(std::cin, b);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (a != b) {
    std::cerr << "vanthu: error: the passwords differ\n";
    return std::nullopt;
  }
  return a;
}

std::unique_ptr<WebStore> open_store(const std::string& archive_option) {
  const std::string dir = archive::ArchiveDir::resolve(archive_option);
  archive::Archive a(dir, /*create=*/true);
  return std::make_unique<WebStore>(dir + "/web.sqlite");
}

}  // namespace

void add_web_commands(CLI::App& app) {
  struct ServeOptions {
    std::string archive, listen = "127.0.0.1:8080", access_log = "-";
    int max_upload_mb = 64;
    int workers = 16;
  };
  auto so = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand(
      "serve", "Start the web application (Vietnamese UI and JSON API under /api/)");
  serve->add_option("--archive", so->archive, kArchiveHelp);
  serve->add_option("--listen", so->listen,
                    "address and port to listen on (default 127.0.0.1:8080, loopback only; port 0 "
                    "picks a free one)");
  serve
      ->add_option("--max-upload-mb", so->max_upload_mb, "largest request body in MiB (default 64)")
      ->check(CLI::Range(1, 4096));
  serve->add_option("--workers", so->workers, "request threads (default 16)")
      ->check(CLI::Range(1, 256));
  serve->add_option("--access-log", so->access_log,
                    "where the access log goes, one JSON line per request: - (standard error, "
                    "default), a file, or none");
  serve->callback([so]() {
    ServerOptions opt;
    opt.archive = so->archive;
    if (!parse_listen(so->listen, opt.host, opt.port)) {
      std::cerr << "vanthu: error: --listen " << so->listen
                << ": expected HOST:PORT, e.g. 127.0.0.1:8080\n";
      throw CLI::RuntimeError(2);
    }
    opt.max_request_bytes = static_cast<std::size_t>(so->max_upload_mb) << 20;
    opt.workers = so->workers;
    auto log_mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::ostream> log_file;
    if (so->access_log == "-") {
      opt.access_log = [log_mutex](const std::string& line) {
        std::lock_guard<std::mutex> lock(*log_mutex);
        std::cerr << line << "\n" << std::flush;
      };
    } else if (so->access_log != "none") {
      log_file = std::make_shared<std::ofstream>(so->access_log, std::ios::app);
      if (!*log_file) {
        std::cerr << "vanthu: error: --access-log " << so->access_log << ": cannot open it\n";
        throw CLI::RuntimeError(2);
      }
      opt.access_log = [log_mutex, log_file](const std::string& line) {
        std::lock_guard<std::mutex> lock(*log_mutex);
        *log_file << line << "\n" << std::flush;
      };
    }
    // SIGINT and SIGTERM are taken by one thread, which stops the server: requests being
    // answered finish, then the program exits 0.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::unique_ptr<WebServer> server;
    int port = 0;
    try {
      server = std::make_unique<WebServer>(opt);
      port = server->bind();
    } catch (const archive::UserError& e) {
      std::cerr << "vanthu: error: " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    } catch (const std::exception& e) {
      std::cerr << "vanthu: error: " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    }
    const std::string shown_host =
        opt.host.find(':') != std::string::npos ? "[" + opt.host + "]" : opt.host;
    std::cerr << "vanthu: serving http://" << shown_host << ":" << port << "/ (archive "
              << server->archive_dir() << "); stop with Ctrl-C\n"
              << std::flush;
    std::thread waiter([&server, stop_signals]() {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      server->stop();
    });
    server->run();
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if the server stopped itself
    waiter.join();
    std::cerr << "vanthu: stopped\n";
    throw CLI::RuntimeError(0);
  });

  struct UserOptions {
    std::string archive, name, display_name, role = "reader";
  };
  auto uo = std::make_shared<UserOptions>();
  auto* user = app.add_subcommand("user", "Accounts of the web application");
  user->require_subcommand(1);
  auto* add = user->add_subcommand(
      "add",
      "Add an account; the password is read from standard input (asked twice on a terminal)");
  add->add_option("NAME", uo->name, "login name (ASCII letters, digits, . _ -)")->required();
  add->add_option("--role", uo->role, "reader, clerk, archivist or admin (default reader)")
      ->check(CLI::IsMember({"reader", "clerk", "archivist", "admin"}));
  add->add_option("--display-name", uo->display_name, "name as shown, e.g. \"Nguyễn Thị Hoa\"");
  add->add_option("--archive", uo->archive, kArchiveHelp);
  add->callback([uo]() {
    try {
      auto store = open_store(uo->archive);
      auto pw = read_password();
      if (!pw) {
        std::cerr << "vanthu: error: no password given on standard input\n";
        throw CLI::RuntimeError(2);
      }
      User u = store->add_user(uo->name, uo->display_name, *parse_role(uo->role), *pw);
      store->audit("-", "user.add", u.name,
                   std::string("{\"role\":\"") + role_name(u.role) + "\",\"by\":\"command line\"}");
      std::cout << "added " << u.name << " (" << role_name(u.role) << ")\n";
    } catch (const InputError& e) {
      std::cerr << "vanthu: error: " << e.field() << ": " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    } catch (const archive::UserError& e) {
      std::cerr << "vanthu: error: " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    } catch (const CLI::RuntimeError&) {
      throw;
    } catch (const std::exception& e) {
      std::cerr << "vanthu: internal error: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    throw CLI::RuntimeError(0);
  });
  auto* list = user->add_subcommand("list", "List the accounts");
  list->add_option("--archive", uo->archive, kArchiveHelp);
  list->callback([uo]() {
    try {
      auto store = open_store(uo->archive);
      for (const auto& u : store->users())
        std::cout << u.name << "\t" << role_name(u.role) << "\t" << u.display_name << "\t"
                  << u.created_at << "\n";
    } catch (const std::exception& e) {
      std::cerr << "vanthu: error: " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    }
    throw CLI::RuntimeError(0);
  });
}

}  // namespace vanthu::app::web
