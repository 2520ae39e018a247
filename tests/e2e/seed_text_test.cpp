// The text of a rendered seed, as Poppler's pdftotext extracts it, holds every word of the real
// document the seed was copied from, in the original order.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

bool is_ws(char32_t c) { return collapse_ws(utf8(c)).empty(); }

// Cleans an original extraction (tests/data/seeds/originals/*.txt) down to its words:
//  - "**" bold markers (002's signature block) are removed;
//  - the "-----" separator line under the subject is removed (the profile draws it);
//  - a line that is only a footnote anchor digit between two text lines (000: "… mới" / "1" /
//    "; các …") is put back on the word it marks, as the PDF prints it: a superscript right after
//    the word, which pdftotext extracts as "mới1;". An anchor digit that opens a footnote body
//    (after the blank footnote-rule line) stays a word of its own, as in the PDF.
std::string clean_original(const std::string& raw) {
  std::string text = nfc(raw);
  for (std::size_t p; (p = text.find("**")) != std::string::npos;) text.erase(p, 2);

  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }

  std::vector<std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string trimmed = collapse_ws(lines[i]);
    if (trimmed == "-----") continue;
    const bool anchor = trimmed.size() == 1 && trimmed[0] >= '1' && trimmed[0] <= '9';
    if (anchor && !out.empty() && i + 1 < lines.size()) {
      const std::string& prev = out.back();
      const std::string& next = lines[i + 1];
      const auto pc = code_points(prev), nc = code_points(next);
      const bool prev_ends_in_text = !pc.empty() && !is_ws(pc.back());
      const bool next_starts_with_text = !nc.empty() && !is_ws(nc.front());
      if (prev_ends_in_text && next_starts_with_text) {
        out.back() += trimmed + next;
        ++i;
        continue;
      }
    }
    out.push_back(lines[i]);
  }
  std::string joined;
  for (const auto& l : out) joined += l + "\n";
  return joined;
}

void expect_every_original_word_in_order(const std::string& id) {
  std::string why;
  auto pdf = rendered_pdf(seed_path(id), &why);
  ASSERT_TRUE(pdf) << why;

  RunResult text = pdftotext(*pdf);
  ASSERT_EQ(text.exit_code, 0) << text.command << "\n" << text.err;

  const auto original = comparison_tokens(clean_original(read_file(original_path(id))));
  const auto extracted = comparison_tokens(text.out);
  ASSERT_GT(original.size(), 500u) << "the original " << original_path(id) << " looks truncated";

  InOrderMatch m = match_in_order(original, extracted);
  EXPECT_TRUE(m.ok()) << "seed " << id << ": `pdftotext " << pdf->filename().string()
                      << "` does not contain the words of " << original_path(id).string()
                      << " in order.\n"
                      << m.report;
}

TEST(E2eSeedText, Seed000PdfTextHasEveryWordOfTheOriginalInOrder) {
  expect_every_original_word_in_order("000");
}

TEST(E2eSeedText, Seed002PdfTextHasEveryWordOfTheOriginalInOrder) {
  expect_every_original_word_in_order("002");
}

TEST(E2eSeedText, Seed003RendersAndItsTextHasTheSubject) {
  std::string why;
  auto pdf = rendered_pdf(seed_path("003"), &why);
  ASSERT_TRUE(pdf) << why;
  RunResult text = pdftotext(*pdf);
  ASSERT_EQ(text.exit_code, 0) << text.command << "\n" << text.err;
  EXPECT_NE(normalize_text(text.out).find("về đẩy mạnh công tác kết nạp đảng viên"),
            std::string::npos)
      << "pdftotext of seed 003:\n"
      << text.out.substr(0, 1500);
}

// The comparison itself must be able to fail: a word that is not in the extraction is reported
// with its index and context (guards the helper against silently accepting everything).
TEST(E2eSeedText, InOrderMatchReportsAMissingWordWithItsIndexAndContext) {
  auto original = comparison_tokens("một hai ba bốn năm");
  auto extracted = comparison_tokens("một hai\n3\nbốn năm sáu");
  InOrderMatch m = match_in_order(original, extracted);
  ASSERT_EQ(m.missing, std::vector<std::size_t>{2});
  EXPECT_NE(m.report.find("word #2 \"ba\""), std::string::npos) << m.report;
  EXPECT_NE(m.report.find("một hai [ba] bốn năm"), std::string::npos) << m.report;
  // Out of order is also a miss.
  EXPECT_FALSE(match_in_order(comparison_tokens("a b c"), comparison_tokens("a c b")).ok());
  // Tokenising: a rule glued to a word by Poppler, and a code broken after its hyphen.
  EXPECT_EQ(comparison_tokens("----Trong 11-\nCT/TU - x"),
            (std::vector<std::string>{"----", "Trong", "11-CT/TU", "-", "x"}));
}

}  // namespace
}  // namespace vanthu::e2e
