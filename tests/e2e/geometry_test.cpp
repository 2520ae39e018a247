// Where the words are on the page, as `pdftotext -bbox` measures them: inside the profile's
// margins (party-hd36-2018: top 20, bottom 20, left 30, right 15 mm of A4), except the page
// number, which sits centred in the top margin from page 2 on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm;
constexpr double kLeft = 30 * kMm;             // 85.04 pt
constexpr double kRight = kPageW - 15 * kMm;   // 552.76 pt
constexpr double kTop = 20 * kMm;              // 56.69 pt
constexpr double kBottom = kPageH - 20 * kMm;  // 785.20 pt
constexpr double kTolerance = 0.5;
constexpr double kTextCentre = (kLeft + kRight) / 2;

struct Doc {
  const char* name;
  fs::path data;
};
void PrintTo(const Doc& v, std::ostream* os) { *os << v.name; }

class E2eGeometry : public ::testing::TestWithParam<Doc> {
 protected:
  void SetUp() override {
    std::string why;
    auto pdf = rendered_pdf(GetParam().data, &why);
    ASSERT_TRUE(pdf) << why;
    auto pages = pdftotext_bbox(*pdf, &why);
    ASSERT_TRUE(pages) << why;
    pages_ = std::move(*pages);
  }
  std::vector<BoxPage> pages_;
};

INSTANTIATE_TEST_SUITE_P(Documents, E2eGeometry,
                         ::testing::Values(Doc{"seed000", seed_path("000")},
                                           Doc{"seed002", seed_path("002")},
                                           Doc{"seed003", seed_path("003")},
                                           Doc{"letters", e2e_data_path("vietnamese-letters.yaml")},
                                           Doc{"notice", e2e_data_path("notice.yaml")}),
                         [](const auto& info) { return std::string(info.param.name); });

std::string describe(const BoxWord& w) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(2) << "\"" << w.text << "\" x " << w.x_min << ".." << w.x_max << ", y " << w.y_min << ".."
     << w.y_max;
  return os.str();
}

// The topmost word of a page (smallest yMin), or nullptr.
const BoxWord* topmost(const BoxPage& p) {
  const BoxWord* top = nullptr;
  for (const auto& w : p.words)
    if (!top || w.y_min < top->y_min) top = &w;
  return top;
}

// Whether no other word of the page shares w's vertical extent (w is alone on its line).
bool alone_on_its_line(const BoxPage& p, const BoxWord& w) {
  return std::none_of(p.words.begin(), p.words.end(), [&](const BoxWord& o) {
    return &o != &w && o.y_min < w.y_max && o.y_max > w.y_min;
  });
}

// The page-number word of page n (1-based): the page's topmost word when it is exactly the number
// n and alone on its line. Its position is checked by PageNumber… below.
const BoxWord* page_number_word(const BoxPage& p, int n) {
  const BoxWord* top = topmost(p);
  if (top && top->text == std::to_string(n) && alone_on_its_line(p, *top)) return top;
  return nullptr;
}

TEST_P(E2eGeometry, EveryWordExceptThePageNumberLiesInsideTheMargins) {
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    const BoxPage& p = pages_[i];
    const BoxWord* number = n >= 2 ? page_number_word(p, n) : nullptr;
    int outside = 0;
    for (const auto& w : p.words) {
      if (&w == number) continue;
      const bool inside = w.x_min >= kLeft - kTolerance && w.x_max <= kRight + kTolerance &&
                          w.y_min >= kTop - kTolerance && w.y_max <= kBottom + kTolerance;
      if (!inside && ++outside <= 10)
        ADD_FAILURE() << std::fixed << std::setprecision(2) << "page " << n
                      << ": word outside the margins (x " << kLeft << ".." << kRight << ", y "
                      << kTop << ".." << kBottom << "): " << describe(w);
    }
    EXPECT_EQ(outside, 0) << "page " << n << ": " << outside << " word(s) outside the margins";
  }
}

TEST_P(E2eGeometry, PageNumberIsCentredInTheTopMarginFromPage2AndAbsentOnPage1) {
  ASSERT_FALSE(pages_.empty());
  // Page 1: nothing at all above the top margin, and its first word is not a lone "1".
  for (const auto& w : pages_[0].words)
    EXPECT_GE(w.y_min, kTop - kTolerance) << "page 1 has a word in the top margin: " << describe(w);
  if (const BoxWord* top = topmost(pages_[0])) {
    EXPECT_FALSE(top->text == "1" && alone_on_its_line(pages_[0], *top))
        << "page 1 carries a page number: " << describe(*top);
  }

  for (std::size_t i = 1; i < pages_.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    const BoxPage& p = pages_[i];
    const BoxWord* top = topmost(p);
    ASSERT_NE(top, nullptr) << "page " << n << " has no text";
    const BoxWord* number = page_number_word(p, n);
    ASSERT_NE(number, nullptr) << "page " << n << ": the first line is not the lone page number \""
                               << n << "\"; topmost word: " << describe(*top);
    EXPECT_LT(number->y_max, kTop) << "page " << n << ": page number not in the top margin: "
                                   << describe(*number);
    EXPECT_GT(number->y_min, 0) << "page " << n << ": page number off the page";
    EXPECT_NEAR((number->x_min + number->x_max) / 2, kTextCentre, 2.0)
        << "page " << n << ": page number not centred on the text width: " << describe(*number);
  }
}

}  // namespace
}  // namespace vanthu::e2e
