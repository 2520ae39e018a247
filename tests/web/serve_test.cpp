// `vanthu serve` and `vanthu user` as programs: the server prints where it listens, logs one JSON
// line per request, and stops gracefully on SIGTERM (exit 0, the request in progress answered);
// accounts are added from the command line with the password on standard input.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using testing::HasSubstr;

// A child process with its standard input and standard error on pipes.
struct Child {
  pid_t pid = -1;
  int in = -1, err = -1;
};

Child spawn(const std::vector<std::string>& args) {
  int in[2], err[2];
  EXPECT_EQ(pipe(in), 0);
  EXPECT_EQ(pipe(err), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  Child c;
  EXPECT_EQ(posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(err[1]);
  c.in = in[1];
  c.err = err[0];
  return c;
}

// Reads standard error until `re` matches (or `seconds` pass); returns everything read.
std::string read_until(int fd, const std::regex& re, int seconds) {
  std::string out;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!std::regex_search(out, re) && std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Reads standard error to its end (or until `seconds` pass).
std::string read_all(int fd, int seconds) {
  std::string out;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

int wait_exit(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    usleep(100000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

class ServeCommand : public testing::Test {
 protected:
  void SetUp() override {
    setenv("VANTHU_DATA", VANTHU_SOURCE_DIR, 1);
    char tmpl[] = "/tmp/vanthu-serve-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  int add_user(const std::string& name, const std::string& role, const std::string& password,
               std::string* err) {
    Child c = spawn({VANTHU_BINARY, "user", "add", name, "--role", role, "--archive", dir_});
    const std::string line = password + "\n";
    EXPECT_EQ(write(c.in, line.data(), line.size()), static_cast<ssize_t>(line.size()));
    close(c.in);
    *err = read_all(c.err, 20);
    close(c.err);
    return wait_exit(c.pid, 20);
  }
  std::string dir_;
};

TEST_F(ServeCommand, UserAddChecksThePassword) {
  std::string err;
  EXPECT_EQ(add_user("quantri", "admin", "ngan", &err), 2);
  EXPECT_THAT(err, HasSubstr("at least 10 characters"));
  EXPECT_EQ(add_user("quan tri", "admin", "mot-mat-khau-dai", &err), 2);
  EXPECT_THAT(err, HasSubstr("login name"));
  EXPECT_EQ(add_user("quantri", "admin", "mot-mat-khau-dai", &err), 0) << err;
  EXPECT_EQ(add_user("quantri", "reader", "mot-mat-khau-dai", &err), 2);
  EXPECT_THAT(err, HasSubstr("taken"));
}

TEST_F(ServeCommand, LogsEachRequestAndStopsGracefullyOnSigterm) {
  std::string err;
  ASSERT_EQ(add_user("vanthu", "clerk", "mot-mat-khau-dai", &err), 0) << err;
  Child c = spawn({VANTHU_BINARY, "serve", "--archive", dir_, "--listen", "127.0.0.1:0"});
  close(c.in);
  std::string log = read_until(c.err, std::regex(R"(serving http://127\.0\.0\.1:(\d+)/)"), 30);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(127\.0\.0\.1:(\d+)/)"))) << log;
  const int port = std::stoi(m[1]);

  httplib::Client cl("127.0.0.1", port);
  cl.set_read_timeout(60, 0);
  auto r = cl.Post("/api/login", R"({"name":"vanthu","password":"mot-mat-khau-dai"})",
                   "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string set_cookie = r->get_header_value("Set-Cookie");
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = json::parse(r->body)["csrf"];
  log += read_until(c.err, std::regex(R"("path":"/api/login")"), 10);
  EXPECT_THAT(log, HasSubstr(R"("method":"POST","path":"/api/login","status":200)"));
  EXPECT_THAT(log, HasSubstr(R"("user":"vanthu")"));

  // A preview in progress when SIGTERM arrives is still answered.
  auto t = cl.Get("/api/templates/CT", {{"Cookie", cookie}});
  ASSERT_EQ(t->status, 200);
  json data = json::parse(t->body)["example"];
  data["header"].erase("number");
  auto pending = std::async(std::launch::async, [&] {
    httplib::Client c2("127.0.0.1", port);
    c2.set_read_timeout(60, 0);
    return c2.Post("/api/preview?format=png&dpi=150", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}},
                   data.dump(), "application/json");
  });
  usleep(100000);  // the request is being answered (typesetting and rendering take longer)
  ASSERT_EQ(kill(c.pid, SIGTERM), 0);
  auto answered = pending.get();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);
  EXPECT_EQ(json::parse(answered->body)["pages"], 2);
  log += read_until(c.err, std::regex("stopped"), 30);
  close(c.err);
  EXPECT_EQ(wait_exit(c.pid, 30), 0);
  EXPECT_THAT(log, HasSubstr("vanthu: stopped"));
}

TEST_F(ServeCommand, ABadListenAddressIsAUserError) {
  Child c = spawn({VANTHU_BINARY, "serve", "--archive", dir_, "--listen", "localhost"});
  close(c.in);
  const std::string err = read_until(c.err, std::regex("HOST:PORT"), 20);
  close(c.err);
  EXPECT_EQ(wait_exit(c.pid, 20), 2);
  EXPECT_THAT(err, HasSubstr("expected HOST:PORT"));
}

}  // namespace
