// `vanthu search`, `show` and `get` end to end, on an archive built by issuing documents: seed 002
// and the sample documents of both profiles (their `number:` removed), and a few documents made
// for one semantic each (a word with and without its marks, OCR damage, old tone placement, a
// citation of a document number). Every semantic of the query language is one test.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

using nlohmann::json;

std::string without_number(const std::string& yaml) {
  std::istringstream in(yaml);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("  number:", 0) != 0) out += line + "\n";
  return out;
}

// Seed 002 made issuable: its number removed, the committee term added.
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

// A one-paragraph Thông báo of a commune People's Committee (State profile: no "Đảng" in its
// header, so the body decides what it contains).
std::string state_notice(const std::string& commune, const std::string& date,
                         const std::string& subject, const std::string& body,
                         const std::string& signer) {
  return "profile: nha-nuoc\nkind: TB\nheader:\n  issuer:\n    - ỦY BAN NHÂN DÂN\n    - XÃ " +
         commune + "\n  issuer_code: UBND\n  place: " + commune + "\n  date: " + date +
         "\ntitle:\n  subject: " + subject + "\nbody:\n  - >-\n    " + body +
         "\nrecipients:\n  items:\n    - Như trên\n  archive: VT\nsignature:\n  authority: TM.\n"
         "  collective: ỦY BAN NHÂN DÂN\n  position: CHỦ TỊCH\n  name: " +
         signer + "\n";
}

struct Corpus {
  TempDir dir;
  std::string archive;
  std::map<std::string, json> issued;  // by name
  std::string setup_error;
};

Corpus* corpus = nullptr;

class SearchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    save("VANTHU_TODAY");
    save("VANTHU_ARCHIVE");
    setenv("VANTHU_TODAY", "2024-12-30", 1);
    unsetenv("VANTHU_ARCHIVE");
    corpus = new Corpus;
    corpus->archive = (corpus->dir / "archive").string();
    auto issue = [](const std::string& name, const std::string& yaml) {
      const fs::path p = corpus->dir / (name + ".yaml");
      write_file(p, yaml);
      RunResult r = run_vanthu({"issue", p.string(), "--archive", corpus->archive, "--json"});
      if (r.exit_code != 0) {
        corpus->setup_error += name + ": " + r.err + "\n";
        return;
      }
      corpus->issued[name] = json::parse(r.out);
    };
    issue("002", issuable_002());
    for (const char* profile : {"dang", "nha-nuoc"}) {
      const fs::path dir = fs::path(VANTHU_SOURCE_DIR) / "templates" / "examples" / profile;
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".yaml") files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files)
        issue(std::string(profile) + "-" + f.stem().string(), without_number(read_file(f)));
    }
    issue("dang-party", state_notice("AN BÌNH", "2024-03-01", "Về việc kiểm tra công tác năm 2024",
                                     "Công tác xây dựng đảng ở cơ sở được quan tâm; cán bộ, viên "
                                     "chức thực hiện nghiêm túc.",
                                     "Lý Văn Bình"));
    issue("dang-currently",
          state_notice("AN HÒA", "2024-03-02", "Về việc kiểm tra công tác năm 2024",
                       "Xã đang rà soát hồ sơ, đang sửa chữa đường, đang kiểm tra trường học; "
                       "các thôn đang thực hiện.",
                       "Lâm Thị Hoa"));
    issue("ocr",
          state_notice("AN PHÚ", "2024-03-03", "Về việc báo cáo số liệu",
                       "Số liệu kêt nạp dang vien mới của các chi bộ thôn (bản quét, mất dấu).",
                       "Mai Văn Tâm"));
    issue("old-tones",
          state_notice("AN THỊNH", "2024-03-04", "Về việc hoà giải ở cơ sở",
                       "Uỷ ban nhân dân xã chỉ đạo tổ hoà giải thôn; khoẻ mạnh.", "Kiều Văn Thuỷ"));
    if (corpus->issued.count("002")) {
      const std::string sym = corpus->issued["002"]["symbol"];
      issue("citing",
            state_notice("AN LỢI", "2024-03-05",
                         "Về việc thực hiện Chỉ thị số " + sym + " của Huyện ủy",
                         "Thực hiện Chỉ thị số " + sym + "; các thôn quán triệt Chỉ thị số " + sym +
                             " và báo cáo kết quả thực hiện Chỉ thị số " + sym + ".",
                         "Tạ Văn Lợi"));
    }
  }
  static void TearDownTestSuite() {
    delete corpus;
    corpus = nullptr;
    for (const auto& [name, value] : saved())
      if (value)
        setenv(name.c_str(), value->c_str(), 1);
      else
        unsetenv(name.c_str());
  }
  void SetUp() override { ASSERT_TRUE(corpus->setup_error.empty()) << corpus->setup_error; }

  static int64_t id_of(const std::string& name) { return corpus->issued.at(name)["id"]; }
  static std::string symbol_of(const std::string& name) {
    return corpus->issued.at(name)["symbol"];
  }

  // `vanthu search QUERY --json …`: the parsed object (a failed test if it does not run).
  static json search(const std::string& query, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"search", "--archive", corpus->archive, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--");
    args.push_back(query);
    RunResult r = run_vanthu(args);
    EXPECT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
    if (r.exit_code != 0) return json::object({{"hits", json::array()}, {"total", 0}});
    return json::parse(r.out);
  }
  static std::vector<int64_t> hit_ids(const json& j) {
    std::vector<int64_t> out;
    for (const auto& h : j["hits"]) out.push_back(h["id"]);
    return out;
  }
  static std::ptrdiff_t position(const std::vector<int64_t>& v, int64_t id) {
    auto it = std::find(v.begin(), v.end(), id);
    return it == v.end() ? -1 : it - v.begin();
  }

 private:
  static std::map<std::string, std::optional<std::string>>& saved() {
    static std::map<std::string, std::optional<std::string>> s;
    return s;
  }
  static void save(const char* name) {
    const char* v = std::getenv(name);
    saved()[name] = v ? std::optional<std::string>(v) : std::nullopt;
  }
};

TEST_F(SearchCli, WordsWithoutMarksFindEveryMarkedFormAndOcrDamage) {
  const json j = search("ket nap dang vien", {"--limit", "100"});
  const auto ids = hit_ids(j);
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), id_of("002"));       // the directive on exactly that subject
  EXPECT_GE(position(ids, id_of("ocr")), 0);  // "kêt nạp dang vien"
  EXPECT_EQ(position(ids, id_of("dang-currently")), -1);
}

TEST_F(SearchCli, WordWithMarksRanksExactMatchesAboveFoldedOnes) {
  const auto dang = hit_ids(search("đảng", {"--limit", "100"}));
  const auto p_party = position(dang, id_of("dang-party")),
             p_now = position(dang, id_of("dang-currently"));
  ASSERT_GE(p_party, 0);
  ASSERT_GE(p_now, 0);  // "đang" folds to "dang" too
  EXPECT_LT(p_party, p_now);
  const auto now = hit_ids(search("đang", {"--limit", "100"}));
  EXPECT_EQ(now.front(), id_of("dang-currently"));
  EXPECT_LT(position(now, id_of("dang-currently")), position(now, id_of("dang-party")));
}

TEST_F(SearchCli, QuotedWordsAreAPhrase) {
  const auto phrase = hit_ids(search("\"đảng viên\"", {"--limit", "100"}));
  EXPECT_GE(position(phrase, id_of("002")), 0);
  EXPECT_GE(position(phrase, id_of("ocr")), 0);          // "dang vien": the words, folded
  EXPECT_EQ(position(phrase, id_of("dang-party")), -1);  // "đảng ở … viên chức": not a phrase
  EXPECT_GE(position(hit_ids(search("đảng viên", {"--limit", "100"})), id_of("dang-party")), 0);
  const auto result1 = search("\"đảng viên\"", {"--limit", "100"});
  for (const auto& h : result1["hits"]) {
    const std::string folded_snippet = h["snippet"];
    EXPECT_NE(folded_snippet.find("«"), std::string::npos) << h["symbol"];
  }
}

TEST_F(SearchCli, OldAndNewTonePlacementAreEqual) {
  const json a = search("uỷ ban", {"--limit", "100"}), b = search("ủy ban", {"--limit", "100"});
  EXPECT_EQ(hit_ids(a), hit_ids(b));
  ASSERT_EQ(a["hits"].size(), b["hits"].size());
  for (std::size_t i = 0; i < a["hits"].size(); ++i)
    EXPECT_DOUBLE_EQ(a["hits"][i]["score"].get<double>(), b["hits"][i]["score"].get<double>());
  EXPECT_GE(position(hit_ids(a), id_of("old-tones")), 0);
  EXPECT_EQ(hit_ids(search("hòa giải")).front(), id_of("old-tones"));
  EXPECT_EQ(hit_ids(search("thủy", {"--signer", "kieu"})),
            std::vector<int64_t>{id_of("old-tones")});
}

TEST_F(SearchCli, DocumentNumberFindsThatDocumentFirst) {
  const std::string sym = symbol_of("002");
  for (const std::string& q : {sym, "Số " + sym}) {
    SCOPED_TRACE(q);
    const auto ids = hit_ids(search(q));
    ASSERT_GE(ids.size(), 2u);
    EXPECT_EQ(ids[0], id_of("002"));
    EXPECT_EQ(ids[1], id_of("citing"));  // cites it four times, and in its subject
  }
  const std::string state = symbol_of("nha-nuoc-QĐ");  // "01/QĐ-SNV": with a marked letter
  EXPECT_EQ(hit_ids(search(state)).front(), id_of("nha-nuoc-QĐ"));
}

TEST_F(SearchCli, FiltersKindIssuerSignerAndDates) {
  const auto result2 = search("cong tac", {"--kind", "CT", "--limit", "100"});
  for (const auto& h : result2["hits"])
    EXPECT_EQ(h["kind"], "CT");
  const auto qd = search("", {"--kind", "QD", "--limit", "100"});
  EXPECT_GE(qd["total"].get<int>(), 2);  // Party and State decisions, "QĐ" typed without marks
  for (const auto& h : qd["hits"]) EXPECT_EQ(h["kind"], "QĐ");
  const auto result3 = search("", {"--issuer", "hai lang", "--limit", "100"});
  for (const auto& h : result3["hits"])
    EXPECT_NE(h["issuer"].get<std::string>().find("HẢI LĂNG"), std::string::npos);
  EXPECT_EQ(hit_ids(search("", {"--signer", "Ly Van Binh"})),
            std::vector<int64_t>{id_of("dang-party")});
  const json dated = search("", {"--from", "2024-03-01", "--to", "2024-03-04", "--limit", "100"});
  std::set<int64_t> got;
  for (const auto& h : dated["hits"]) {
    EXPECT_GE(h["date"].get<std::string>(), "2024-03-01");
    EXPECT_LE(h["date"].get<std::string>(), "2024-03-04");
    got.insert(h["id"].get<int64_t>());
  }
  for (const char* n : {"dang-party", "dang-currently", "ocr", "old-tones"})
    EXPECT_TRUE(got.count(id_of(n))) << n;
  EXPECT_EQ(position(hit_ids(dated), id_of("citing")), -1);               // 2024-03-05
  EXPECT_EQ(search("", {"--from", "2023", "--to", "2023"})["total"], 1);  // only 002
}

TEST_F(SearchCli, SortByDateAndPaging) {
  const json all = search("cong tac", {"--sort", "date", "--limit", "1000"});
  const int total = all["total"];
  ASSERT_GE(total, 5);
  std::string prev = "9999";
  for (const auto& h : all["hits"]) {
    EXPECT_LE(h["date"].get<std::string>(), prev);
    prev = h["date"];
  }
  const auto everything = hit_ids(all);
  std::vector<int64_t> paged;
  for (int off = 0; off < total; off += 3) {
    const json page =
        search("cong tac", {"--sort", "date", "--limit", "3", "--offset", std::to_string(off)});
    EXPECT_EQ(page["total"], total);
    EXPECT_EQ(page["offset"], off);
    for (auto id : hit_ids(page)) paged.push_back(id);
  }
  EXPECT_EQ(paged, everything);
  EXPECT_TRUE(search("cong tac", {"--offset", std::to_string(total)})["hits"].empty());
  // Relevance pages too.
  const auto rel = hit_ids(search("cong tac", {"--limit", "1000"}));
  std::vector<int64_t> rel_paged;
  for (int off = 0; off < total; off += 4)
    for (auto id : hit_ids(search("cong tac", {"--limit", "4", "--offset", std::to_string(off)})))
      rel_paged.push_back(id);
  EXPECT_EQ(rel_paged, rel);
}

TEST_F(SearchCli, AnyStringIsAValidQuery) {
  std::string junk;
  unsigned x = 99;
  while (junk.size() < 10 * 1024) {
    x = x * 1103515245u + 12345u;
    const char c = static_cast<char>((x >> 16) & 0xFF);
    if (c != '\0') junk += c;
  }
  for (const std::string& q :
       {std::string("\""), std::string("((("), std::string("AND OR NOT"), std::string("*"),
        std::string("\":\""), std::string("NEAR(đảng viên, 2)"), std::string("col:đảng"),
        std::string("-"), std::string("\xff"), junk}) {
    SCOPED_TRACE(q.substr(0, 20));
    const json j = search(q);
    EXPECT_TRUE(j.contains("hits"));
  }
  // Without the JSON flag too, and as the first word after the command.
  RunResult r = run_vanthu({"search", "--archive", corpus->archive, "--", junk});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_vanthu({"search", "(((", "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SearchCli, SnippetsHighlightMatchesWithTheOriginalMarks) {
  const json j = search("ket nap");
  ASSERT_FALSE(j["hits"].empty());
  const std::string s = j["hits"][0]["snippet"];
  EXPECT_TRUE(s.find("«kết» «nạp»") != std::string::npos ||
              s.find("«Kết» «nạp»") != std::string::npos)
      << s;
  const json ocr = search("kết nạp", {"--signer", "Mai Văn Tâm"});
  ASSERT_EQ(ocr["hits"].size(), 1u);
  EXPECT_NE(ocr["hits"][0]["snippet"].get<std::string>().find("«kêt» «nạp»"), std::string::npos);
}

TEST_F(SearchCli, JsonHitsCarryTheirMetadata) {
  const json j = search("kết nạp đảng viên", {"--limit", "1"});
  for (const char* k : {"query", "total", "offset", "limit", "sort", "terms", "notes", "hits"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["terms"], json({"kết", "nạp", "đảng", "viên"}));
  ASSERT_EQ(j["hits"].size(), 1u);
  const json& h = j["hits"][0];
  EXPECT_EQ(h["id"], id_of("002"));
  EXPECT_EQ(h["symbol"], symbol_of("002"));
  EXPECT_EQ(h["kind"], "CT");
  EXPECT_EQ(h["issuer"], "HUYỆN ỦY SƠN HÀ");
  EXPECT_EQ(h["date"], "2023-05-10");
  EXPECT_EQ(h["subject"],
            "Về đẩy mạnh và nâng cao chất lượng kết nạp đảng viên trong tình hình mới");
  EXPECT_EQ(h["signer"], "Nguyễn Việt Văn");
  EXPECT_EQ(h["source"], "issued");
  EXPECT_EQ(h["source_file"], "002.yaml");
  EXPECT_TRUE(h["score"].is_number());
  EXPECT_TRUE(h["snippet"].is_string());
  EXPECT_TRUE(h["number"].is_number_integer());
}

TEST_F(SearchCli, HumanOutputListsHitsWithSnippets) {
  RunResult r =
      run_vanthu({"search", "ket nap dang vien", "--archive", corpus->archive, "--limit", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("documents found, showing 1–2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(symbol_of("002")), std::string::npos);
  EXPECT_NE(r.out.find("«kết» «nạp»"), std::string::npos);
  EXPECT_NE(r.out.find("more: --offset 2"), std::string::npos);
  r = run_vanthu({"search", "xyzzy", "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "no documents found\n");
}

TEST_F(SearchCli, IssuedDocumentsAreIndexedWithTheirPdfText) {
  RunResult r = run_vanthu(
      {"show", std::to_string(id_of("002")), "--archive", corpus->archive, "--json", "--text"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  const std::string text = j["text"];
  EXPECT_NE(text.find("Số " + symbol_of("002")), std::string::npos);  // printed on the page
  EXPECT_NE(collapse_ws(text).find("thẩm tra xác minh lí lịch"), std::string::npos);
  EXPECT_NE(text.find('\f'), std::string::npos);  // more than one page
  EXPECT_EQ(j["place"], "Sơn Hà");
  EXPECT_EQ(j["language"], "vi");
  EXPECT_EQ(j["pdf"], corpus->issued["002"]["pdf"]);
  EXPECT_EQ(j["sha256"], corpus->issued["002"]["sha256"]);
}

TEST_F(SearchCli, ShowByIdOrSymbol) {
  RunResult r = run_vanthu({"show", symbol_of("002"), "--archive", corpus->archive});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("symbol          " + symbol_of("002")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HUYỆN ỦY SƠN HÀ"), std::string::npos);
  EXPECT_NE(r.out.find("source          issued (002.yaml)"), std::string::npos) << r.out;
  r = run_vanthu({"show", "99999", "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no document with id 99999"), std::string::npos) << r.err;
  r = run_vanthu({"show", "77-XX/YY", "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(SearchCli, GetCopiesTheStoredPdf) {
  const fs::path out = corpus->dir / "copy.pdf";
  RunResult r = run_vanthu(
      {"get", std::to_string(id_of("002")), "-o", out.string(), "--archive", corpus->archive});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string stored = read_file(corpus->issued["002"]["pdf"].get<std::string>());
  EXPECT_EQ(read_file(out), stored);
  r = run_vanthu({"get", symbol_of("002"), "-o", "-", "--archive", corpus->archive});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, stored);
  r = run_vanthu(
      {"get", "99999", "-o", (corpus->dir / "none.pdf").string(), "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(corpus->dir / "none.pdf"));
  r = run_vanthu({"get", "1", "-o", "/nonexistent-dir/x.pdf", "--archive", corpus->archive});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(SearchCli, UserErrorsExitWithStatusTwo) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const fs::path missing = corpus->dir / "no-archive";
  const Case cases[] = {
      {{"search", "x", "--archive", corpus->archive, "--from", "2024-02-30"}, "is not a date"},
      {{"search", "x", "--archive", corpus->archive, "--to", "May"}, "is not a date"},
      {{"search", "x", "--archive", corpus->archive, "--limit", "0"}, ""},
      {{"search", "x", "--archive", corpus->archive, "--sort", "size"}, ""},
      {{"search", "x", "--archive", missing.string()}, "no archive at"},
      {{"show", "1", "--archive", missing.string()}, "no archive at"},
  };
  for (const auto& c : cases) {
    RunResult r = run_vanthu(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.command << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(missing));
}

}  // namespace
}  // namespace vanthu::e2e
