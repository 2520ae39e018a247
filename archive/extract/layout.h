// Text lines of a PDF page, rebuilt from Poppler's word boxes.
//
// Why not page::text(non_raw_non_physical_layout) directly: that mode gives the reading order we
// want (left header column, right header column, body — tech-recon §4), but it also
// "de-hyphenates": a line that ends in "-" is joined to the next one and the hyphen dropped. In
// Vietnamese the spaced dash of "chính trị - xã hội" often ends a line, and the row of hyphens
// under a Party subject ("-----") is glued to the first body line. page::text_list() returns the
// same words in the same order (Poppler builds both from one reading-order word list) with their
// boxes and fonts and without that repair, so lines are rebuilt here from the words.
#pragma once

#include <string>
#include <vector>

namespace vanthu::archive::extract {

// One word as Poppler reports it (points, origin at the top left of the page).
struct Word {
  std::string text;  // UTF-8 as extracted (may be NFD; lines are normalised, not words)
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double font_size = 0;
  bool bold = false;
  bool italic = false;
  bool font_known = false;  // false when the font name was not available
  bool space_after = false;
};

// One line of text. Geometry is absent (has_geometry false) for lines made from plain text, e.g.
// in tests of the metadata reader.
struct TextLine {
  std::string text;  // NFC, white space collapsed
  bool has_geometry = false;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double font_size = 0;
  double bold = -1;           // share of the line's characters in a bold face; -1 = unknown
  double italic = -1;         // the same for italic faces
  bool blank_before = false;  // a visible gap (or a jump to another column) precedes the line

  double height() const { return y1 - y0; }
  double center() const { return (x0 + x1) / 2; }
};

struct PageLines {
  double width = 0, height = 0;  // points; 0 when unknown
  std::vector<TextLine> lines;
};

// Groups reading-order words into lines: a word starts a new line when it does not sit on the
// previous word's line (no vertical overlap), goes back to the left, or jumps more than three
// font sizes to the right (the gap between two header columns).
std::vector<TextLine> build_lines(const std::vector<Word>& words);

// Lines made from plain text, one per '\n', without geometry; empty lines set blank_before of the
// next line. For tests and for text that did not come from a PDF.
PageLines lines_from_text(const std::string& text);

// The page's text: one line per TextLine, an empty line where blank_before is set, '\n' at the end.
std::string page_text(const PageLines& page);

// Font name → bold / italic, e.g. "HPDFAB+LiberationSerif-Bold,Bold",
// "TimesNewRomanPS-BoldItalicMT".
bool font_is_bold(const std::string& font_name);
bool font_is_italic(const std::string& font_name);

}  // namespace vanthu::archive::extract
