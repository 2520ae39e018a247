// Laid-out pages: positioned text runs and rules, in pt, with y measured down from the top edge
// of the page. This is the hand-off from layout to the PDF writer, which decides nothing about
// positions.
#pragma once

#include <string>
#include <vector>

#include "profile/profile.h"

namespace vanthu::generator {

struct TextRun {
  double x = 0;         // left edge of the first glyph
  double baseline = 0;  // from the top of the page
  Face face = Face::kRegular;
  double size = 14;
  std::string text;  // UTF-8, NFC; may end with one space that separates it from the next word
};

struct Rule {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;  // from the top of the page
  double width = 0.5;                     // line width, pt
};

struct Page {
  std::vector<TextRun> runs;
  std::vector<Rule> rules;
};

struct DocumentInfo {
  std::string title, author, subject, keywords;
  int year = 0, month = 0, day = 0;  // creation date; 0 = none
};

struct LaidOut {
  double width = 0, height = 0;  // pt
  std::vector<Page> pages;
  DocumentInfo info;
};

}  // namespace vanthu::generator
