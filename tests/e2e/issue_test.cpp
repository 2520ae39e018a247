// `vanthu issue` and `vanthu register` end to end: concurrent processes take every number exactly
// once; bad data, a Party document without its committee term, a number in the data or a
// document that cannot be typeset exit with status 2 and leave the register as it was; a given
// date is kept; voiding keeps the number taken; the CSV export has the decree's columns.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

using nlohmann::json;

// Seed 002 made issuable: its `number:` line removed, the committee term added under header. It
// keeps its date (2023-05-10).
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

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  if (p == std::string::npos) throw std::runtime_error("test data has no \"" + from + "\"");
  return s.replace(p, from.size(), to);
}

std::string without_line(const std::string& s, const std::string& prefix) {
  std::istringstream in(s);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) != 0) out += line + "\n";
  return out;
}

class IssueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    save("VANTHU_TODAY");
    save("VANTHU_ARCHIVE");
    setenv("VANTHU_TODAY", "2023-03-15", 1);
    unsetenv("VANTHU_ARCHIVE");
    archive_ = (dir_ / "archive").string();
    data_ = write("issue.yaml", issuable_002());
    undated_ = write("undated.yaml", without_line(issuable_002(), "  date:"));
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_)
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
  }

  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    write_file(p, content);
    return p.string();
  }
  RunResult issue(const std::string& data, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"issue", data, "--archive", archive_, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_vanthu(args);
  }
  // The register's entries (from `vanthu register list --json`), or empty if there is no archive.
  json entries() {
    RunResult r = run_vanthu({"register", "list", "--archive", archive_, "--json"});
    if (r.exit_code == 2 && r.err.find("no archive") != std::string::npos) return json::array();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out)["entries"];
  }

  TempDir dir_;
  std::string archive_, data_, undated_;

 private:
  void save(const char* name) {
    const char* v = std::getenv(name);
    saved_[name] = v ? std::optional<std::string>(v) : std::nullopt;
  }
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST_F(IssueTest, IssuesNumbersDatesStoresAndPrintsOneJsonObject) {
  RunResult r = issue(undated_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["id"], 1);
  EXPECT_EQ(j["number"], 1);
  EXPECT_TRUE(j["number"].is_number_integer());
  EXPECT_EQ(j["symbol"], "01-CT/HU");
  EXPECT_EQ(j["kind"], "CT");
  EXPECT_EQ(j["date"], "2023-03-15");  // $VANTHU_TODAY: the data gives no date
  EXPECT_EQ(j["pages"], page_count(j["pdf"].get<std::string>()));
  const std::string pdf = j["pdf"];
  ASSERT_TRUE(fs::path(pdf).is_absolute());
  EXPECT_EQ(fs::path(pdf).filename().string(), j["sha256"].get<std::string>() + ".pdf");
  EXPECT_EQ(fs::path(pdf).parent_path(),
            fs::path(archive_) / "pdf" / j["sha256"].get<std::string>().substr(0, 2));
  // The number and date are printed on the page.
  RunResult text = pdftotext(pdf, 1, 1);
  EXPECT_NE(text.out.find("Số 01-CT/HU"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("ngày 15 tháng 3 năm 2023"), std::string::npos) << text.out;

  RunResult human = run_vanthu({"issue", undated_, "--archive", archive_});
  ASSERT_EQ(human.exit_code, 0) << human.err;
  EXPECT_EQ(human.out.rfind("issued 02-CT/HU (id 2) → " + archive_ + "/pdf/", 0), 0u) << human.out;
}

TEST_F(IssueTest, FourProcessesIssuingAHundredDocumentsTakeEachNumberOnce) {
  // Four shell loops, 25 `vanthu issue --json` each, all into one new archive at the same time.
  const std::string script = R"sh(
bin=$1 data=$2 archive=$3 out=$4
loop() {
  i=0
  while [ $i -lt 25 ]; do
    "$bin" issue --json "$data" --archive "$archive" >>"$out/out.$1" 2>>"$out/err.$1" ||
      echo "exit status $?" >>"$out/err.$1"
    i=$((i + 1))
  done
}
loop 1 & loop 2 & loop 3 & loop 4 &
wait
)sh";
  const auto start = std::chrono::steady_clock::now();
  RunResult r = run({"sh", "-c", script, "sh", VANTHU_BINARY, data_, archive_, dir_.path()});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::cout << "[ figures  ] 100 concurrent issues (4 processes × 25): " << seconds << " s\n";

  std::map<int64_t, int> seen;
  std::set<std::string> symbols, pdfs;
  for (int k = 1; k <= 4; ++k) {
    const std::string n = std::to_string(k);
    EXPECT_EQ(read_file(dir_ / ("err." + n)), "") << "loop " << k;
    std::istringstream out(read_file(dir_ / ("out." + n)));
    int lines = 0;
    for (std::string line; std::getline(out, line); ++lines) {
      json j = json::parse(line);
      ++seen[j["number"].get<int64_t>()];
      symbols.insert(j["symbol"]);
      pdfs.insert(j["pdf"]);
      EXPECT_TRUE(fs::exists(j["pdf"].get<std::string>()));
    }
    EXPECT_EQ(lines, 25) << "loop " << k;
  }
  ASSERT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen.begin()->first, 1);
  EXPECT_EQ(seen.rbegin()->first, 100);
  for (const auto& [number, count] : seen) EXPECT_EQ(count, 1) << "number " << number;
  EXPECT_EQ(symbols.size(), 100u);
  EXPECT_EQ(pdfs.size(), 100u);

  json all = entries();
  ASSERT_EQ(all.size(), 100u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i]["number"], i + 1);
}

TEST_F(IssueTest, BadDataExitsTwoWithItsLocationAndLeavesTheRegisterAlone) {
  const std::string base = issuable_002();
  struct Case {
    std::string name, data, field;
  };
  const std::vector<Case> cases = {
      {"unknown field", replaced(base, "  place:", "  colour: red\n  place:"), "header.colour"},
      {"missing required field", without_line(base, "  place:"), "header.place"},
      {"wrong type", replaced(base, "term: \"2020-2025\"", "term: [2020, 2025]"), "header.term"},
  };
  // Into a new archive: nothing is created.
  for (const auto& c : cases) {
    RunResult r = issue(write("bad.yaml", c.data));
    EXPECT_EQ(r.exit_code, 2) << c.name << "\n" << r.err;
    EXPECT_TRUE(
        std::regex_search(r.err, std::regex("bad\\.yaml:[0-9]+:[0-9]+: error: " +
                                            std::regex_replace(c.field, std::regex("\\."), "\\."))))
        << c.name << "\n"
        << r.err;
    EXPECT_EQ(r.out, "") << c.name;
  }
  EXPECT_EQ(entries().size(), 0u);

  // Into an archive with one entry: it stays the only one, and the next number is 2.
  ASSERT_EQ(issue(data_).exit_code, 0);
  for (const auto& c : cases) EXPECT_EQ(issue(write("bad.yaml", c.data)).exit_code, 2) << c.name;
  EXPECT_EQ(entries().size(), 1u);
  RunResult next = issue(data_);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(json::parse(next.out)["number"], 2);
}

TEST_F(IssueTest, PartyDocumentWithoutTermExitsTwo) {
  RunResult r = issue(write("noterm.yaml", without_line(issuable_002(), "  term:")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex("noterm\\.yaml:[0-9]+:[0-9]+: error: header\\.term is needed to take a "
                        "number from the Party register")))
      << r.err;
  EXPECT_EQ(entries().size(), 0u);
}

TEST_F(IssueTest, NumberInTheDataExitsTwo) {
  RunResult r =
      issue(write("numbered.yaml", replaced(issuable_002(), "  place:", "  number: 15\n  place:")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(std::regex_search(r.err, std::regex("numbered\\.yaml:[0-9]+:[0-9]+: error: "
                                                  "header\\.number: .*from the register")))
      << r.err;
}

TEST_F(IssueTest, DocumentThatCannotBeTypesetTakesNoNumber) {
  ASSERT_EQ(issue(data_).exit_code, 0);
  // A character the bundled font lacks is found while typesetting, after the number was taken
  // inside the transaction: the transaction rolls back.
  RunResult r = issue(write("glyph.yaml", replaced(issuable_002(), "    - trong tình hình mới",
                                                   "    - trong tình hình mới 中")));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("U+4E2D"), std::string::npos) << r.err;
  EXPECT_EQ(entries().size(), 1u);
  RunResult next = issue(data_);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(json::parse(next.out)["number"], 2);
}

TEST_F(IssueTest, DateGivenInTheDataIsKept) {
  RunResult r = issue(data_);  // $VANTHU_TODAY is 2023-03-15
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["date"], "2023-05-10");
  RunResult text = pdftotext(json::parse(r.out)["pdf"].get<std::string>(), 1, 1);
  EXPECT_NE(text.out.find("ngày 10 tháng 5 năm 2023"), std::string::npos) << text.out;
}

TEST_F(IssueTest, MalformedTodayExitsTwo) {
  setenv("VANTHU_TODAY", "2023-02-30", 1);
  RunResult r = issue(data_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("VANTHU_TODAY"), std::string::npos) << r.err;
}

TEST_F(IssueTest, OutputCopyIsTheStoredPdf) {
  const fs::path copy = dir_ / "copy.pdf";
  RunResult r = issue(data_, {"-o", copy.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(copy), read_file(json::parse(r.out)["pdf"].get<std::string>()));
  // A missing output directory is found before anything is issued.
  RunResult bad = issue(data_, {"-o", (dir_ / "no/such/dir/x.pdf").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(entries().size(), 1u);
}

TEST_F(IssueTest, VoidKeepsTheNumberTakenAndShowsInTheCsv) {
  ASSERT_EQ(issue(data_).exit_code, 0);
  ASSERT_EQ(issue(data_).exit_code, 0);
  RunResult v = run_vanthu(
      {"register", "void", "02-CT/HU", "--reason", "ký nhầm, \"bản lỗi\"", "--archive", archive_});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  RunResult again =
      run_vanthu({"register", "void", "02-CT/HU", "--reason", "x", "--archive", archive_});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already void"), std::string::npos) << again.err;
  RunResult bare = run_vanthu({"register", "void", "1", "--reason", "x", "--archive", archive_});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("--series"), std::string::npos) << bare.err;

  RunResult next = issue(data_);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(json::parse(next.out)["number"], 3);
  json all = entries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1]["status"], "void");
  EXPECT_EQ(all[1]["void_reason"], "ký nhầm, \"bản lỗi\"");

  const fs::path csv = dir_ / "register.csv";
  RunResult e = run_vanthu(
      {"register", "export", "--format", "csv", "-o", csv.string(), "--archive", archive_});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const std::string text = read_file(csv);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF\"Số, ký hiệu văn bản\",Ngày tháng văn bản,", 0), 0u);
  EXPECT_NE(text.find("\r\n02-CT/HU,10/05/2023,Chỉ thị về đẩy mạnh"), std::string::npos) << text;
  EXPECT_NE(text.find(",\"Đã hủy số: ký nhầm, \"\"bản lỗi\"\"\"\r\n"), std::string::npos) << text;
  std::size_t rows = 0;
  for (std::size_t p = 0; (p = text.find("\r\n", p)) != std::string::npos; p += 2) ++rows;
  EXPECT_EQ(rows, 4u);  // header + 3 entries (no field here holds a line break)
}

TEST_F(IssueTest, RegisterCommandsNeedAnExistingArchive) {
  RunResult r = run_vanthu({"register", "list", "--archive", archive_});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no archive at"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(archive_));
}

}  // namespace
}  // namespace vanthu::e2e
