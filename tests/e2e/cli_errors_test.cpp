// User errors in a data file: `vanthu render` exits with 2, reports `file:line:col: error: field:
// message (hint)` on stderr, writes no output file and leaves an existing output file alone.
// Each bad file is seed 002 with one change, written to a temporary directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

// Seed 002 with `from` replaced by `to` (exactly one occurrence).
std::string seed002_with(const std::string& from, const std::string& to) {
  std::string text = read_file(seed_path("002"));
  const auto pos = text.find(from);
  if (pos == std::string::npos || text.find(from, pos + 1) != std::string::npos)
    throw std::runtime_error("seed 002 does not hold exactly one \"" + from + "\"");
  text.replace(pos, from.size(), to);
  return text;
}

// 1-based number of the line holding `needle` in text (its first occurrence), or 0.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) return 0;
  int line = 1;
  for (std::size_t i = 0; i < pos; ++i)
    if (text[i] == '\n') ++line;
  return line;
}

int line_count(const std::string& text) {
  int lines = 0;
  for (char c : text)
    if (c == '\n') ++lines;
  return lines + (text.empty() || text.back() == '\n' ? 0 : 1);
}

std::string regex_escape(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

struct Expect {
  std::string field_re;               // regex for the field ("" = a syntax error: no field)
  std::vector<std::string> contains;  // substrings of the diagnostic line (message, hint)
  int line_lo = 0, line_hi = 0;       // the reported line must lie in [lo, hi]
};

// Renders `data` (written as `name`) and checks the user-error contract.
void expect_user_error(const std::string& data, const std::string& name, const Expect& e) {
  TempDir dir;
  const fs::path in = dir / name;
  write_file(in, data);
  ASSERT_GT(e.line_lo, 0) << "test setup: the line of the error was not found";

  // 1. No output file: run with a target that does not exist.
  const fs::path out = dir / "out.pdf";
  RunResult r = render(in, out);
  SCOPED_TRACE(r.command + "\nstderr:\n" + r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "") << "something was written to stdout";
  EXPECT_FALSE(fs::exists(out)) << "an output file was created";
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path(), in) << "stray file left behind: " << entry.path();

  // 2. The diagnostic: path:line:col: error: field: …
  const std::string field = e.field_re.empty() ? "" : "(?:" + e.field_re + "): ";
  const std::regex diag("(^|\n)" + regex_escape(in.string()) + ":(\\d+):(\\d+): error: " + field +
                        "([^\n]*)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, diag))
      << "no diagnostic of the form " << in.string() << ":LINE:COL: error: "
      << (e.field_re.empty() ? "" : e.field_re + ": ") << "…";
  const int line = std::stoi(m[2]), col = std::stoi(m[3]);
  EXPECT_GE(line, e.line_lo) << "reported line " << line;
  EXPECT_LE(line, e.line_hi) << "reported line " << line;
  EXPECT_GE(col, 1);
  const std::string diag_line = m[0];
  for (const auto& s : e.contains)
    EXPECT_NE(diag_line.find(s), std::string::npos) << "the diagnostic lacks \"" << s << "\"";

  // 3. An existing target is left as it was.
  const std::string before = "not a PDF: the previous content of the target\n";
  write_file(out, before);
  RunResult again = render(in, out);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(read_file(out), before) << "the existing output file was changed";
}

TEST(E2eCliErrors, YamlSyntaxErrorIsReportedWithItsPosition) {
  const std::string data = seed002_with("\ntitle:\n", "\ntitle: [unclosed\n");
  const int l = line_of(data, "title: [unclosed");
  expect_user_error(data, "syntax.yaml", {"", {"syntax"}, l, l + 3});
}

TEST(E2eCliErrors, UnknownFieldSuggestsTheNearestKnownName) {
  const std::string data = seed002_with("\nheader:\n", "\nhedaer:\n");
  const int l = line_of(data, "hedaer:");
  expect_user_error(data, "unknown.yaml", {"hedaer", {"did you mean `header`"}, l, l});
}

TEST(E2eCliErrors, MissingRequiredFieldIsNamed) {
  const std::string data = seed002_with("  name: Nguyễn Việt Văn\n", "");
  const int l = line_of(data, "\nsignature:") + 1;  // the signature block … the end of the file
  expect_user_error(data, "missing.yaml",
                    {"signature\\.name", {"missing"}, l, std::max(l, line_count(data))});
}

TEST(E2eCliErrors, BodyThatIsNotAListIsAWrongType) {
  std::string data = read_file(seed_path("002"));
  const auto b = data.find("\nbody:\n"), c = data.find("\nclosing:");
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  data.replace(b, c - b, "\nbody: 5\n");
  const int l = line_of(data, "body: 5");
  expect_user_error(data, "body.yaml", {"body", {"list"}, l, l});
}

TEST(E2eCliErrors, NumberThatIsNotAnIntegerIsAWrongType) {
  const std::string data = seed002_with("  number: 15\n", "  number: abc\n");
  const int l = line_of(data, "number: abc");
  expect_user_error(data, "number.yaml", {"header\\.number", {"abc"}, l, l});
}

TEST(E2eCliErrors, ImpossibleDateIsRejected) {
  const std::string data = seed002_with("date: 2023-05-10", "date: 2023-02-30");
  const int l = line_of(data, "date: 2023-02-30");
  expect_user_error(data, "date.yaml", {"header\\.date", {"2023-02-30"}, l, l});
}

// A character the Liberation Serif faces lack is named, with its code point; the position is the
// paragraph that holds it (its first line "- >-" … the character's line).
TEST(E2eCliErrors, CheckMarkMissingFromTheFontsIsNamedWithItsCodePoint) {
  const std::string data =
      seed002_with("Trong những năm qua các cấp ủy", "Trong những năm qua ✓ các cấp ủy");
  const int l = line_of(data, "✓");
  expect_user_error(data, "glyph.yaml", {"body\\[0\\]", {"✓", "U+2713"}, l - 1, l});
}

TEST(E2eCliErrors, HanCharacterMissingFromTheFontsIsNamedWithItsCodePoint) {
  const std::string data =
      seed002_with("Trong những năm qua các cấp ủy", "Trong những năm qua 中 các cấp ủy");
  const int l = line_of(data, "中");
  expect_user_error(data, "han.yaml", {"body\\[0\\]", {"中", "U+4E2D"}, l - 1, l});
}

TEST(E2eCliErrors, UnknownKindCodeIsRejected) {
  const std::string data = seed002_with("\nkind: CT\n", "\nkind: XYZ\n");
  const int l = line_of(data, "kind: XYZ");
  expect_user_error(data, "kind.yaml", {"kind", {"XYZ"}, l, l});
}

TEST(E2eCliErrors, UndefinedFootnoteReferenceIsRejected) {
  const std::string data =
      seed002_with("Trong những năm qua các cấp ủy", "Trong những năm qua[^7] các cấp ủy");
  const int l = line_of(data, "[^7]");
  expect_user_error(data, "footnote.yaml", {"footnotes|body\\[0\\]", {"[^7]"}, l - 1, l});
}

TEST(E2eCliErrors, NonexistentInputFileIsAUserError) {
  TempDir dir;
  const fs::path in = dir / "does-not-exist.yaml", out = dir / "out.pdf";
  RunResult r = render(in, out);
  EXPECT_EQ(r.exit_code, 2) << r.command << "\n" << r.err;
  EXPECT_NE(r.err.find(in.string()), std::string::npos) << "stderr does not name the file:\n"
                                                         << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace vanthu::e2e
