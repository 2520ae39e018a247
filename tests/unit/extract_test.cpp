// The PDF import extraction (archive/extract): text and metadata read from PDFs of other producers
// (the peers' LibreOffice, Typst and XeLaTeX renderings of seeds 000 and 002, LibreOffice variants
// made by tests/data/import/make_fixtures.sh) and from PDFs vanthu renders itself (a snapshot in
// tests/data/import, and every example under templates/examples rendered now, checked against
// its YAML); scans without a text layer, encrypted, truncated, damaged and non-PDF input; the
// metadata reader on plain text for the layout rules one at a time.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <mutex>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "archive/extract/extract.h"
#include "archive/extract/layout.h"
#include "archive/extract/metadata.h"
#include "archive/extract/vn_text.h"
#include "e2e/e2e_util.h"

namespace vanthu::archive {
namespace {

namespace fs = std::filesystem;

fs::path import_path(const std::string& name) {
  return fs::path(VANTHU_TEST_DATA) / "import" / name;
}

// Extracts each file once per test process.
const ExtractResult& extracted(const fs::path& p) {
  static std::mutex mu;
  static std::map<std::string, ExtractResult> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(p.string());
  if (it == cache.end()) it = cache.emplace(p.string(), extract_pdf(e2e::read_file(p))).first;
  return it->second;
}

std::string describe(const ExtractResult& r) {
  if (const auto* f = std::get_if<ExtractFailure>(&r))
    return std::string(extract_error_name(f->first)) + ": " + f->second;
  const auto& d = std::get<ExtractedDocument>(r);
  std::string s = "document; missing:";
  for (const auto& m : d.missing) s += " " + m;
  s += "; warnings:";
  for (const auto& w : d.warnings) s += "\n  " + w;
  return s;
}

std::string test_name(std::string s) {
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// ---------------------------------------------------------------------------------------------
// PDFs of other producers (and a vanthu snapshot), with their known metadata.

const std::vector<std::string> kRecipients000{
    "Ban Thường vụ Tỉnh ủy (báo cáo)",
    "Các cơ quan chuyên trách TMGV Tỉnh ủy (báo cáo)",  // wraps in all three peer renderings
    "Các cơ quan chuyên trách TMGV Thị ủy",
    "Trung tâm Chính trị thị xã",
    "Mặt trận và các tổ chức CT-XH thị xã",
    "Các đảng ủy, chi bộ trực thuộc Thị ủy",
    "Các đồng chí Thị ủy viên",
};
const std::vector<std::string> kRecipients002{
    "Thường trực Tỉnh ủy (báo cáo)",
    "Ban Tổ chức Tỉnh ủy (báo cáo)",
    "UBND huyện",
    "Các cơ quan tham mưu, giúp việc Huyện ủy",
    "Trung tâm Chính trị",
    "MTTQ và các đoàn thể huyện",
    "Các TCCSĐ trực thuộc Huyện ủy",
    "Các đồng chí Huyện ủy viên",
};

struct PdfCase {
  std::string file;
  int pages = 0;
  std::string family, kind_code, kind_name;
  long number = 0;
  std::string symbol;
  std::string superior, issuer, organ_line;
  std::string place, date, subject;
  std::string authority, position, signer;
  std::vector<std::string> recipients;
  std::string archive_copy;
  std::vector<std::string> sentences;  // must occur in the text (white space runs as one space)
  std::vector<std::string> missing;    // exactly these fields are reported missing
};

PdfCase seed000(const std::string& file, int pages) {
  PdfCase c;
  c.file = file;
  c.pages = pages;
  c.family = "party", c.kind_code = "CT", c.kind_name = "Chỉ thị";
  c.number = 28, c.symbol = "28-CT/TU";
  c.superior = "ĐẢNG BỘ TỈNH QUẢNG TRỊ", c.issuer = "THỊ ỦY QUẢNG TRỊ";
  c.place = "Quảng Trị", c.date = "2023-03-15";
  c.subject =
      "về đẩy mạnh công tác bồi dưỡng, tạo nguồn, giới thiệu quần chúng ưu tú cho Đảng "
      "xem xét, kết nạp";
  c.authority = "T/M BAN THƯỜNG VỤ", c.position = "PHÓ BÍ THƯ", c.signer = "Bùi Văn Lý";
  c.recipients = kRecipients000;
  c.archive_copy = "Lưu Văn phòng Thị ủy";
  c.sentences = {
      "Nhiệm kỳ 2015 - 2020 đã kết nạp 573 đảng viên (hằng năm kết nạp trên 100 đảng viên);",
      "lãnh đạo Mặt trận và các tổ chức chính trị - xã hội ở cơ sở làm tốt công tác phát hiện",
      "* Riêng Ban Thường vụ Thị đoàn: Ngoài thực hiện nội dung trên,",
      "Mục tiêu đề ra trong nhiệm kỳ 2015 - 2020: kết nạp từ 500 - 550 đảng viên;",
      "Chỉ thị này phổ biến đến các chi bộ.",
  };
  return c;
}

PdfCase seed002(const std::string& file, int pages) {
  PdfCase c;
  c.file = file;
  c.pages = pages;
  c.family = "party", c.kind_code = "CT", c.kind_name = "Chỉ thị";
  c.number = 28, c.symbol = "28-CT/HU";
  c.superior = "ĐẢNG BỘ TỈNH QUẢNG TRỊ", c.issuer = "HUYỆN ỦY HẢI LĂNG";
  c.organ_line = "CỦA BAN THƯỜNG VỤ HUYỆN ỦY";
  c.place = "Hải Lăng", c.date = "2023-03-15";
  c.subject = "Về đẩy mạnh và nâng cao chất lượng kết nạp đảng viên trong tình hình mới";
  c.authority = "T/M BAN THƯỜNG VỤ", c.position = "BÍ THƯ", c.signer = "Nguyễn Việt Văn";
  c.recipients = kRecipients002;
  c.archive_copy = "Lưu Văn phòng Huyện ủy";
  c.sentences = {
      // In LibreOffice's rendering this " - " ends a line; it must survive (no de-hyphenation).
      "Mặt trận Tổ quốc và đoàn thể chính trị - xã hội các cấp nâng cao nhận thức",
      "theo phương châm: “ở đâu có đoàn viên, hội viên thì ở đó có nguồn phát triển Đảng”.",
      "Phấn đấu tỉ lệ kết nạp đảng viên mới hàng năm đạt từ 3 - 4% tổng số đảng viên.",
      "Chỉ thị này được phổ biến, quán triệt đến chi bộ để thực hiện./.",
  };
  return c;
}

std::vector<PdfCase> pdf_cases() {
  std::vector<PdfCase> v{
      seed000("peer-000-libreoffice.pdf", 5), seed000("peer-000-typst.pdf", 4),
      seed000("peer-000-xelatex.pdf", 4),     seed002("peer-002-libreoffice.pdf", 3),
      seed002("peer-002-typst.pdf", 3),       seed002("peer-002-xelatex.pdf", 3),
  };
  // Decomposed (NFD) text layer: read as if it were NFC.
  v.push_back(seed002("lo-002-nfd.pdf", 3));
  // OCR-like damage: label "Noi nhân:", "T/M BAN THƯỜNG v ụ", no name, unpadded date.
  {
    PdfCase c = seed002("lo-002-ocr.pdf", 3);
    c.date = "2023-03-05";
    c.authority = "T/M BAN THƯỜNG v ụ";
    c.signer = "";
    c.missing = {"signer"};
    v.push_back(c);
  }
  // State profile, LibreOffice layout.
  {
    PdfCase c;
    c.file = "lo-state-qd.pdf";
    c.pages = 3;
    c.family = "state", c.kind_code = "QĐ", c.kind_name = "Quyết định";
    c.number = 12, c.symbol = "12/QĐ-UBND";
    c.issuer = "ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG";
    c.place = "Hải Lăng", c.date = "2024-02-09";
    c.subject = "Về việc ban hành Quy chế phối hợp trong công tác tiếp công dân trên địa bàn huyện";
    c.authority = "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", c.position = "PHÓ CHỦ TỊCH";
    c.signer = "Trần Thị Mỹ Lệ";
    c.recipients = {"Như Điều 3", "Thường trực Huyện ủy (báo cáo)", "Chủ tịch, các PCT UBND huyện"};
    c.archive_copy = "Lưu: VT, NC";
    c.sentences = {"Chỉ thị này được phổ biến, quán triệt đến chi bộ để thực hiện./."};
    v.push_back(c);
  }
  // vanthu's own renderings (snapshot).
  {
    PdfCase c;
    c.file = "vanthu-dang-CT.pdf";
    c.pages = 2;
    c.family = "party", c.kind_code = "CT", c.kind_name = "Chỉ thị";
    c.number = 36, c.symbol = "36-CT/TU";
    c.superior = "ĐẢNG BỘ TỈNH QUẢNG TRỊ", c.issuer = "THỊ ỦY QUẢNG TRỊ";
    c.organ_line = "CỦA BAN THƯỜNG VỤ THỊ ỦY";
    c.place = "Quảng Trị", c.date = "2024-08-20";
    c.subject =
        "về tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác phòng, chống "
        "thiên tai và tìm kiếm cứu nạn năm 2024";
    c.authority = "T/M BAN THƯỜNG VỤ", c.position = "BÍ THƯ", c.signer = "Trần Quốc Dũng";
    c.recipients = {"Ban Thường vụ Tỉnh ủy (báo cáo)",
                    "Văn phòng Tỉnh ủy (báo cáo)",
                    "Các đồng chí Thị ủy viên",
                    "Các cơ quan tham mưu, giúp việc Thị ủy",
                    "HĐND, UBND thị xã",
                    "MTTQ và các tổ chức CT-XH thị xã",
                    "Các tổ chức cơ sở đảng trực thuộc"};
    c.archive_copy = "Lưu Văn phòng Thị ủy";
    c.sentences = {"theo phương châm “bốn tại chỗ”, góp phần hạn chế thiệt hại về người",
                   "từ 5 - 7 cơn bão, áp thấp nhiệt đới hoạt động trên Biển Đông"};
    v.push_back(c);
  }
  {
    PdfCase c;
    c.file = "vanthu-nha-nuoc-CV.pdf";
    c.pages = 1;
    c.family = "state", c.kind_code = "CV", c.kind_name = "Công văn";
    c.number = 1726, c.symbol = "1726/UBND-VX";
    c.issuer = "ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG";
    c.place = "Hải Lăng", c.date = "2024-06-10";
    c.subject = "tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết";
    c.authority = "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", c.position = "PHÓ CHỦ TỊCH";
    c.signer = "Phan Thị Ngọc Lan";
    c.recipients = {"Như trên", "Sở Y tế (báo cáo)", "TT Huyện ủy, TT HĐND huyện",
                    "Chủ tịch, các PCT UBND huyện"};
    c.archive_copy = "Lưu: VT, VX";
    c.sentences = {"tăng 2,3 lần so với cùng kỳ năm 2023; xuất hiện 05 ổ dịch"};
    v.push_back(c);
  }
  {
    PdfCase c;
    c.file = "vanthu-nha-nuoc-NQ.pdf";
    c.pages = 2;
    c.family = "state", c.kind_code = "NQ", c.kind_name = "Nghị quyết";
    c.number = 15, c.symbol = "15/NQ-HĐND";
    c.issuer = "HỘI ĐỒNG NHÂN DÂN HUYỆN HẢI LĂNG";
    c.place = "Hải Lăng", c.date = "2024-07-18";
    c.subject = "Về Chương trình giám sát của Hội đồng nhân dân huyện năm 2025";
    c.position = "CHỦ TỊCH", c.signer = "Nguyễn Văn Sáu";
    c.recipients = {"Thường trực HĐND tỉnh",         "TT Huyện ủy",
                    "TT HĐND, UBND huyện",           "Ban Thường trực UBMTTQVN huyện",
                    "Đại biểu HĐND huyện",           "Các cơ quan, đơn vị thuộc huyện",
                    "TT HĐND, UBND các xã, thị trấn"};
    c.archive_copy = "Lưu: VT";
    c.sentences = {"HỘI ĐỒNG NHÂN DÂN HUYỆN HẢI LĂNG KHÓA XII, KỲ HỌP THỨ 17"};
    v.push_back(c);
  }
  return v;
}

void PrintTo(const PdfCase& c, std::ostream* os) { *os << c.file; }

class ExtractPdfTest : public ::testing::TestWithParam<PdfCase> {
 protected:
  const ExtractedDocument* doc() {
    const ExtractResult& r = extracted(import_path(GetParam().file));
    const auto* d = std::get_if<ExtractedDocument>(&r);
    if (d == nullptr) ADD_FAILURE() << GetParam().file << ": " << describe(r);
    return d;
  }
};

TEST_P(ExtractPdfTest, HasTextLayerAndPageCount) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->has_text_layer);
  EXPECT_EQ(d->pages_count, GetParam().pages);
  EXPECT_EQ(d->pages.size(), static_cast<size_t>(GetParam().pages));
}

TEST_P(ExtractPdfTest, ReadsFamilyAndKind) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->family, GetParam().family);
  EXPECT_EQ(d->kind_code, GetParam().kind_code);
  EXPECT_EQ(d->kind_name, GetParam().kind_name);
}

TEST_P(ExtractPdfTest, ReadsNumberAndSymbol) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  ASSERT_TRUE(d->number.has_value()) << describe(extracted(import_path(GetParam().file)));
  EXPECT_EQ(*d->number, GetParam().number);
  EXPECT_EQ(d->symbol, GetParam().symbol);
}

TEST_P(ExtractPdfTest, ReadsIssuerAndSuperior) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->issuer, GetParam().issuer);
  EXPECT_EQ(d->superior, GetParam().superior);
}

TEST_P(ExtractPdfTest, ReadsPlaceAndIsoDate) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->place, GetParam().place);
  EXPECT_EQ(d->date, GetParam().date);
}

TEST_P(ExtractPdfTest, ReadsOrganLineAndSubject) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->organ_line, GetParam().organ_line);
  EXPECT_EQ(d->subject, GetParam().subject);
}

TEST_P(ExtractPdfTest, ReadsSignatureBlock) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->authority, GetParam().authority);
  EXPECT_EQ(d->signer_position, GetParam().position);
  EXPECT_EQ(d->signer, GetParam().signer);
}

TEST_P(ExtractPdfTest, ReadsRecipientsAndArchiveCopy) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->recipients, GetParam().recipients);
  EXPECT_EQ(d->archive_copy, GetParam().archive_copy);
}

TEST_P(ExtractPdfTest, TextHoldsKnownSentencesWithExactMarks) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  const std::string flat = e2e::collapse_ws(d->text);
  for (const auto& s : GetParam().sentences) EXPECT_NE(flat.find(s), std::string::npos) << s;
}

TEST_P(ExtractPdfTest, TextIsNfcAndPagesJoinToText) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(extract::is_nfc(d->text));
  std::string joined;
  for (const auto& p : d->pages) {
    EXPECT_TRUE(extract::is_nfc(p));
    joined += (joined.empty() ? "" : "\f") + p;
  }
  EXPECT_EQ(joined, d->text);
}

TEST_P(ExtractPdfTest, ReportsExactlyTheUnreadableFields) {
  const auto* d = doc();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->missing, GetParam().missing) << describe(extracted(import_path(GetParam().file)));
}

INSTANTIATE_TEST_SUITE_P(Import, ExtractPdfTest, ::testing::ValuesIn(pdf_cases()),
                         [](const auto& info) { return test_name(info.param.file); });

// ---------------------------------------------------------------------------------------------
// Special PDFs.

TEST(ExtractPdfSpecial, DecomposedTextLayerIsNormalisedAndReported) {
  const auto& nfd = std::get<ExtractedDocument>(extracted(import_path("lo-002-nfd.pdf")));
  const auto& nfc = std::get<ExtractedDocument>(extracted(import_path("peer-002-libreoffice.pdf")));
  EXPECT_EQ(nfd.text, nfc.text);
  EXPECT_TRUE(contains(nfd.warnings,
                       "the text layer is not in Unicode NFC (decomposed diacritics); it was "
                       "normalised to NFC"));
}

TEST(ExtractPdfSpecial, ScanWithoutTextLayerNeedsOcr) {
  const ExtractResult& r = extracted(import_path("scan-002.pdf"));
  ASSERT_TRUE(std::holds_alternative<ExtractedDocument>(r)) << describe(r);
  const auto& d = std::get<ExtractedDocument>(r);
  EXPECT_FALSE(d.has_text_layer);
  EXPECT_EQ(d.pages_count, 1);
  EXPECT_EQ(e2e::collapse_ws(d.text), "");
  const std::vector<std::string> all{"family",  "kind_code", "kind_name",       "number",
                                     "symbol",  "issuer",    "place",           "date",
                                     "subject", "signer",    "signer_position", "recipients"};
  EXPECT_EQ(d.missing, all);
  ASSERT_FALSE(d.warnings.empty());
  EXPECT_NE(d.warnings.front().find("OCR"), std::string::npos);
}

TEST(ExtractPdfSpecial, OwnerPasswordOnlyIsReadWithAWarning) {
  const ExtractResult& r = extracted(import_path("encrypted-owner.pdf"));
  ASSERT_TRUE(std::holds_alternative<ExtractedDocument>(r)) << describe(r);
  const auto& d = std::get<ExtractedDocument>(r);
  EXPECT_EQ(d.symbol, "28-CT/HU");
  EXPECT_TRUE(d.missing.empty());
  ASSERT_FALSE(d.warnings.empty());
  EXPECT_NE(d.warnings.front().find("owner password only"), std::string::npos);
}

TEST(ExtractPdfSpecial, OcrDamagedLabelAndAbsentNameAreReportedNotGuessed) {
  const auto& d = std::get<ExtractedDocument>(extracted(import_path("lo-002-ocr.pdf")));
  EXPECT_EQ(d.signer, "");
  EXPECT_TRUE(contains(d.missing, "signer"));
  EXPECT_TRUE(contains(d.warnings, "the signature block has no signer's name"));
}

// ---------------------------------------------------------------------------------------------
// Input that is not a readable PDF: an error with a reason, never a crash.

struct BadCase {
  std::string name;
  std::string bytes;  // used when file is empty
  std::string file;   // in tests/data/import
  ExtractError error;
  std::string reason;  // a substring of the reason
};

std::vector<BadCase> bad_cases() {
  return {
      {"empty", "", "", ExtractError::kNotPdf, "empty"},
      {"plain_text", "Nơi nhận:\n- Như trên,\n", "", ExtractError::kNotPdf, "not a PDF"},
      {"png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "", ExtractError::kNotPdf,
       "not a PDF"},
      {"yaml", "profile: dang\nkind: CT\n", "", ExtractError::kNotPdf, "%PDF-"},
      {"header_only", "%PDF-1.7\n", "", ExtractError::kDamaged, "truncated"},
      {"header_and_eof", "%PDF-1.4\n%%EOF\n", "", ExtractError::kDamaged, "damaged"},
      {"truncated_file", "", "truncated-002.pdf", ExtractError::kDamaged, "truncated PDF"},
      {"damaged_file", "", "damaged-002.pdf", ExtractError::kDamaged, "damaged PDF"},
      {"encrypted_file", "", "encrypted-user.pdf", ExtractError::kEncrypted,
       "encrypted PDF: cannot read its text without the password"},
  };
}

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class ExtractBadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ExtractBadInputTest, FailsWithItsErrorAndAReason) {
  const BadCase& c = GetParam();
  const ExtractResult r =
      c.file.empty() ? extract_pdf(c.bytes) : extract_pdf(e2e::read_file(import_path(c.file)));
  ASSERT_TRUE(std::holds_alternative<ExtractFailure>(r)) << describe(r);
  const auto& f = std::get<ExtractFailure>(r);
  EXPECT_EQ(f.first, c.error) << f.second;
  EXPECT_NE(f.second.find(c.reason), std::string::npos) << f.second;
  EXPECT_TRUE(extract::valid_utf8(f.second));
}

INSTANTIATE_TEST_SUITE_P(Import, ExtractBadInputTest, ::testing::ValuesIn(bad_cases()),
                         [](const auto& info) { return info.param.name; });

// Corrupted copies of a real PDF (bytes overwritten, cut, shuffled): each gives a document or an
// error with a reason, and everything returned is valid UTF-8.
TEST(ExtractPdfRobustness, CorruptedCopiesNeverCrash) {
  const std::string good = e2e::read_file(import_path("peer-002-xelatex.pdf"));
  std::mt19937 rng(20240601);
  for (int round = 0; round < 60; ++round) {
    std::string b = good;
    const int edits = 1 + static_cast<int>(rng() % 40);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0:
          b[at] = static_cast<char>(rng());
          break;
        case 1:
          b.erase(at, std::min<size_t>(rng() % 200, b.size() - at));
          break;
        default:
          b.insert(at, b.substr(rng() % b.size(), rng() % 100));
          break;
      }
    }
    const ExtractResult r = extract_pdf(b);
    if (const auto* f = std::get_if<ExtractFailure>(&r)) {
      EXPECT_FALSE(f->second.empty());
      EXPECT_TRUE(extract::valid_utf8(f->second));
    } else {
      const auto& d = std::get<ExtractedDocument>(r);
      EXPECT_TRUE(extract::is_nfc(d.text));
      for (const auto& w : d.warnings) EXPECT_TRUE(extract::valid_utf8(w));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Every example vanthu ships, rendered now and read back: the metadata its YAML declares.

struct ExampleCase {
  std::string yaml;  // relative to the source tree
};
void PrintTo(const ExampleCase& c, std::ostream* os) { *os << c.yaml; }

std::vector<ExampleCase> example_cases() {
  std::vector<ExampleCase> v;
  for (const char* dir : {"templates/examples/dang", "templates/examples/nha-nuoc"}) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(fs::path(VANTHU_SOURCE_DIR) / dir))
      if (e.path().extension() == ".yaml")
        files.push_back(std::string(dir) + "/" + e.path().filename().string());
    std::sort(files.begin(), files.end());
    for (auto& f : files) v.push_back({f});
  }
  for (const char* seed : {"000", "002", "003"})
    v.push_back({std::string("tests/data/seeds/") + seed + ".yaml"});
  return v;
}

std::string scalar_or_lines(const YAML::Node& n) {
  if (!n) return "";
  if (n.IsScalar()) return n.as<std::string>();
  std::string s;
  for (const auto& x : n) s += (s.empty() ? "" : " ") + x.as<std::string>();
  return s;
}

// What the YAML says the PDF must show.
struct Expected {
  std::string family, kind_code;
  long number = 0;
  std::string symbol, superior, issuer, place, date, subject;
  std::string authority, position, signer;
  std::vector<std::string> recipients;
  std::string archive_copy;
  std::string first_words;  // the first words of the first body paragraph
};

Expected expected_of(const fs::path& yaml) {
  const YAML::Node y = YAML::LoadFile(yaml.string());
  Expected e;
  e.family = y["profile"].as<std::string>() == "dang" ? "party" : "state";
  e.kind_code = y["kind"].as<std::string>();
  const YAML::Node h = y["header"];
  e.number = h["number"].as<long>();
  const std::string num = (e.number < 10 ? "0" : "") + std::to_string(e.number);
  const std::string code = h["issuer_code"].as<std::string>();
  if (e.family == "party")
    e.symbol = num + "-" + e.kind_code + "/" + code;
  else if (e.kind_code == "CV")
    e.symbol = num + "/" + code;
  else
    e.symbol = num + "/" + e.kind_code + "-" + code;
  e.superior = scalar_or_lines(h["superior"]);
  e.issuer = scalar_or_lines(h["issuer"]);
  e.place = h["place"].as<std::string>();
  e.date = h["date"].as<std::string>();
  e.subject = scalar_or_lines(y["title"]["subject"]);
  const YAML::Node s = y["signature"];
  std::vector<std::string> lines;
  if (s["authority"])
    lines.push_back(s["authority"].as<std::string>() + " " + s["collective"].as<std::string>());
  if (s["position"].IsScalar())
    lines.push_back(s["position"].as<std::string>());
  else
    for (const auto& p : s["position"]) lines.push_back(p.as<std::string>());
  std::vector<std::string> auth, pos;
  for (const auto& l : lines) {
    const bool prefix = l.rfind("T/M ", 0) == 0 || l.rfind("K/T ", 0) == 0 ||
                        l.rfind("TM. ", 0) == 0 || l.rfind("KT. ", 0) == 0 ||
                        l.rfind("TL. ", 0) == 0 || l.rfind("TUQ. ", 0) == 0;
    (prefix && pos.empty() ? auth : pos).push_back(l);
  }
  for (const auto& a : auth) e.authority += (e.authority.empty() ? "" : " ") + a;
  for (const auto& p : pos) e.position += (e.position.empty() ? "" : " ") + p;
  e.signer = s["name"].as<std::string>();
  for (const auto& it : y["recipients"]["items"]) {
    if (it.IsScalar())
      e.recipients.push_back(it.as<std::string>());
    else
      e.recipients.push_back(it["text"].as<std::string>() + " (" + it["purpose"].as<std::string>() +
                             ")");
  }
  const std::string archive = y["recipients"]["archive"].as<std::string>();
  e.archive_copy = archive.rfind("Lưu", 0) == 0 ? archive : "Lưu: " + archive;
  for (const auto& b : y["body"]) {
    // The first plain paragraph: no inline markup (*…*, **…**, [b]…, footnote marks).
    if (!b.IsScalar() || b.as<std::string>().find_first_of("*_[]{}^") != std::string::npos)
      continue;
    const auto words = e2e::split_words(b.as<std::string>());
    e.first_words = e2e::join(words, 0, std::min<size_t>(words.size(), 12));
    break;
  }
  return e;
}

class ExtractExampleTest : public ::testing::TestWithParam<ExampleCase> {
 protected:
  void SetUp() override {
    if (!fs::exists(VANTHU_BINARY)) GTEST_SKIP() << "no vanthu binary at " << VANTHU_BINARY;
    const fs::path yaml = fs::path(VANTHU_SOURCE_DIR) / GetParam().yaml;
    want_ = expected_of(yaml);
    std::string why;
    const auto pdf = e2e::rendered_pdf(yaml, &why);
    ASSERT_TRUE(pdf.has_value()) << why;
    const ExtractResult& r = extracted(*pdf);
    doc_ = std::get_if<ExtractedDocument>(&r);
    ASSERT_NE(doc_, nullptr) << describe(r);
  }
  Expected want_;
  const ExtractedDocument* doc_ = nullptr;
};

TEST_P(ExtractExampleTest, ReadsFamilyAndKindCode) {
  EXPECT_EQ(doc_->family, want_.family);
  EXPECT_EQ(doc_->kind_code, want_.kind_code);
}

TEST_P(ExtractExampleTest, ReadsNumberAndSymbol) {
  EXPECT_EQ(doc_->number.value_or(-1), want_.number);
  EXPECT_EQ(doc_->symbol, want_.symbol);
}

TEST_P(ExtractExampleTest, ReadsIssuerAndSuperior) {
  EXPECT_EQ(doc_->issuer, want_.issuer);
  EXPECT_EQ(doc_->superior, want_.superior);
}

TEST_P(ExtractExampleTest, ReadsPlaceAndDate) {
  EXPECT_EQ(doc_->place, want_.place);
  EXPECT_EQ(doc_->date, want_.date);
}

TEST_P(ExtractExampleTest, ReadsSubject) { EXPECT_EQ(doc_->subject, want_.subject); }

TEST_P(ExtractExampleTest, ReadsSignatureBlock) {
  EXPECT_EQ(doc_->authority, want_.authority);
  EXPECT_EQ(doc_->signer_position, want_.position);
  EXPECT_EQ(doc_->signer, want_.signer);
}

TEST_P(ExtractExampleTest, ReadsRecipientsAndArchiveCopy) {
  EXPECT_EQ(doc_->recipients, want_.recipients);
  EXPECT_EQ(doc_->archive_copy, want_.archive_copy);
}

TEST_P(ExtractExampleTest, TextHoldsTheFirstBodySentence) {
  EXPECT_NE(e2e::collapse_ws(doc_->text).find(want_.first_words), std::string::npos)
      << want_.first_words;
}

TEST_P(ExtractExampleTest, NothingIsMissing) {
  EXPECT_TRUE(doc_->missing.empty()) << describe(ExtractResult{*doc_});
}

INSTANTIATE_TEST_SUITE_P(Examples, ExtractExampleTest, ::testing::ValuesIn(example_cases()),
                         [](const auto& info) { return test_name(info.param.yaml); });

// ---------------------------------------------------------------------------------------------
// The number line, one form per row.

struct NumberCase {
  std::string line;
  bool ok;
  std::string family;
  long number;  // -1: none (unnumbered)
  std::string symbol, code;
};

void PrintTo(const NumberCase& c, std::ostream* os) { *os << c.line; }

class NumberLineTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberLineTest, Parses) {
  const NumberCase& c = GetParam();
  const extract::NumberLine n = extract::parse_number_line(c.line);
  ASSERT_EQ(n.ok, c.ok) << c.line;
  if (!c.ok) return;
  EXPECT_EQ(n.family, c.family);
  EXPECT_EQ(n.number.value_or(-1), c.number);
  EXPECT_EQ(n.symbol, c.symbol);
  EXPECT_EQ(n.code, c.code);
}

INSTANTIATE_TEST_SUITE_P(
    Extract, NumberLineTest,
    ::testing::Values(NumberCase{"Số 28-CT/TU", true, "party", 28, "28-CT/TU", "CT"},
                      NumberCase{"Số 05-KL/ĐU", true, "party", 5, "05-KL/ĐU", "KL"},
                      NumberCase{"Số 03-CT/TWĐTN-BTC", true, "party", 3, "03-CT/TWĐTN-BTC", "CT"},
                      NumberCase{"Số 06-QĐi/TW", true, "party", 6, "06-QĐi/TW", "QĐi"},
                      NumberCase{"Số 28 - CT/TU", true, "party", 28, "28-CT/TU", "CT"},
                      NumberCase{"Số: 12/QĐ-UBND", true, "state", 12, "12/QĐ-UBND", "QĐ"},
                      NumberCase{"Số:12/QĐ-UBND", true, "state", 12, "12/QĐ-UBND", "QĐ"},
                      NumberCase{"Số: 1726/UBND-VX", true, "state", 1726, "1726/UBND-VX", "UBND"},
                      NumberCase{"Số: 15/2023/QĐ-UBND", true, "state", 15, "15/2023/QĐ-UBND", "QĐ"},
                      NumberCase{"SỐ: 05/BNV-VP", true, "state", 5, "05/BNV-VP", "BNV"},
                      NumberCase{"Số 45-NQ/ĐU Hải Thượng, ngày 27 tháng 12 năm 2024", true, "party",
                                 45, "45-NQ/ĐU", "NQ"},
                      NumberCase{"Số      -CT/TU", true, "party", -1, "", "CT"},
                      NumberCase{"Số: /QĐ-UBND", true, "state", -1, "", "QĐ"},
                      NumberCase{"Số lượng, chất lượng đảng viên được nâng lên", false, "", 0, "",
                                 ""},
                      NumberCase{"Số 28", false, "", 0, "", ""},
                      NumberCase{"Sống và làm việc theo Hiến pháp", false, "", 0, "", ""}),
    [](const auto& info) { return "row" + std::to_string(info.index); });

// ---------------------------------------------------------------------------------------------
// The place and date line, one form per row.

struct DateCase {
  std::string line;
  bool whole_line;
  std::string place, iso;
  bool problem;
};

void PrintTo(const DateCase& c, std::ostream* os) { *os << c.line; }

class DateLineTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(DateLineTest, Parses) {
  const DateCase& c = GetParam();
  const extract::DateLine d = extract::parse_date_line(c.line);
  EXPECT_EQ(d.whole_line, c.whole_line) << c.line;
  if (!c.whole_line) return;
  EXPECT_EQ(d.place, c.place);
  EXPECT_EQ(d.iso, c.iso);
  EXPECT_EQ(!d.problem.empty(), c.problem);
}

INSTANTIATE_TEST_SUITE_P(
    Extract, DateLineTest,
    ::testing::Values(
        DateCase{"Quảng Trị, ngày 15 tháng 3 năm 2023", true, "Quảng Trị", "2023-03-15", false},
        DateCase{"Hà Nội, ngày 05 tháng 01 năm 2020", true, "Hà Nội", "2020-01-05", false},
        DateCase{"Hà Nội, ngày 5 tháng 1 năm 2020", true, "Hà Nội", "2020-01-05", false},
        DateCase{"Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", true, "Thành phố Hồ Chí Minh",
                 "2019-06-29", false},
        DateCase{"ngày 15 tháng 3 năm 2023", true, "", "2023-03-15", false},
        DateCase{"Hải Lăng,  ngày  10  tháng 6 năm 2024.", true, "Hải Lăng", "2024-06-10", false},
        DateCase{"Quảng Trị, ngày 31 tháng 2 năm 2023", true, "Quảng Trị", "", true},
        DateCase{"Căn cứ Nghị định số 90/2020/NĐ-CP ngày 13 tháng 8 năm 2020 của Chính phủ", false,
                 "", "", false},
        DateCase{"Ngày 22 tháng 8 năm 2024, đồng chí Đặng Hữu Phước chủ trì cuộc họp", false, "",
                 "", false},
        DateCase{"Giấy này có giá trị đến hết ngày 31 tháng 10 năm 2024./.", false, "", "", false}),
    [](const auto& info) { return "row" + std::to_string(info.index); });

// ---------------------------------------------------------------------------------------------
// The metadata reader on plain text (no geometry, no fonts): the order and content rules alone.

ExtractedDocument read_text(const std::string& text) {
  ExtractedDocument d;
  extract::read_metadata({extract::lines_from_text(text)}, d);
  return d;
}

const char* const kPartyText =
    "ĐẢNG BỘ TỈNH QUẢNG TRỊ\n"
    "THỊ ỦY QUẢNG TRỊ\n"
    "*\n"
    "Số 28-CT/TU\n"
    "\n"
    "ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Quảng Trị, ngày 15 tháng 3 năm 2023\n"
    "\n"
    "CHỈ THỊ\n"
    "CỦA BAN THƯỜNG VỤ THỊ ỦY\n"
    "về đẩy mạnh công tác bồi dưỡng, tạo nguồn, giới thiệu\n"
    "quần chúng ưu tú cho Đảng xem xét, kết nạp\n"
    "-----\n"
    "Trong những năm qua, Ban Thường vụ Thị ủy đã ban hành nhiều văn bản.\n"
    "Chỉ thị này phổ biến đến các chi bộ.\n"
    "Nơi nhận:\n"
    "- Ban Thường vụ Tỉnh ủy (báo cáo),\n"
    "- Các cơ quan chuyên trách TMGV Tỉnh ủy\n"
    "(báo cáo),\n"
    "- Lưu Văn phòng Thị ủy.\n"
    "\n"
    "T/M BAN THƯỜNG VỤ\n"
    "PHÓ BÍ THƯ\n"
    "\n"
    "Bùi Văn Lý\n";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos) throw std::runtime_error("test setup: no \"" + from + "\"");
  return s.replace(at, from.size(), to);
}

TEST(ExtractText, PartyDocumentReadsEveryField) {
  const ExtractedDocument d = read_text(kPartyText);
  EXPECT_EQ(d.family, "party");
  EXPECT_EQ(d.kind_code, "CT");
  EXPECT_EQ(d.symbol, "28-CT/TU");
  EXPECT_EQ(d.superior, "ĐẢNG BỘ TỈNH QUẢNG TRỊ");
  EXPECT_EQ(d.issuer, "THỊ ỦY QUẢNG TRỊ");
  EXPECT_EQ(d.organ_line, "CỦA BAN THƯỜNG VỤ THỊ ỦY");
  EXPECT_EQ(d.subject,
            "về đẩy mạnh công tác bồi dưỡng, tạo nguồn, giới thiệu quần chúng ưu tú cho Đảng xem "
            "xét, kết nạp");
  EXPECT_EQ(d.signer, "Bùi Văn Lý");
  EXPECT_TRUE(d.missing.empty());
}

TEST(ExtractText, WrappedRecipientContinuesItsItem) {
  const ExtractedDocument d = read_text(kPartyText);
  EXPECT_EQ(d.recipients,
            (std::vector<std::string>{"Ban Thường vụ Tỉnh ủy (báo cáo)",
                                      "Các cơ quan chuyên trách TMGV Tỉnh ủy (báo cáo)"}));
  EXPECT_EQ(d.archive_copy, "Lưu Văn phòng Thị ủy");
}

TEST(ExtractText, DecomposedInputIsReadAsNfc) {
  const ExtractedDocument d = read_text(e2e::nfd(kPartyText));
  EXPECT_EQ(d.issuer, "THỊ ỦY QUẢNG TRỊ");
  EXPECT_EQ(d.place, "Quảng Trị");
  EXPECT_EQ(d.signer, "Bùi Văn Lý");
  EXPECT_TRUE(d.missing.empty());
}

TEST(ExtractText, OcrDamagedRecipientsLabelIsRecognised) {
  const ExtractedDocument d = read_text(replaced(kPartyText, "Nơi nhận:", "Noi nhân:"));
  EXPECT_EQ(d.recipients.size(), 2u);
  EXPECT_EQ(d.signer_position, "PHÓ BÍ THƯ");
}

TEST(ExtractText, RightHeaderColumnFirstIsReadTheSame) {
  const std::string text =
      "ĐẢNG CỘNG SẢN VIỆT NAM\nQuảng Trị, ngày 15 tháng 3 năm 2023\n\n"
      "ĐẢNG BỘ TỈNH QUẢNG TRỊ\nTHỊ ỦY QUẢNG TRỊ\n*\nSố 28-CT/TU\n\nCHỈ THỊ\n"
      "về tăng cường công tác phòng, chống thiên tai\n-----\nNội dung.\n";
  const ExtractedDocument d = read_text(text);
  EXPECT_EQ(d.issuer, "THỊ ỦY QUẢNG TRỊ");
  EXPECT_EQ(d.superior, "ĐẢNG BỘ TỈNH QUẢNG TRỊ");
  EXPECT_EQ(d.date, "2023-03-15");
  EXPECT_EQ(d.subject, "về tăng cường công tác phòng, chống thiên tai");
}

// Poppler interleaves NĐ 30's two header columns line by line.
const char* const kStateText =
    "ỦY BAN NHÂN DÂN\n"
    "HUYỆN HẢI LĂNG\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Số: 1726/UBND-VX\n"
    "Hải Lăng, ngày 10 tháng 6 năm 2024\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "V/v tăng cường công tác phòng, chống\n"
    "dịch bệnh sốt xuất huyết\n"
    "\n"
    "Kính gửi:\n"
    "- Phòng Y tế huyện;\n"
    "Từ đầu năm 2024 đến nay, trên địa bàn huyện đã ghi nhận 86 ca mắc sốt xuất huyết.\n"
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- Sở Y tế (báo cáo);\n"
    "- Lưu: VT, VX.\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "KT. CHỦ TỊCH\n"
    "PHÓ CHỦ TỊCH\n"
    "Phan Thị Ngọc Lan\n";

TEST(ExtractText, InterleavedStateHeaderOfACongVan) {
  const ExtractedDocument d = read_text(kStateText);
  EXPECT_EQ(d.family, "state");
  EXPECT_EQ(d.kind_code, "CV");
  EXPECT_EQ(d.kind_name, "Công văn");
  EXPECT_EQ(d.number.value_or(-1), 1726);
  EXPECT_EQ(d.symbol, "1726/UBND-VX");
  EXPECT_EQ(d.issuer, "ỦY BAN NHÂN DÂN HUYỆN HẢI LĂNG");
  EXPECT_EQ(d.superior, "");
  EXPECT_EQ(d.subject, "tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết");
  EXPECT_TRUE(d.missing.empty());
}

TEST(ExtractText, ChainedAuthorityLinesFormTheAuthority) {
  const ExtractedDocument d = read_text(kStateText);
  EXPECT_EQ(d.authority, "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH");
  EXPECT_EQ(d.signer_position, "PHÓ CHỦ TỊCH");
  EXPECT_EQ(d.signer, "Phan Thị Ngọc Lan");
  EXPECT_EQ(d.recipients, (std::vector<std::string>{"Như trên", "Sở Y tế (báo cáo)"}));
  EXPECT_EQ(d.archive_copy, "Lưu: VT, VX");
}

TEST(ExtractText, ActingHeadTitleIsThePosition) {
  const ExtractedDocument d = read_text(replaced(
      replaced(kStateText, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n", "Q. CHỦ TỊCH\n"),
      "Phan Thị Ngọc Lan", "Lê Văn An"));
  EXPECT_EQ(d.authority, "");
  EXPECT_EQ(d.signer_position, "Q. CHỦ TỊCH");
  EXPECT_EQ(d.signer, "Lê Văn An");
}

TEST(ExtractText, SignatureWithoutNameLeavesSignerMissing) {
  const ExtractedDocument d = read_text(replaced(kPartyText, "Bùi Văn Lý\n", ""));
  EXPECT_EQ(d.signer, "");
  EXPECT_EQ(d.signer_position, "PHÓ BÍ THƯ");
  EXPECT_EQ(d.missing, std::vector<std::string>{"signer"});
}

TEST(ExtractText, SubjectWithoutAnEndIsNotGuessed) {
  // No separator, blank line or body marker: with plain text the subject's end is unknown.
  const ExtractedDocument d = read_text(replaced(kPartyText, "-----\n", ""));
  EXPECT_EQ(d.subject, "");
  EXPECT_TRUE(contains(d.missing, "subject"));
}

TEST(ExtractText, KindNameDisagreeingWithSymbolIsNotGuessed) {
  const ExtractedDocument d = read_text(replaced(kPartyText, "Số 28-CT/TU", "Số 28-KH/TU"));
  EXPECT_EQ(d.kind_code, "");
  EXPECT_TRUE(contains(d.missing, "kind_code"));
  EXPECT_EQ(d.symbol, "28-KH/TU");
}

TEST(ExtractText, FamilyDisagreeingWithNumberFormIsNotGuessed) {
  const ExtractedDocument d = read_text(replaced(kPartyText, "Số 28-CT/TU", "Số: 28/CT-TU"));
  EXPECT_EQ(d.family, "");
  EXPECT_TRUE(contains(d.missing, "family"));
}

TEST(ExtractText, UnnumberedDraftHasNoNumber) {
  const ExtractedDocument d = read_text(replaced(kPartyText, "Số 28-CT/TU", "Số      -CT/TU"));
  EXPECT_FALSE(d.number.has_value());
  EXPECT_EQ(d.symbol, "");
  EXPECT_EQ(d.kind_code, "CT");
  EXPECT_EQ(d.missing, (std::vector<std::string>{"number", "symbol"}));
}

TEST(ExtractText, ImpossibleDateIsNotGuessed) {
  const ExtractedDocument d =
      read_text(replaced(kPartyText, "ngày 15 tháng 3 năm 2023", "ngày 31 tháng 2 năm 2023"));
  EXPECT_EQ(d.place, "Quảng Trị");
  EXPECT_EQ(d.date, "");
  EXPECT_EQ(d.missing, std::vector<std::string>{"date"});
}

TEST(ExtractText, TextWithoutLayoutComponentsReportsEveryField) {
  const ExtractedDocument d = read_text("Một đoạn văn bản bất kỳ.\nKhông có thể thức.\n");
  EXPECT_EQ(d.missing.size(), 12u);
}

// ---------------------------------------------------------------------------------------------
// Lines from word boxes.

extract::Word word(std::string t, double x0, double y0, double x1, bool space = true) {
  extract::Word w;
  w.text = std::move(t);
  w.x0 = x0, w.y0 = y0, w.x1 = x1, w.y1 = y0 + 14;
  w.font_size = 14;
  w.space_after = space;
  return w;
}

TEST(ExtractLayout, LineEndingInAHyphenIsKept) {
  const auto lines = extract::build_lines(
      {word("chính", 85, 100, 115), word("trị", 120, 100, 135), word("-", 140, 100, 145, false),
       word("xã", 85, 117, 100), word("hội", 105, 117, 125, false)});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "chính trị -");
  EXPECT_EQ(lines[1].text, "xã hội");
}

TEST(ExtractLayout, ColumnsOnOneBaselineAreSeparateLines) {
  const auto lines =
      extract::build_lines({word("Số", 120, 100, 135), word("45-NQ/ĐU", 139, 100, 200, false),
                            word("Hải", 330, 100, 350), word("Thượng,", 354, 100, 400)});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "Số 45-NQ/ĐU");
  EXPECT_EQ(lines[1].text, "Hải Thượng,");
}

TEST(ExtractLayout, WordsAreNormalisedToNfc) {
  const auto lines = extract::build_lines(
      {word(e2e::nfd("Nơi"), 85, 100, 110), word(e2e::nfd("nhận:"), 114, 100, 150)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "Nơi nhận:");
}

TEST(ExtractLayout, FontNamesTellBoldAndItalic) {
  EXPECT_TRUE(extract::font_is_bold("HPDFAB+LiberationSerif-Bold,Bold"));
  EXPECT_TRUE(extract::font_is_bold("TimesNewRomanPS-BoldItalicMT"));
  EXPECT_FALSE(extract::font_is_bold("BAAAAA+LiberationSerif"));
  EXPECT_TRUE(extract::font_is_italic("DAAAAA+LiberationSerif-Italic"));
  EXPECT_FALSE(extract::font_is_italic("CAAAAA+LiberationSerif-Bold"));
}

}  // namespace
}  // namespace vanthu::archive
