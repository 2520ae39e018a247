// Page breaks, footnote placement, the closing block and the end mark, read back with pdftotext.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

// The NFC, white-space-collapsed text of page n (1-based), or of the whole file for n = 0.
std::string page_text(const fs::path& pdf, int n, std::string* err) {
  RunResult r = n > 0 ? pdftotext(pdf, n, n) : pdftotext(pdf);
  if (r.exit_code != 0) *err += r.command + " exited with " + std::to_string(r.exit_code) + "\n";
  return normalize_text(r.out);
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// With the default profile, seed 000 breaks page 1 where the real document did: after
// "… không mong muốn vào" (then the footnotes), and page 2 goes on with "Đảng. Công tác …".
TEST(E2ePagination, Seed000Page1EndsWhereTheOriginalDid) {
  std::string why;
  auto pdf = rendered_pdf(seed_path("000"), &why);
  ASSERT_TRUE(pdf) << why;
  std::string err;
  const std::string p1 = page_text(*pdf, 1, &err), p2 = page_text(*pdf, 2, &err);
  ASSERT_EQ(err, "");

  // The body of page 1 is the text before the first footnote's body.
  const std::string footnote1 = "Công văn số 1403-CV/HU";
  const auto fn = p1.find(footnote1);
  ASSERT_NE(fn, std::string::npos) << "footnote 1 is not on page 1:\n" << p1;
  auto body = split_words(p1.substr(0, fn));
  while (!body.empty() && body.back() == "1") body.pop_back();  // footnote 1's number
  const std::string last = join(body, body.size() >= 8 ? body.size() - 8 : 0, body.size());
  EXPECT_TRUE(ends_with(last, "không mong muốn vào"))
      << "page 1's body should end with \"không mong muốn vào\"; it ends with \"… " << last
      << "\"";
  EXPECT_EQ(p2.rfind("2 Đảng. Công tác tạo nguồn", 0), 0u)
      << "page 2 should be the page number, then \"Đảng. Công tác tạo nguồn …\"; it starts: "
      << p2.substr(0, 200);
}

struct FootnoteCase {
  const char* name;
  fs::path data;
  std::string reference;  // the words the reference is printed on, with the superscript number
  std::string body;       // the footnote's number and the start of its text
};
void PrintTo(const FootnoteCase& v, std::ostream* os) { *os << v.name; }

class E2eFootnotes : public ::testing::TestWithParam<FootnoteCase> {};

INSTANTIATE_TEST_SUITE_P(
    Documents, E2eFootnotes,
    ::testing::Values(
        FootnoteCase{"seed000_fn1", seed_path("000"), "đảng viên mới1;",
                     "1 Công văn số 1403-CV/HU ngày 29/10/2019"},
        FootnoteCase{"seed000_fn2", seed_path("000"), "khóa XX đề ra2.",
                     "2 Mục tiêu đề ra trong nhiệm kỳ 2015 - 2020"},
        FootnoteCase{"notice_fn1", e2e_data_path("notice.yaml"), "hằng tháng như sau1.",
                     "1 Theo Quy định số 08-QĐi/TW"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_P(E2eFootnotes, FootnoteTextIsOnTheSamePageAsItsReference) {
  std::string why;
  auto pdf = rendered_pdf(GetParam().data, &why);
  ASSERT_TRUE(pdf) << why;
  const int pages = page_count(*pdf);
  ASSERT_GT(pages, 0);
  std::vector<int> ref_pages, body_pages;
  std::string err;
  for (int n = 1; n <= pages; ++n) {
    const std::string t = page_text(*pdf, n, &err);
    if (t.find(GetParam().reference) != std::string::npos) ref_pages.push_back(n);
    if (t.find(GetParam().body) != std::string::npos) body_pages.push_back(n);
  }
  ASSERT_EQ(err, "");
  ASSERT_EQ(ref_pages.size(), 1u) << "the reference \"" << GetParam().reference
                                  << "\" should be on exactly one page";
  ASSERT_EQ(body_pages.size(), 1u) << "the footnote \"" << GetParam().body
                                   << "\" should be on exactly one page";
  EXPECT_EQ(body_pages[0], ref_pages[0])
      << "reference on page " << ref_pages[0] << ", footnote text on page " << body_pages[0];
  if (std::string(GetParam().name).rfind("seed000", 0) == 0) {
    EXPECT_EQ(ref_pages[0], 1) << "seed 000 references both footnotes on page 1";
  }
}

struct ClosingCase {
  const char* name;
  fs::path data;
  std::string closing;  // the closing sentence as printed (with the end mark, if any)
  std::string signer;
};
void PrintTo(const ClosingCase& v, std::ostream* os) { *os << v.name; }

class E2eClosing : public ::testing::TestWithParam<ClosingCase> {};

INSTANTIATE_TEST_SUITE_P(
    Documents, E2eClosing,
    ::testing::Values(
        ClosingCase{"seed000", seed_path("000"), "Chỉ thị này phổ biến đến các chi bộ.",
                    "Bùi Văn Lý"},
        ClosingCase{"seed002", seed_path("002"),
                    "Chỉ thị này được phổ biến, quán triệt đến chi bộ để thực hiện./.",
                    "Nguyễn Việt Văn"},
        ClosingCase{"seed003", seed_path("003"), "Chỉ thị này được phổ biến đến chi bộ.",
                    "Lê Văn Phước"}),
    [](const auto& info) { return std::string(info.param.name); });

// The last page holds "Nơi nhận:" and the signer, and is not a page of the closing block alone:
// body text stands above it.
TEST_P(E2eClosing, LastPageHasRecipientsAndSignerWithBodyTextAbove) {
  std::string why;
  auto pdf = rendered_pdf(GetParam().data, &why);
  ASSERT_TRUE(pdf) << why;
  const int pages = page_count(*pdf);
  ASSERT_GT(pages, 0);
  std::string err;
  const std::string last = page_text(*pdf, pages, &err);
  ASSERT_EQ(err, "");
  SCOPED_TRACE("last page (" + std::to_string(pages) + "):\n" + last);

  const auto label = last.find("Nơi nhận:");
  ASSERT_NE(label, std::string::npos) << "no \"Nơi nhận:\" on the last page";
  EXPECT_NE(last.find(GetParam().signer, label), std::string::npos)
      << "the signer's name is not on the last page after \"Nơi nhận:\"";

  // Above the block: the page number, the closing sentence, and at least a line of body text.
  std::string above = last.substr(0, label);
  const auto c = above.find(GetParam().closing);
  EXPECT_NE(c, std::string::npos) << "the closing sentence is not right above \"Nơi nhận:\"";
  if (c != std::string::npos) above.erase(c, GetParam().closing.size());
  auto words = split_words(above);
  if (!words.empty() && words.front() == std::to_string(pages)) words.erase(words.begin());
  EXPECT_GE(words.size(), 8u) << "the last page has no body text above the closing block; above "
                                 "it there is only: \""
                              << join(words, 0, words.size()) << "\"";
}

TEST(E2eEndMark, Seed002ClosingEndsWithOneEndMark) {
  std::string why;
  auto pdf = rendered_pdf(seed_path("002"), &why);
  ASSERT_TRUE(pdf) << why;
  std::string err;
  const std::string text = page_text(*pdf, 0, &err);
  ASSERT_EQ(err, "");
  EXPECT_NE(text.find("để thực hiện./."), std::string::npos)
      << "no \"để thực hiện./.\" in the text";
  EXPECT_EQ(text.find("../."), std::string::npos) << "doubled full stop before the end mark";
  const auto first = text.find("./.");
  EXPECT_EQ(text.find("./.", first + 1), std::string::npos) << "more than one end mark";
}

}  // namespace
}  // namespace vanthu::e2e
