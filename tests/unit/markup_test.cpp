// Inline markup: styles, footnote references, escapes and errors.
#include "text/markup.h"

#include <gtest/gtest.h>

using vanthu::text::parse_markup;
using vanthu::text::Span;

TEST(Markup, PlainTextIsOneRegularSpan) {
  auto m = parse_markup("Đảng viên");
  ASSERT_TRUE(m.errors.empty());
  ASSERT_EQ(m.spans.size(), 1u);
  EXPECT_EQ(m.spans[0], (Span{"Đảng viên", false, false, 0}));
}

TEST(Markup, BoldItalicAndBoth) {
  auto m = parse_markup("a **b** *c* ***d***");
  ASSERT_TRUE(m.errors.empty());
  std::vector<Span> want{{"a ", false, false, 0}, {"b", true, false, 0}, {" ", false, false, 0},
                         {"c", false, true, 0},   {" ", false, false, 0}, {"d", true, true, 0}};
  EXPECT_EQ(m.spans, want);
}

TEST(Markup, FootnoteReferenceSplitsTheText) {
  auto m = parse_markup("mới[^1]; các");
  ASSERT_TRUE(m.errors.empty());
  std::vector<Span> want{{"mới", false, false, 0}, {"", false, false, 1}, {"; các", false, false, 0}};
  EXPECT_EQ(m.spans, want);
}

TEST(Markup, LoneAsteriskBetweenSpacesIsLiteral) {
  auto m = parse_markup("3 * 4");
  ASSERT_TRUE(m.errors.empty());
  EXPECT_EQ(m.spans, (std::vector<Span>{{"3 * 4", false, false, 0}}));
}

TEST(Markup, EscapesAreLiteral) {
  auto m = parse_markup(R"(\*x\* \[^1])");
  ASSERT_TRUE(m.errors.empty());
  EXPECT_EQ(m.spans, (std::vector<Span>{{"*x* [^1]", false, false, 0}}));
}

TEST(Markup, UnclosedBoldIsAnErrorAtItsOpening) {
  auto m = parse_markup("ab **cd");
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0].offset, 3u);
  EXPECT_NE(m.errors[0].message.find("bold"), std::string::npos);
}

TEST(Markup, FootnoteInsideFootnoteIsAnError) {
  auto m = parse_markup("x[^2]", /*allow_footnotes=*/false);
  ASSERT_EQ(m.errors.size(), 1u);
}
