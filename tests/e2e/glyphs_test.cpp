// The PDF writer cuts the font's cmap down while libharu builds its glyph maps (a speed-up).
// A glyph lost that way would still extract as text, and Poppler would even draw it (it falls
// back to the embedded font's own cmap), but a viewer that follows /CIDToGIDMap would not. So
// this compares, with the full cmap (VANTHU_FULL_CMAP=1) and without: each font's CIDToGIDMap
// (decoded by qpdf) at every code point the document draws, and what Poppler draws.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "e2e/e2e_util.h"

namespace vanthu::e2e {
namespace {

// The CIDToGIDMap streams of a PDF, in the order the fonts appear, decoded by qpdf.
std::vector<std::string> cid_to_gid_maps(const fs::path& pdf, const fs::path& work) {
  const fs::path qdf = work / (pdf.stem().string() + "-qdf.pdf");
  RunResult q = run({"qpdf", "--qdf", "--object-streams=disable", pdf.string(), qdf.string()});
  EXPECT_TRUE(q.exit_code == 0 || q.exit_code == 3) << q.err;
  const std::string text = read_file(qdf);
  std::vector<std::string> maps;
  const std::regex ref("/CIDToGIDMap ([0-9]+) 0 R");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ref); it != std::sregex_iterator(); ++it) {
    RunResult s = run({"qpdf", "--show-object=" + (*it)[1].str(), "--filtered-stream-data", qdf.string()});
    EXPECT_EQ(s.exit_code, 0) << s.err;
    maps.push_back(s.out);
  }
  return maps;
}

int gid_at(const std::string& map, char32_t cp) {
  if (2 * cp + 1 >= map.size()) return -1;
  return (static_cast<unsigned char>(map[2 * cp]) << 8) | static_cast<unsigned char>(map[2 * cp + 1]);
}

class SameGlyphs : public ::testing::TestWithParam<std::string> {};

TEST_P(SameGlyphs, ReducedCmapKeepsEveryDrawnGlyphAndTheSamePixels) {
  TempDir dir;
  const fs::path data = GetParam() == "letters" ? e2e_data_path("vietnamese-letters.yaml")
                                                : seed_path(GetParam());
  RunResult a = render(data, dir / "reduced.pdf");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  setenv("VANTHU_FULL_CMAP", "1", 1);
  RunResult b = render(data, dir / "full.pdf");
  unsetenv("VANTHU_FULL_CMAP");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  ASSERT_NE(read_file(dir / "reduced.pdf"), read_file(dir / "full.pdf"))
      << "the switch must make a difference, or this test compares a file with itself";
  // Every drawn code point maps to the same, real glyph in each font's CIDToGIDMap.
  const auto reduced_maps = cid_to_gid_maps(dir / "reduced.pdf", dir.path());
  const auto full_maps = cid_to_gid_maps(dir / "full.pdf", dir.path());
  ASSERT_EQ(reduced_maps.size(), full_maps.size());
  ASSERT_FALSE(full_maps.empty());
  std::set<char32_t> drawn;
  for (char32_t cp : code_points(pdftotext(dir / "full.pdf").out))
    if (cp > ' ' && cp <= 0xFFFF) drawn.insert(cp);
  ASSERT_GT(drawn.size(), 50u);
  // pdftotext does not say which face drew a character, and a face's map keeps only what that
  // face draws: so each drawn code point must map to its real glyph in at least one font.
  for (char32_t cp : drawn) {
    bool found = false;
    for (std::size_t f = 0; f < full_maps.size() && !found; ++f) {
      const int want = gid_at(full_maps[f], cp);
      found = want > 0 && gid_at(reduced_maps[f], cp) == want;
    }
    EXPECT_TRUE(found) << "no font maps U+" << std::hex << static_cast<unsigned>(cp)
                       << " to its glyph in the reduced CIDToGIDMap";
  }

  const int pages = page_count(dir / "full.pdf");
  ASSERT_EQ(page_count(dir / "reduced.pdf"), pages);
  for (const char* name : {"reduced", "full"}) {
    RunResult r = run({"pdftoppm", "-r", "72", "-png", (dir / (std::string(name) + ".pdf")).string(),
                       (dir / name).string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (int p = 1; p <= pages; ++p) {
    auto png = [&](const char* name) {
      for (const char* fmt : {"%s-%d.png", "%s-%02d.png"}) {
        char buf[64];
        std::snprintf(buf, sizeof buf, fmt, name, p);
        if (fs::exists(dir / buf)) return read_file(dir / buf);
      }
      return std::string();
    };
    const std::string reduced = png("reduced"), full = png("full");
    ASSERT_FALSE(full.empty()) << "page " << p;
    EXPECT_TRUE(reduced == full) << "page " << p << " is drawn differently";
  }
}

INSTANTIATE_TEST_SUITE_P(Documents, SameGlyphs, ::testing::Values("letters", "000", "002"));

}  // namespace
}  // namespace vanthu::e2e
