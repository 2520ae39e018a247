// The same data gives the same PDF bytes: across runs, and whether written to a file or stdout.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

// Where two byte strings first differ, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  auto around = [&](const std::string& s) {
    std::size_t from = i >= 40 ? i - 40 : 0;
    std::string part = s.substr(std::min(from, s.size()), 80);
    for (char& c : part)
      if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '.';
    return part;
  };
  return "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size()) +
         ", first difference at byte " + std::to_string(i) + ":\n  " + around(a) + "\n  " +
         around(b);
}

TEST(E2eDeterminism, RenderingSeed000TwiceGivesByteIdenticalFiles) {
  TempDir dir;
  RunResult a = render(seed_path("000"), dir / "a.pdf");
  ASSERT_EQ(a.exit_code, 0) << a.command << "\n" << a.err;
  RunResult b = render(seed_path("000"), dir / "b.pdf");
  ASSERT_EQ(b.exit_code, 0) << b.command << "\n" << b.err;
  const std::string x = read_file(dir / "a.pdf"), y = read_file(dir / "b.pdf");
  ASSERT_GT(x.size(), 1000u);
  EXPECT_TRUE(x == y) << first_difference(x, y);
}

TEST(E2eDeterminism, OutputToStdoutIsByteIdenticalToOutputToAFile) {
  TempDir dir;
  RunResult f = render(seed_path("000"), dir / "file.pdf");
  ASSERT_EQ(f.exit_code, 0) << f.command << "\n" << f.err;
  const bool dash_existed = fs::exists("-");
  RunResult s = run_vanthu({"render", seed_path("000").string(), "-o", "-"});
  ASSERT_EQ(s.exit_code, 0) << s.command << "\n" << s.err;
  const std::string file = read_file(dir / "file.pdf");
  ASSERT_EQ(s.out.rfind("%PDF-", 0), 0u) << "stdout does not start with a PDF header";
  EXPECT_TRUE(s.out == file) << first_difference(s.out, file);
  if (!dash_existed) {
    EXPECT_FALSE(fs::exists("-")) << "`-o -` created a file named \"-\"";
  }
}

}  // namespace
}  // namespace vanthu::e2e
