// The archive's search at library level (archive/search.h, index.h, store.h): each semantic of
// the query language on documents made for it, filters, order, paging, snippets, any input as a
// query, the index kept in step by the catalog, and the upgrade of a version 1 catalog.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "app/service.h"
#include "archive/archive.h"
#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/index.h"
#include "archive/pdf_text.h"
#include "archive/search.h"
#include "archive/sha256.h"
#include "archive/text/fold.h"
#include "render.h"

namespace vanthu::archive {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/vanthu-search-XXXXXX";
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Doc {
  std::string symbol, subject, text;
  std::string kind = "CT", issuer = "HUYỆN ỦY SƠN HÀ", signer = "Nguyễn Văn An";
  std::string date = "2023-05-10", source = "issued";
};

class SearchTest : public ::testing::Test {
 protected:
  SearchTest() : archive_(dir_.path(), true) {}

  int64_t add(const Doc& d) {
    DocumentRecord r;
    r.kind = d.kind;
    r.symbol = d.symbol;
    r.issuer = d.issuer;
    r.issuer_code = "HU";
    r.date = d.date;
    r.subject = d.subject;
    r.signer = d.signer;
    r.sha256 = std::string(64, '0');
    r.profile = "dang";
    r.source = d.source;
    if (d.source == "imported") r.imported_at = "2024-01-01T00:00:00Z";
    WriteTransaction txn(archive_.catalog());
    const int64_t id = archive_.store().add_document(r, d.text);
    txn.commit();
    return id;
  }

  SearchResult find(const std::string& q, SearchRequest req = {}) {
    req.query = q;
    return search(archive_.catalog(), archive_.store(), req);
  }
  std::vector<int64_t> ids(const std::string& q, SearchRequest req = {}) {
    std::vector<int64_t> out;
    for (const auto& h : find(q, req).hits) out.push_back(h.doc.id);
    return out;
  }
  static std::set<int64_t> as_set(const std::vector<int64_t>& v) { return {v.begin(), v.end()}; }

  TempDir dir_;
  Archive archive_;
};

// ---- semantics ---------------------------------------------------------------------------------

TEST_F(SearchTest, QueryWithoutMarksMatchesEveryMarkedFormAndOcrDamage) {
  const int64_t a = add({"01-CT/HU", "Về kết nạp đảng viên", "Tăng cường kết nạp đảng viên mới."});
  const int64_t ocr = add({"02-CT/HU", "Về công tác", "Công tác kêt nạp Ðảng viên ở cơ sở."});
  add({"03-CT/HU", "Về phòng chống thiên tai", "Chủ động phòng, chống thiên tai."});
  EXPECT_EQ(as_set(ids("ket nap dang vien")), (std::set<int64_t>{a, ocr}));
  EXPECT_EQ(as_set(ids("KET NAP")), (std::set<int64_t>{a, ocr}));
}

TEST_F(SearchTest, QueryWithMarksRanksExactMarksAboveFolded) {
  // The "đang" document says it five times in a short text; bm25 alone would put it first.
  const int64_t dang =
      add({"01-TB/HU", "Thông báo", "Đang làm, đang học, đang đi, đang về, đang."});
  const int64_t dang_party =
      add({"02-TB/HU", "Thông báo", "Công tác xây dựng đảng ở cơ sở được quan tâm trong năm qua."});
  EXPECT_EQ(ids("đảng"), (std::vector<int64_t>{dang_party, dang}));
  EXPECT_EQ(ids("đang"), (std::vector<int64_t>{dang, dang_party}));
  EXPECT_EQ(as_set(ids("dang")), (std::set<int64_t>{dang, dang_party}));
  const auto r = find("đảng");
  EXPECT_GE(r.hits[0].score, 1e4);  // matched with its marks
  EXPECT_LT(r.hits[1].score, 1e4);
}

TEST_F(SearchTest, OldAndNewTonePlacementAreTheSameWord) {
  const int64_t old_style =
      add({"01-CT/HU", "Về công tác", "Uỷ ban nhân dân xã thực hiện. Hoà bình."});
  const int64_t new_style =
      add({"02-CT/HU", "Về công tác", "Ủy ban nhân dân huyện chỉ đạo. Hòa giải."});
  const auto a = find("uỷ ban"), b = find("ủy ban");
  ASSERT_EQ(a.hits.size(), 2u);
  ASSERT_EQ(b.hits.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(a.hits[i].doc.id, b.hits[i].doc.id);
    EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score);
    EXPECT_GE(a.hits[i].score, 1e4);  // both are exact matches
  }
  EXPECT_EQ(as_set(ids("hòa")), (std::set<int64_t>{old_style, new_style}));
  EXPECT_EQ(ids("hoà")[0], ids("hòa")[0]);
}

TEST_F(SearchTest, QuotedWordsAreAPhrase) {
  const int64_t phrase = add({"01-CT/HU", "Về công tác", "Kết nạp đảng viên mới."});
  const int64_t apart = add({"02-CT/HU", "Về công tác", "Viên chức và tổ chức đảng ở cơ sở."});
  const int64_t folded = add({"03-CT/HU", "Về công tác", "Phat trien dang vien (ban khong dau)."});
  EXPECT_EQ(ids("\"đảng viên\""), (std::vector<int64_t>{phrase, folded}));
  EXPECT_EQ(as_set(ids("đảng viên")), (std::set<int64_t>{phrase, apart, folded}));
  EXPECT_EQ(as_set(ids("\"dang vien\"")), (std::set<int64_t>{phrase, folded}));
  // Curly quotes, and an unclosed quote that runs to the end.
  EXPECT_EQ(ids("“đảng viên”"), ids("\"đảng viên\""));
  EXPECT_EQ(ids("\"đảng viên"), ids("\"đảng viên\""));
  EXPECT_EQ(find("\"đảng viên").parsed.terms.size(), 1u);
}

TEST_F(SearchTest, DocumentNumberFindsThatDocumentFirst) {
  // The citing document mentions the number more often, and in its subject.
  const int64_t citing = add({"07-KH/HU", "Kế hoạch thực hiện Chỉ thị số 15-CT/HU",
                              "Thực hiện Chỉ thị số 15-CT/HU; theo Chỉ thị số 15-CT/HU; "
                              "sơ kết Chỉ thị số 15-CT/HU."});
  const int64_t doc =
      add({"15-CT/HU", "Về công tác dân vận", "Số 15-CT/HU. Ban Thường vụ yêu cầu."});
  add({"15-CT/TU", "Về công tác khác", "Số 15-CT/TU."});
  for (const char* q : {"15-CT/HU", "15-ct/hu", "Số 15-CT/HU", "số: 15-CT/HU", "\"15-CT/HU\""}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(ids(q), (std::vector<int64_t>{doc, citing}));
  }
  EXPECT_EQ(find("15-CT/HU").parsed.number, "15-ct/hu");
  EXPECT_GE(find("15-CT/HU").hits[0].score, 1e7);
  // Leading zeros do not matter; a partial number still finds it by its syllables.
  const int64_t five = add({"05-CT/HU", "Về công tác", "Số 05-CT/HU."});
  EXPECT_EQ(ids("5-CT/HU").front(), five);
  EXPECT_EQ(ids("05-CT/HU").front(), five);
  EXPECT_EQ(as_set(ids("15-CT")), (std::set<int64_t>{doc, citing, 3}));
}

TEST_F(SearchTest, SnippetsHighlightMatchesWithTheMarksOfTheOriginal) {
  add({"01-CT/HU", "Về công tác",
       "Trong những năm qua, công tác phát triển Đảng viên được quan tâm."});
  const auto r = find("phat trien dang vien");
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_NE(r.hits[0].snippet.find("«phát» «triển» «Đảng» «viên»"), std::string::npos)
      << r.hits[0].snippet;
  SearchRequest req;
  req.highlight_open = "<b>";
  req.highlight_close = "</b>";
  EXPECT_NE(find("\"Đảng viên\"", req).hits[0].snippet.find("<b>Đảng viên</b>"), std::string::npos);
  // A document found only by its subject gets a snippet of the subject.
  add({"02-CT/HU", "Về phòng chống thiên tai", "Nội dung khác."});
  EXPECT_EQ(find("thien tai").hits[0].snippet, "Về phòng chống «thiên» «tai»");
}

TEST_F(SearchTest, SnippetsCollapseLineAndPageBreaks) {
  add({"01-CT/HU", "Về công tác", "Dòng một có\nđảng\fviên ở trang sau."});
  EXPECT_EQ(find("\"đảng viên\"").hits[0].snippet, "Dòng một có «đảng viên» ở trang sau.");
}

// ---- any input is a query ---------------------------------------------------------------------

TEST_F(SearchTest, AnyStringIsAValidQuery) {
  add({"01-CT/HU", "Về kết nạp đảng viên", "Kết nạp đảng viên. AND OR NOT NEAR."});
  std::vector<std::string> queries = {
      "\"",
      "(((",
      ")))",
      "AND OR NOT",
      "*",
      "\":\"",
      "^",
      "NEAR(a b)",
      "a:b",
      "-đảng",
      "+",
      "đảng*",
      "{symbol}: x",
      "\"\"\"\"",
      "'",
      "\\",
      "%",
      "_",
      "1269-CV/TU/",
      "-1-",
      "//",
      std::string("a\0b", 3),
      "\xff\xfe",
      "\xE1\xBB",
      "đảng\" OR \"x",
      "\x02\x03",
      " ",
      "",
  };
  std::string junk;
  unsigned x = 7;
  for (int i = 0; i < 10 * 1024; ++i) {
    x = x * 1103515245u + 12345u;
    junk += static_cast<char>((x >> 16) & 0xFF);
  }
  queries.push_back(junk);
  std::string many;
  for (int i = 0; i < 500; ++i) many += "đảng viên \"kết nạp ";
  queries.push_back(many);
  for (const auto& q : queries) {
    SCOPED_TRACE(text::sanitize_utf8(q.substr(0, 40)));
    EXPECT_NO_THROW(find(q));
  }
  EXPECT_EQ(find("AND OR NOT").total, 1);  // plain words here
  EXPECT_EQ(find("(((").parsed.terms.size(), 0u);
  EXPECT_EQ(find("(((").total, 1);  // no words: every document the filters let through
  EXPECT_FALSE(find(junk).parsed.notes.empty());
  EXPECT_LE(find(many).parsed.terms.size(), kMaxQueryTerms);
}

// ---- filters, order, paging --------------------------------------------------------------------

class FilterTest : public SearchTest {
 protected:
  void SetUp() override {
    ct_ = add({"01-CT/HU", "Về công tác cán bộ", "Công tác cán bộ.", "CT", "HUYỆN ỦY SƠN HÀ",
               "Nguyễn Văn An", "2023-01-15"});
    qd_ = add({"02/QĐ-UBND", "Về công tác cán bộ", "Quyết định về công tác cán bộ.", "QĐ",
               "ỦY BAN NHÂN DÂN HUYỆN SƠN HÀ", "Trần Thị Bình", "2023-06-30"});
    kh_ = add({"03-KH/TU", "Về công tác cán bộ năm 2024", "Kế hoạch công tác cán bộ.", "KH",
               "TỈNH ỦY QUẢNG NGÃI", "Đặng Văn Cường", "2024-02-29"});
  }
  int64_t ct_ = 0, qd_ = 0, kh_ = 0;
};

TEST_F(FilterTest, KindIssuerSignerAndDatesFoldedAndInclusive) {
  SearchRequest r;
  r.kind = "QD";
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{qd_}));
  r.kind = "qđ";
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{qd_}));
  r = {};
  r.issuer = "son ha";
  EXPECT_EQ(as_set(ids("can bo", r)), (std::set<int64_t>{ct_, qd_}));
  r.issuer = "Ủy ban";
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{qd_}));
  r = {};
  r.signer = "dang van";
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{kh_}));
  r = {};
  r.date_from = "2023-06-30";
  r.date_to = "2024-02-29";
  EXPECT_EQ(as_set(ids("can bo", r)), (std::set<int64_t>{qd_, kh_}));
  r.date_from = "2023";
  r.date_to = "2023";
  EXPECT_EQ(as_set(ids("can bo", r)), (std::set<int64_t>{ct_, qd_}));
  r.date_from = "2024-02";
  r.date_to = "2024-02";
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{kh_}));
  EXPECT_EQ(find("can bo", r).date_to, "2024-02-29");
  // Filters without words: a listing, newest first.
  r = {};
  r.issuer = "son ha";
  EXPECT_EQ(ids("", r), (std::vector<int64_t>{qd_, ct_}));
}

TEST_F(FilterTest, MalformedFiltersAreUserErrors) {
  for (const char* d : {"2023-13-01", "2023-02-30", "23-01-01", "2023/01/01", "x", "2023-1-1"}) {
    SearchRequest r;
    r.date_from = d;
    EXPECT_THROW(find("can bo", r), UserError) << d;
  }
  SearchRequest r;
  r.date_to = "2024-02-29";  // a leap day is a date
  EXPECT_NO_THROW(find("can bo", r));
  r.limit = 0;
  EXPECT_THROW(find("can bo", r), UserError);
  r.limit = 10;
  r.offset = -1;
  EXPECT_THROW(find("can bo", r), UserError);
}

TEST_F(FilterTest, SortByDateAndPages) {
  SearchRequest r;
  r.sort = SortOrder::kDate;
  EXPECT_EQ(ids("can bo", r), (std::vector<int64_t>{kh_, qd_, ct_}));
  r.limit = 2;
  const auto p1 = find("can bo", r);
  r.offset = 2;
  const auto p2 = find("can bo", r);
  r.offset = 3;
  const auto p3 = find("can bo", r);
  EXPECT_EQ(p1.total, 3);
  EXPECT_EQ(p2.total, 3);
  ASSERT_EQ(p1.hits.size(), 2u);
  ASSERT_EQ(p2.hits.size(), 1u);
  EXPECT_TRUE(p3.hits.empty());
  EXPECT_EQ(p1.hits[0].doc.id, kh_);
  EXPECT_EQ(p1.hits[1].doc.id, qd_);
  EXPECT_EQ(p2.hits[0].doc.id, ct_);
  EXPECT_GT(p2.hits[0].score, 0.0);  // scored in date order too
  // Relevance pages cover the same set.
  r = {};
  r.limit = 1;
  std::set<int64_t> seen;
  for (int off = 0; off < 3; ++off) {
    r.offset = off;
    for (auto id : ids("can bo", r)) seen.insert(id);
  }
  EXPECT_EQ(seen, (std::set<int64_t>{ct_, qd_, kh_}));
}

// ---- the index and the catalog ------------------------------------------------------------------

TEST_F(SearchTest, AnotherConnectionAndAnotherProcessSeeTheSameIndex) {
  add({"01-CT/HU", "Về kết nạp đảng viên", "Kết nạp đảng viên."});
  Archive second(dir_.path(), false);  // a new connection to the same catalog
  SearchRequest req;
  req.query = "ket nap";
  EXPECT_EQ(search(second.catalog(), second.store(), req).total, 1);
  // Written to disk, the index is read back by a fresh reader with the same answers.
  rebuild_index(archive_.catalog());
  const auto in_files = engine::inspect_index(second.catalog());
  EXPECT_TRUE(in_files.damaged.empty());
  EXPECT_EQ(in_files.live, in_files.expected);
  EXPECT_EQ(in_files.live.size(), 1u);
  EXPECT_TRUE(fs::exists(dir_.path() + "/index/manifest.json"));
}

TEST_F(SearchTest, ImportedDocumentsAreReindexedWhenChangedOrDeleted) {
  Doc d{"12/BC-UBND", "Báo cáo tình hình lũ lụt", "Thiệt hại do lũ lụt."};
  d.source = "imported";
  const int64_t id = add(d);
  EXPECT_EQ(ids("lu lut"), (std::vector<int64_t>{id}));
  archive_.catalog().exec("UPDATE documents SET subject = 'Báo cáo hạn hán' WHERE id = " +
                          std::to_string(id));
  archive_.store().set_text(id, "Thiệt hại do hạn hán kéo dài.");
  EXPECT_TRUE(ids("lu lut").empty());
  EXPECT_EQ(ids("han han"), (std::vector<int64_t>{id}));
  EXPECT_TRUE(documents_without_text(archive_.catalog()).empty());
  archive_.catalog().exec("DELETE FROM document_text WHERE document_id = " + std::to_string(id));
  EXPECT_EQ(ids("keo dai"), std::vector<int64_t>{});
  EXPECT_EQ(documents_without_text(archive_.catalog()),
            std::vector<int64_t>{id});  // to extract again
  archive_.catalog().exec("DELETE FROM documents WHERE id = " + std::to_string(id));
  EXPECT_TRUE(ids("han han").empty());
  EXPECT_TRUE(documents_without_text(archive_.catalog()).empty());
  // The index agrees with the catalog after all that.
  const auto check = engine::inspect_index(archive_.catalog());
  EXPECT_TRUE(check.damaged.empty());
  EXPECT_EQ(check.live, check.expected);
}

TEST_F(SearchTest, ALargeBacklogIsWrittenAsSegmentsBeforeItIsSearched) {
  const std::size_t n = engine::TextIndex::kTailFlush + 100;
  {
    WriteTransaction txn(archive_.catalog());
    for (std::size_t i = 0; i < n; ++i) {
      DocumentRecord r;
      r.kind = i % 2 ? "CT" : "KH";
      r.symbol = std::to_string(i + 1) + "-CT/HU";
      r.date = "2023-05-10";
      r.sha256 = std::string(64, '0');
      archive_.store().add_document(r, "Kết nạp đảng viên, văn bản " + std::to_string(i) + ".");
    }
    txn.commit();
  }
  EXPECT_FALSE(fs::exists(dir_.path() + "/index/manifest.json"));
  EXPECT_EQ(find("ket nap").total, static_cast<int64_t>(n));
  EXPECT_TRUE(fs::exists(dir_.path() + "/index/manifest.json"));
  const auto st = engine::TextIndex::of(archive_.catalog())->stats(archive_.catalog());
  EXPECT_EQ(st.tail, 0u);
  EXPECT_GE(st.segments, 1u);
  EXPECT_EQ(st.documents, n);
  SearchRequest req;
  req.kind = "kh";
  EXPECT_EQ(find("van ban", req).total, static_cast<int64_t>((n + 1) / 2));
  EXPECT_EQ(ids("\"17-CT/HU\"").front(), 17);
}

TEST_F(SearchTest, RebuildGivesTheSameAnswers) {
  add({"01-CT/HU", "Về kết nạp đảng viên", "Kết nạp đảng viên."});
  add({"02-CT/HU", "Về việc khác", "Đang làm việc khác."});
  const auto before = ids("đảng");
  rebuild_index(archive_.catalog());
  EXPECT_EQ(ids("đảng"), before);
}

TEST_F(SearchTest, StoreKeepsCleanTextAndChecksTheSource) {
  const int64_t id = add({"01-CT/HU", "Về công tác", "Đa\xCC\x89ng\x01viên"});
  EXPECT_EQ(archive_.store().text(id), "Đảng viên");
  Doc bad{"02-CT/HU", "Về công tác", "x"};
  bad.source = "scanned";
  EXPECT_THROW(add(bad), UserError);
  DocumentRecord r;
  r.symbol = "x";
  r.corrects = 999;
  EXPECT_THROW(archive_.store().add_document(r), UserError);
  auto back = archive_.store().document(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->language, "vi");
  EXPECT_FALSE(back->needs_ocr);
  EXPECT_EQ(archive_.store().find_by_symbol("Số 01-CT/HU").size(), 1u);
  EXPECT_EQ(archive_.store().find_by_symbol("1-ct/hu").size(), 1u);
  EXPECT_TRUE(archive_.store().find_by_symbol("01-CT/TU").empty());
  // Not indexed yet (no text): still found by its symbol.
  DocumentRecord pending;
  pending.symbol = "07-KH/HU";
  pending.sha256 = std::string(64, '0');
  const int64_t pid = archive_.store().add_document(pending);
  ASSERT_EQ(archive_.store().find_by_symbol("07-KH/HU").size(), 1u);
  EXPECT_EQ(archive_.store().find_by_symbol("07-kh/hu")[0].id, pid);
}

TEST(PdfText, RejectsWhatIsNotAPdf) {
  EXPECT_THROW(pdf_page_texts("not a pdf"), std::runtime_error);
  EXPECT_THROW(pdf_page_texts(""), std::runtime_error);
}

// A catalog made by vanthu before search (schema version 1) is upgraded in place when opened;
// its documents are indexed once their text is extracted from their stored PDFs (which every
// search through the service does first).
TEST(SearchUpgrade, VersionOneCatalogIsUpgradedAndIndexed) {
  TempDir dir;
  Diagnostics diags;
  generator::Renderer renderer(VANTHU_SOURCE_DIR);
  auto pdf = renderer.render_file(std::string(VANTHU_TEST_DATA) + "/seeds/002.yaml", diags);
  ASSERT_TRUE(pdf) << diags.format();
  const std::string sha = sha256_hex(pdf->pdf);
  fs::create_directories(fs::path(dir.path()) / "pdf" / sha.substr(0, 2));
  {
    std::ofstream out(fs::path(dir.path()) / "pdf" / sha.substr(0, 2) / (sha + ".pdf"),
                      std::ios::binary);
    out << pdf->pdf;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() + "/catalog.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kCatalogSchemaV1, nullptr, nullptr, nullptr), SQLITE_OK);
  const std::string insert =
      "INSERT INTO documents (kind, number, symbol, issuer, issuer_code, date, subject, signer, "
      "recipients, pages, bytes, sha256, profile, source) VALUES ('CT', 15, '15-CT/HU', "
      "'HUYỆN ỦY SƠN HÀ', 'HU', '2023-05-10', 'Về đẩy mạnh và nâng cao chất lượng kết nạp đảng "
      "viên trong tình hình mới', 'Nguyễn Việt Văn', '[]', 3, " +
      std::to_string(pdf->pdf.size()) + ", '" + sha +
      "', 'dang', 'issued');"
      "PRAGMA user_version=1;";
  ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  // The service's search indexes them first, and says so.
  {
    app::Service svc(std::string{});
    SearchRequest req;
    req.query = "ket nap dang vien";
    auto r = svc.search(dir.path(), req);
    ASSERT_EQ(r.status, app::Status::kOk) << r.error;
    EXPECT_EQ(r.result.total, 1);
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_NE(r.notes[0].find("indexed the text of 1 document"), std::string::npos);
    EXPECT_TRUE(svc.search(dir.path(), req).notes.empty());  // only once
    // Back to "no text yet" (the text is derived data), for the library-level checks below.
    Catalog c(dir.path() + "/catalog.sqlite", false);
    c.exec("DELETE FROM document_text");
  }
  Archive a(dir.path(), false);
  {
    auto v = a.catalog().prepare("PRAGMA user_version");
    v.step();
    EXPECT_EQ(v.integer(0), kCatalogSchemaVersion);
  }
  auto doc = a.store().document(1);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->symbol, "15-CT/HU");
  EXPECT_EQ(doc->language, "vi");
  SearchRequest req;
  req.query = "ket nap dang vien";
  EXPECT_EQ(search(a.catalog(), a.store(), req).total, 0);  // not indexed yet
  EXPECT_THROW(a.catalog().exec("UPDATE documents SET subject = 'x'"), std::runtime_error);

  EXPECT_EQ(documents_without_text(a.catalog()), (std::vector<int64_t>{1}));
  EXPECT_EQ(index_missing_texts(a.catalog(), a.store(), documents_without_text(a.catalog())), 1u);
  EXPECT_TRUE(documents_without_text(a.catalog()).empty());
  EXPECT_EQ(search(a.catalog(), a.store(), req).total, 1);
  req.query = "15-CT/HU";  // the symbol of the catalog, not the number printed in the PDF
  EXPECT_EQ(search(a.catalog(), a.store(), req).hits.at(0).score >= 1e7, true);
  req.query = "thẩm tra xác minh lí lịch";  // only in the text
  const auto r = search(a.catalog(), a.store(), req);
  ASSERT_EQ(r.total, 1);
  EXPECT_NE(r.hits[0].snippet.find("«thẩm» «tra» «xác» «minh» «lí» «lịch»"), std::string::npos)
      << r.hits[0].snippet;
}

}  // namespace
}  // namespace vanthu::archive
