// LineBreaker: chooses line breaks for a paragraph of words by total-fit optimisation
// (Knuth & Plass, "Breaking Paragraphs into Lines", 1981), with greedy filling as the fallback.
// Vietnamese breaks only between syllables (at spaces), so there is no hyphenation.
#pragma once

#include <vector>

namespace vanthu::generator {

struct BreakInput {
  std::vector<double> box;   // natural width of each word, pt
  std::vector<double> glue;  // natural width of the space after word i (last one unused), pt
  std::vector<bool> nobreak;  // optional: no line break after word i (a lone "-" follows)
  double first_width = 0;    // available width of the first line, pt
  double width = 0;          // available width of the other lines, pt
  bool justify = true;       // false: ragged right (no ratio limits beyond fitting)
};

struct BreakLine {
  int first = 0;  // index of the first word
  int last = 0;   // index of the last word (inclusive)
  double natural = 0;  // natural width, pt
  double ratio = 0;    // glue adjustment: > 0 stretched, < 0 shrunk, in units of stretch/shrink
  bool overfull = false;
};

struct BreakParams {
  double stretch = 0.5;    // stretchability of a space, share of its width (TeX: 1/2)
  double shrink = 1.0 / 3; // shrinkability of a space (TeX: 1/3)
  double line_penalty = 10;
  double fitness_demerits = 100;  // adjacent lines of very different tightness
};

class LineBreaker {
 public:
  explicit LineBreaker(BreakParams p = {}) : p_(p) {}
  // Always returns a breaking: when no feasible one exists, lines may be overfull.
  std::vector<BreakLine> breaks(const BreakInput& in) const;
  // First-fit, used for ragged text and as the last resort.
  std::vector<BreakLine> greedy(const BreakInput& in) const;

 private:
  bool total_fit(const BreakInput& in, double tolerance, bool allow_overfull,
                 std::vector<BreakLine>& out) const;
  BreakParams p_;
};

}  // namespace vanthu::generator
