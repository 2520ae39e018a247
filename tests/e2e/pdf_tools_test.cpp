// The PDF file itself, as judged by Poppler (pdffonts, pdfinfo, pdftotext) and qpdf: fonts
// embedded and searchable, a structurally valid file, A4 pages and the document's metadata.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

struct Doc {
  const char* name;     // test-name suffix
  fs::path data;        // the data file
  bool uses_all_faces;  // regular, bold, italic and bold italic all appear in the document
};
void PrintTo(const Doc& v, std::ostream* os) { *os << v.name; }

std::vector<Doc> documents() {
  return {
      {"seed000", seed_path("000"), true},
      {"seed002", seed_path("002"), false},
      {"seed003", seed_path("003"), false},
      {"letters", e2e_data_path("vietnamese-letters.yaml"), true},
  };
}

class E2ePdfFile : public ::testing::TestWithParam<Doc> {
 protected:
  void SetUp() override {
    std::string why;
    auto p = rendered_pdf(GetParam().data, &why);
    ASSERT_TRUE(p) << why;
    pdf_ = *p;
  }
  fs::path pdf_;
};

INSTANTIATE_TEST_SUITE_P(Documents, E2ePdfFile, ::testing::ValuesIn(documents()),
                         [](const auto& info) { return std::string(info.param.name); });

const std::set<std::string> kLiberationSerifFaces = {
    "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
    "LiberationSerif-BoldItalic"};

TEST_P(E2ePdfFile, EveryFontIsAnEmbeddedSubsetWithUnicodeMapOfALiberationSerifFace) {
  std::string why;
  auto fonts = pdffonts(pdf_, &why);
  ASSERT_TRUE(fonts) << why;
  ASSERT_FALSE(fonts->empty()) << "pdffonts lists no fonts";

  static const std::regex subset_name(R"(^[A-Z]{6}\+([^,]+)(,.*)?$)");
  std::multiset<std::string> faces;
  for (const auto& f : *fonts) {
    SCOPED_TRACE("font " + f.name);
    EXPECT_TRUE(f.emb) << "not embedded";
    EXPECT_TRUE(f.sub) << "not a subset";
    EXPECT_TRUE(f.uni) << "no ToUnicode map: its text cannot be searched or copied";
    std::smatch m;
    ASSERT_TRUE(std::regex_match(f.name, m, subset_name))
        << "not a subset font name (six capital letters, '+', the base name)";
    EXPECT_TRUE(kLiberationSerifFaces.count(m[1])) << m[1] << " is not a Liberation Serif face";
    faces.insert(m[1]);
  }
  for (const auto& face : kLiberationSerifFaces)
    EXPECT_LE(faces.count(face), 1u) << face << " is embedded more than once";
  if (GetParam().uses_all_faces) {
    for (const auto& face : kLiberationSerifFaces)
      EXPECT_EQ(faces.count(face), 1u) << face << " is used by the document but not embedded";
  }
}

TEST_P(E2ePdfFile, QpdfCheckPassesWithoutWarnings) {
  RunResult r = run({"qpdf", "--check", pdf_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.command << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err;
  EXPECT_EQ(r.out.find("WARNING"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("WARNING"), std::string::npos) << r.err;
}

// libharu's stock ToUnicode CMap made Poppler print "Syntax Error: Invalid 'begincidrange'";
// any message from pdftotext means a reader has trouble with the file.
TEST_P(E2ePdfFile, PdftotextPrintsNothingOnStderr) {
  RunResult r = pdftotext(pdf_);
  EXPECT_EQ(r.exit_code, 0) << r.command;
  EXPECT_EQ(r.err, "") << r.command << " complained";
}

TEST_P(E2ePdfFile, EveryPageIsA4) {
  RunResult r = run({"pdfinfo", "-f", "1", "-l", "999", pdf_.string()});
  ASSERT_EQ(r.exit_code, 0) << r.command << "\n" << r.err;
  const int pages = page_count(pdf_);
  ASSERT_GT(pages, 0);

  static const std::regex size_re(R"(Page\s+(\d+) size:\s+([0-9.]+) x ([0-9.]+) pts)");
  int seen = 0;
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), size_re), end; it != end; ++it) {
    ++seen;
    const double w = std::stod((*it)[2]), h = std::stod((*it)[3]);
    EXPECT_NEAR(w, 595.28, 0.1) << "page " << (*it)[1] << " width";
    EXPECT_NEAR(h, 841.89, 0.1) << "page " << (*it)[1] << " height";
  }
  EXPECT_EQ(seen, pages) << "pdfinfo did not list the size of every page:\n" << r.out;
}

// ---- metadata ----------------------------------------------------------------------------------

std::map<std::string, std::string> pdfinfo_fields(const fs::path& pdf, std::string* raw) {
  RunResult r = run({"pdfinfo", "-isodates", pdf.string()});
  *raw = r.command + " (exit " + std::to_string(r.exit_code) + ")\n" + r.out + r.err;
  std::map<std::string, std::string> fields;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    fields[line.substr(0, colon)] = normalize_text(line.substr(colon + 1));
  }
  return fields;
}

struct Meta {
  const char* name;
  fs::path data;
  std::string subject, author, date;
};
void PrintTo(const Meta& v, std::ostream* os) { *os << v.name; }

class E2eMetadata : public ::testing::TestWithParam<Meta> {};

INSTANTIATE_TEST_SUITE_P(
    Seeds, E2eMetadata,
    ::testing::Values(
        Meta{"seed000", seed_path("000"),
             "về đẩy mạnh công tác bồi dưỡng, tạo nguồn, giới thiệu quần chúng ưu tú cho Đảng "
             "xem xét, kết nạp",
             "THỊ ỦY QUẢNG TRỊ", "2023-03-15"},
        Meta{"seed002", seed_path("002"),
             "Về đẩy mạnh và nâng cao chất lượng kết nạp đảng viên trong tình hình mới",
             "HUYỆN ỦY SƠN HÀ", "2023-05-10"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_P(E2eMetadata, TitleHasKindAndSubjectAuthorIsIssuerCreationDateIsDocumentDate) {
  std::string why;
  auto pdf = rendered_pdf(GetParam().data, &why);
  ASSERT_TRUE(pdf) << why;
  std::string raw;
  auto f = pdfinfo_fields(*pdf, &raw);
  SCOPED_TRACE(raw);
  EXPECT_NE(f["Title"].find("Chỉ thị"), std::string::npos) << "Title: " << f["Title"];
  EXPECT_NE(f["Title"].find(GetParam().subject), std::string::npos) << "Title: " << f["Title"];
  EXPECT_EQ(f["Author"], GetParam().author);
  EXPECT_EQ(f["CreationDate"].rfind(GetParam().date, 0), 0u)
      << "CreationDate: " << f["CreationDate"];
}

}  // namespace
}  // namespace vanthu::e2e
