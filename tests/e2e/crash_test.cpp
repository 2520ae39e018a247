// Crash safety of `vanthu issue`, judged by `vanthu verify` and `vanthu register list`, and the
// maintenance commands end to end.
//
// CrashTest: 100 rounds of `vanthu issue --json` killed with SIGKILL after a random delay (fixed
// seed), some rounds with three issues at once. After every round: `vanthu verify` exits 0
// (unreferenced PDFs and temporary files are allowed: they are warnings), the register's numbers
// are 1..n without gaps, and every document an issue reported on standard output is in the
// register with its id, number and symbol.
//
// MaintenanceCliTest: the checker can fail (a damaged PDF makes `vanthu verify` exit 2 naming the
// document), and backup/restore through the command line, also while documents are being issued.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e/e2e_util.h"

extern char** environ;

namespace vanthu::e2e {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Seed 002 made issuable: its `number:` line removed, the committee term added under header.
std::string issuable_002() {
  std::istringstream in(read_file(seed_path("002")));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  number:", 0) == 0) continue;
    out += line + "\n";
    if (line == "header:") out += "  term: \"2020-2025\"\n";
  }
  return out;
}

// A `vanthu issue --json DATA --archive ARCHIVE` child process whose standard output and error
// go to files (so that nothing is lost or blocks when it is killed).
class IssueProcess {
 public:
  IssueProcess(const fs::path& data, const fs::path& archive, const fs::path& out_file,
               const fs::path& err_file)
      : IssueProcess({"issue", "--json", data.string(), "--archive", archive.string()}, out_file,
                     err_file) {}
  // Any vanthu command.
  IssueProcess(std::vector<std::string> command, const fs::path& out_file, const fs::path& err_file)
      : out_(out_file), err_(err_file) {
    std::vector<std::string> args = {VANTHU_BINARY};
    args.insert(args.end(), command.begin(), command.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  }
  ~IssueProcess() {
    if (!waited_) {
      kill(pid_, SIGKILL);
      wait();
    }
  }
  IssueProcess(const IssueProcess&) = delete;
  IssueProcess& operator=(const IssueProcess&) = delete;

  void kill_now() { kill(pid_, SIGKILL); }  // no effect once it has exited
  void wait() {
    if (waited_) return;
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    waited_ = true;
  }
  bool killed() const { return WIFSIGNALED(status_) && WTERMSIG(status_) == SIGKILL; }
  bool exited_ok() const { return WIFEXITED(status_) && WEXITSTATUS(status_) == 0; }
  std::string describe() const {
    if (WIFEXITED(status_)) return "exit status " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) return "signal " + std::to_string(WTERMSIG(status_));
    return "status " + std::to_string(status_);
  }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  fs::path out_, err_;
  pid_t pid_ = -1;
  int status_ = 0;
  bool waited_ = false;
};

class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    const char* v = std::getenv(name);
    if (v) saved_ = v;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~EnvGuard() {
    if (saved_)
      setenv(name_.c_str(), saved_->c_str(), 1);
    else
      unsetenv(name_.c_str());
  }

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

struct Issued {
  int64_t id = 0, number = 0;
  std::string symbol, sha256, pdf;
};

TEST(CrashTest, KilledIssuesLeaveAConsistentArchive) {
  EnvGuard today("VANTHU_TODAY", "2023-05-10");
  EnvGuard archive_env("VANTHU_ARCHIVE", nullptr);
  TempDir dir;
  const fs::path data = dir / "issue.yaml";
  write_file(data, issuable_002());
  const fs::path archive = dir / "archive";

  constexpr int kRounds = 100;
  std::map<int64_t, Issued> issued;  // by number: every issue that reported its document
  auto record = [&](const std::string& out) {
    json j = json::parse(out);
    Issued d{j["id"], j["number"], j["symbol"], j["sha256"], j["pdf"]};
    EXPECT_EQ(issued.count(d.number), 0u) << "number " << d.number << " reported twice";
    issued[d.number] = d;
  };

  // How long one issue takes here (it creates the archive, then two more): kills are spread over
  // a little more than that, so that some land in every phase (start-up, typesetting, the PDF
  // write, the commit, after it) and some issues finish. At least 0–60 ms.
  std::vector<double> took;
  for (int i = 0; i < 3; ++i) {
    const auto t = Clock::now();
    RunResult r = run_vanthu({"issue", "--json", data.string(), "--archive", archive.string()});
    took.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    record(r.out);
  }
  std::sort(took.begin(), took.end());
  const int max_delay_us = std::max(60000, static_cast<int>(took[1] * 1.25));
  std::mt19937 rng(20230510);  // fixed seed
  std::uniform_int_distribution<int> delay_us(0, max_delay_us);
  int children = 0, killed = 0, completed = 0, killed_after_report = 0, concurrent_rounds = 0;
  int new_orphans = 0, new_temps = 0, committed_unreported = 0;
  std::size_t last_entries = issued.size();
  int last_orphans = 0, last_temps = 0;
  const auto start = Clock::now();

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // One issue, or (every tenth round) three at once that wait for each other's write lock.
    const bool concurrent = round % 10 == 7;
    const int n = concurrent ? 3 : 1;
    concurrent_rounds += concurrent;
    std::vector<std::unique_ptr<IssueProcess>> procs;
    std::vector<std::pair<int, int>> kills;  // (delay µs, child)
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
      const std::string tag = std::to_string(round) + "-" + std::to_string(i);
      procs.push_back(std::make_unique<IssueProcess>(data, archive, dir / ("out." + tag),
                                                     dir / ("err." + tag)));
      // In concurrent rounds the last child is left alone, so that each such round issues.
      if (!concurrent || i < n - 1) kills.emplace_back(delay_us(rng) * (concurrent ? 2 : 1), i);
    }
    children += n;
    std::sort(kills.begin(), kills.end());
    for (const auto& [us, i] : kills) {
      std::this_thread::sleep_until(t0 + std::chrono::microseconds(us));
      procs[static_cast<std::size_t>(i)]->kill_now();
    }
    std::size_t reported = 0;
    for (auto& p : procs) {
      p->wait();
      const std::string out = p->out();
      if (p->killed()) {
        ++killed;
      } else {
        ASSERT_TRUE(p->exited_ok()) << p->describe() << "\n" << p->err();
        ++completed;
      }
      // A whole line on standard output: the issue committed (printing comes after the commit).
      if (out.empty() || out.back() != '\n') continue;
      if (p->killed()) ++killed_after_report;
      record(out);
      ++reported;
    }

    ASSERT_TRUE(fs::exists(archive / "catalog.sqlite"));

    // verify: no errors (warnings allowed).
    RunResult v = run_vanthu({"verify", "--archive", archive.string(), "--json"});
    ASSERT_EQ(v.exit_code, 0) << v.out << v.err;
    json report = json::parse(v.out);
    ASSERT_TRUE(report["ok"].get<bool>()) << v.out;
    int orphans = 0, temps = 0;
    for (const auto& f : report["findings"]) {
      EXPECT_EQ(f["severity"], "warning") << f.dump();
      const std::string check = f["check"];
      EXPECT_TRUE(check == "pdf-orphan" || check == "pdf-temp-file") << f.dump();
      orphans += check == "pdf-orphan";
      temps += check == "pdf-temp-file";
    }
    // Killed after the PDF was stored, before the commit; killed while it was being written. (An
    // unreferenced PDF can be adopted later: the next issue of the same number makes the same
    // bytes.)
    new_orphans += std::max(0, orphans - last_orphans);
    new_temps += std::max(0, temps - last_temps);
    last_orphans = orphans;
    last_temps = temps;

    // The register: numbers 1..n, each with its document; every reported issue is there.
    RunResult l = run_vanthu({"register", "list", "--archive", archive.string(), "--json"});
    ASSERT_EQ(l.exit_code, 0) << l.err;
    json entries = json::parse(l.out)["entries"];
    for (std::size_t i = 0; i < entries.size(); ++i) {
      ASSERT_EQ(entries[i]["number"], static_cast<int64_t>(i + 1)) << l.out;
      ASSERT_FALSE(entries[i]["document_id"].is_null()) << entries[i].dump();
      EXPECT_EQ(entries[i]["status"], "issued");
    }
    EXPECT_EQ(report["counts"]["documents"], entries.size());
    // Killed after the commit, before printing: issued, but nobody was told.
    ASSERT_GE(entries.size(), last_entries + reported);
    committed_unreported += static_cast<int>(entries.size() - last_entries - reported);
    last_entries = entries.size();
    for (const auto& [number, d] : issued) {
      ASSERT_LE(number, static_cast<int64_t>(entries.size()))
          << "issued " << d.symbol << " is gone";
      const json& e = entries[static_cast<std::size_t>(number - 1)];
      EXPECT_EQ(e["document_id"], d.id) << d.symbol;
      EXPECT_EQ(e["symbol"], d.symbol);
      EXPECT_TRUE(fs::exists(d.pdf)) << d.pdf;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << "[ figures  ] " << kRounds << " rounds (" << concurrent_rounds
            << " with 3 concurrent issues), " << children << " issue processes killed after "
            << "0–" << max_delay_us / 1000 << " ms (one issue takes " << took[1] / 1000
            << " ms here): " << killed << " killed, " << completed << " completed; kills that "
            << "left a temporary file: " << new_temps << ", an unreferenced PDF: " << new_orphans
            << ", a committed but unreported document: " << committed_unreported
            << ", a reported one: " << killed_after_report << "; " << last_entries
            << " documents issued; " << seconds << " s\n";
  // The test means something only if kills did land while issuing, and issues did complete.
  EXPECT_GT(killed, kRounds / 4);
  EXPECT_GT(completed, kRounds / 10);
  EXPECT_GT(new_orphans + new_temps, 0) << "no kill landed while a PDF was being stored";
}

// 100 rounds of `vanthu import --json` of four new PDFs, killed with SIGKILL after a random delay
// (fixed seed). After every round: `vanthu verify` finds no error (it also compares the full-text
// index with the catalog), every document a killed import reported as stored is in the archive
// with its file, and the index finds all of them.
TEST(CrashTest, KilledImportsLeaveAConsistentArchive) {
  EnvGuard archive_env("VANTHU_ARCHIVE", nullptr);
  TempDir dir;
  const fs::path archive = dir / "archive";
  const fs::path import_data = fs::path(VANTHU_TEST_DATA) / "import";
  const std::vector<std::string> sources = {"vanthu-dang-CT.pdf", "vanthu-nha-nuoc-CV.pdf",
                                            "lo-state-qd.pdf", "peer-002-libreoffice.pdf"};
  // Each round imports new files: the same PDFs with a different comment after %%EOF (readers
  // ignore it), so each is a new document rather than a duplicate.
  int serial = 0;
  auto batch = [&](const std::string& name) {
    const fs::path d = dir / name;
    fs::create_directories(d);
    for (const auto& src : sources) {
      const std::string n = std::to_string(serial++);
      write_file(d / (n + "-" + src),
                 read_file((import_data / src).string()) + "\n%vanthu-crash-test " + n + "\n");
    }
    return d;
  };
  std::map<int64_t, std::string> stored;  // id → file, as reported
  auto record = [&](const std::string& out) {
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof()) break;  // an unfinished last line: not reported
      const json j = json::parse(line);
      if (j["status"] == "stored") {
        EXPECT_EQ(stored.count(j["id"]), 0u) << line;
        stored[j["id"].get<int64_t>()] = j["file"];
      }
    }
  };
  const auto t = Clock::now();
  RunResult first =
      run_vanthu({"import", "--json", batch("first").string(), "--archive", archive.string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  record(first.out);
  ASSERT_EQ(stored.size(), sources.size());
  const int max_delay_us = std::max(
      40000,
      static_cast<int>(std::chrono::duration<double, std::micro>(Clock::now() - t).count() * 1.25));
  std::mt19937 rng(20240101);
  std::uniform_int_distribution<int> delay_us(0, max_delay_us);
  constexpr int kRounds = 100;
  int killed = 0, completed = 0, partial = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const fs::path files = batch("r" + std::to_string(round));
    const std::size_t before = stored.size();
    {
      IssueProcess p({"import", "--json", files.string(), "--archive", archive.string()},
                     dir / "out", dir / "err");
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
      p.kill_now();
      p.wait();
      if (p.killed()) {
        ++killed;
      } else {
        ASSERT_TRUE(p.exited_ok()) << p.describe() << "\n" << p.err();
        ++completed;
      }
      record(p.out());
    }
    const std::size_t now = stored.size() - before;
    partial += now > 0 && now < sources.size();

    RunResult v = run_vanthu({"verify", "--archive", archive.string(), "--json"});
    ASSERT_EQ(v.exit_code, 0) << v.out << v.err;
    const json report = json::parse(v.out);
    for (const auto& f : report["findings"]) {
      const std::string check = f["check"];
      EXPECT_TRUE(check == "pdf-orphan" || check == "pdf-temp-file") << f.dump();
    }
    // Every document reported as stored is there, and the index finds every document.
    RunResult all = run_vanthu({"search", "--json", "--limit", "1000", "--archive",
                                archive.string(), "", "--sort", "date"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    std::set<int64_t> ids;
    const json listed = json::parse(all.out);
    for (const auto& h : listed["hits"]) ids.insert(h["id"].get<int64_t>());
    for (const auto& [id, file] : stored) ASSERT_TRUE(ids.count(id)) << id << " " << file;
    RunResult words =
        run_vanthu({"search", "--json", "--limit", "1", "--archive", archive.string(), "Số"});
    ASSERT_EQ(words.exit_code, 0) << words.err;
    EXPECT_GE(json::parse(words.out)["total"].get<int64_t>(), static_cast<int64_t>(stored.size()));
  }
  std::cout << "[ figures  ] " << kRounds << " imports of " << sources.size()
            << " PDFs killed after 0–" << max_delay_us / 1000 << " ms: " << killed << " killed ("
            << partial << " after part of the batch), " << completed << " completed; "
            << stored.size() << " documents reported stored\n";
  EXPECT_GT(killed, kRounds / 4);
  EXPECT_GT(partial, 0) << "no kill landed between two files";
}

TEST(CrashTest, KilledFirstIssueLeavesNoArchiveOrAUsableOne) {
  // Kills while the first issue creates the archive (directory, catalog, schema).
  EnvGuard today("VANTHU_TODAY", "2023-05-10");
  EnvGuard archive_env("VANTHU_ARCHIVE", nullptr);
  TempDir dir;
  const fs::path data = dir / "issue.yaml";
  write_file(data, issuable_002());
  // Spread the kills over one first issue's time here (it creates the archive).
  const auto t = Clock::now();
  RunResult first =
      run_vanthu({"issue", "--json", data.string(), "--archive", (dir / "timing").string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const int max_delay_us = std::max(
      20000, static_cast<int>(std::chrono::duration<double, std::micro>(Clock::now() - t).count()));
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delay_us(0, max_delay_us);
  int without_archive = 0;
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const fs::path archive = dir / ("archive" + std::to_string(round));
    {
      IssueProcess p(data, archive, dir / "out", dir / "err");
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
      p.kill_now();
      p.wait();
    }
    RunResult v = run_vanthu({"verify", "--archive", archive.string()});
    if (!fs::exists(archive / "catalog.sqlite")) {
      ++without_archive;
      EXPECT_EQ(v.exit_code, 2) << v.out << v.err;
      EXPECT_NE(v.err.find("no archive"), std::string::npos) << v.err;
    } else {
      EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    }
    // The next issue works and takes the next free number.
    RunResult r = run_vanthu({"issue", "--json", data.string(), "--archive", archive.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json entries = json::parse(
        run_vanthu({"register", "list", "--archive", archive.string(), "--json"}).out)["entries"];
    ASSERT_FALSE(entries.empty());
    for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i]["number"], i + 1);
    EXPECT_EQ(json::parse(r.out)["number"], entries.size());
    EXPECT_EQ(run_vanthu({"verify", "--archive", archive.string()}).exit_code, 0);
  }
  std::cout << "[ figures  ] first issue killed 10 times: " << without_archive
            << " left no catalog yet\n";
}

// ---- the maintenance commands from the command line -------------------------------------------

class MaintenanceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_ / "issue.yaml";
    write_file(data_, issuable_002());
    archive_ = (dir_ / "archive").string();
  }
  RunResult issue() {
    return run_vanthu({"issue", data_.string(), "--archive", archive_, "--json"});
  }

  EnvGuard today_{"VANTHU_TODAY", "2023-05-10"};
  EnvGuard archive_env_{"VANTHU_ARCHIVE", nullptr};
  TempDir dir_;
  fs::path data_;
  std::string archive_;
};

TEST_F(MaintenanceCliTest, VerifyExitsTwoAndNamesTheDocumentOfADamagedPdf) {
  std::string pdf;  // document 2's
  for (int i = 0; i < 3; ++i) {
    RunResult r = issue();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    if (i == 1) pdf = json::parse(r.out)["pdf"];
  }
  RunResult clean = run_vanthu({"verify", "--archive", archive_});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("result: no problems"), std::string::npos) << clean.out;

  // Damage document 2's PDF: one bit.
  std::string bytes = read_file(pdf);
  bytes[bytes.size() / 3] ^= 0x01;
  fs::permissions(pdf, fs::perms::owner_write, fs::perm_options::add);
  write_file(pdf, bytes);

  RunResult bad = run_vanthu({"verify", "--archive", archive_});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("error [pdf-damaged] document 2 (02-CT/HU)"), std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("what to do:"), std::string::npos) << bad.out;
  RunResult j = run_vanthu({"verify", "--archive", archive_, "--json"});
  EXPECT_EQ(j.exit_code, 2);
  json report = json::parse(j.out);
  EXPECT_FALSE(report["ok"].get<bool>());
  ASSERT_EQ(report["findings"].size(), 1u) << j.out;
  EXPECT_EQ(report["errors"], 1);
  bool found = false;
  for (const auto& f : report["findings"])
    if (f["check"] == "pdf-damaged") {
      found = true;
      EXPECT_EQ(f["document_id"], 2);
      EXPECT_EQ(f["severity"], "error");
      EXPECT_EQ(fs::path(archive_) / f["path"].get<std::string>(), fs::path(pdf));
    }
  EXPECT_TRUE(found) << j.out;
}

TEST_F(MaintenanceCliTest, VerifyWithoutAnArchiveExitsTwo) {
  RunResult r = run_vanthu({"verify", "--archive", (dir_ / "none").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no archive at"), std::string::npos) << r.err;
}

TEST_F(MaintenanceCliTest, BackupAndRestoreFromTheCommandLine) {
  for (int i = 0; i < 2; ++i) ASSERT_EQ(issue().exit_code, 0);
  const std::string backup = (dir_ / "backup").string();
  RunResult b = run_vanthu({"backup", backup, "--archive", archive_});
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_NE(b.out.find("2 documents"), std::string::npos) << b.out;
  EXPECT_TRUE(fs::exists(fs::path(backup) / "BACKUP-INFO"));
  // DEST must be new or empty.
  RunResult again = run_vanthu({"backup", backup, "--archive", archive_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("is not empty"), std::string::npos) << again.err;

  const std::string restored = (dir_ / "restored").string();
  RunResult r = run_vanthu({"restore", backup, "--archive", restored});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("result: no problems"), std::string::npos) << r.out;
  // Restore refuses a target that is not empty: the live archive here.
  RunResult over = run_vanthu({"restore", backup, "--archive", archive_});
  EXPECT_EQ(over.exit_code, 2);
  EXPECT_NE(over.err.find("is not empty"), std::string::npos) << over.err;
  EXPECT_EQ(run_vanthu({"verify", "--archive", archive_}).exit_code, 0);

  RunResult a = run_vanthu({"register", "list", "--archive", archive_, "--json"});
  RunResult c = run_vanthu({"register", "list", "--archive", restored, "--json"});
  json ja = json::parse(a.out), jc = json::parse(c.out);
  EXPECT_EQ(ja["entries"], jc["entries"]);
  EXPECT_EQ(ja["series"], jc["series"]);
}

TEST_F(MaintenanceCliTest, BackupsTakenWhileIssuingRestoreToCleanArchives) {
  ASSERT_EQ(issue().exit_code, 0);
  // Two shell loops issue 15 documents each while five backups are taken.
  const std::string script = R"sh(
bin=$1 data=$2 archive=$3
loop() {
  i=0
  while [ $i -lt 15 ]; do
    "$bin" issue --json "$data" --archive "$archive" >/dev/null || exit 1
    i=$((i + 1))
  done
}
loop & loop &
wait
)sh";
  pid_t pid = 0;
  {
    std::vector<std::string> args = {"sh",          "-c",           script,  "sh",
                                     VANTHU_BINARY, data_.string(), archive_};
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawnp(&pid, "sh", nullptr, nullptr, argv.data(), environ), 0);
  }
  std::vector<int64_t> counts;
  for (int k = 0; k < 5; ++k) {
    const std::string backup = (dir_ / ("backup" + std::to_string(k))).string();
    RunResult b = run_vanthu({"backup", backup, "--archive", archive_});
    EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
    const std::string restored = (dir_ / ("restored" + std::to_string(k))).string();
    RunResult r = run_vanthu({"restore", backup, "--archive", restored});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    RunResult l = run_vanthu({"register", "list", "--archive", restored, "--json"});
    json entries = json::parse(l.out)["entries"];
    for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i]["number"], i + 1);
    counts.push_back(static_cast<int64_t>(entries.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(std::is_sorted(counts.begin(), counts.end()));
  std::string seen;
  for (auto c : counts) seen += std::to_string(c) + " ";
  std::cout << "[ figures  ] documents in the backups taken while issuing: " << seen << "\n";
  EXPECT_EQ(run_vanthu({"verify", "--archive", archive_}).exit_code, 0);
}

}  // namespace
}  // namespace vanthu::e2e
