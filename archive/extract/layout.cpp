#include "archive/extract/layout.h"

#include <algorithm>
#include <cmath>

#include "archive/extract/vn_text.h"

namespace vanthu::archive::extract {

namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The part of a font name after a subset tag ("ABCDEF+").
std::string base_font(const std::string& name) {
  const auto plus = name.find('+');
  if (plus == 6) return name.substr(plus + 1);
  return name;
}

bool finite(double v) { return std::isfinite(v); }

struct LineBuilder {
  TextLine line;
  std::string text;
  double chars = 0, bold_chars = 0, italic_chars = 0;
  bool fonts_known = true;
  bool any = false;

  void add(const Word& w, bool space_before) {
    if (!any) {
      line.x0 = w.x0, line.y0 = w.y0, line.x1 = w.x1, line.y1 = w.y1;
    } else {
      line.x0 = std::min(line.x0, w.x0), line.y0 = std::min(line.y0, w.y0);
      line.x1 = std::max(line.x1, w.x1), line.y1 = std::max(line.y1, w.y1);
    }
    if (space_before) text += ' ';
    text += w.text;
    const double n = static_cast<double>(w.text.size());
    chars += n;
    if (w.bold) bold_chars += n;
    if (w.italic) italic_chars += n;
    fonts_known = fonts_known && w.font_known;
    line.font_size = std::max(line.font_size, w.font_size);
    any = true;
  }

  TextLine finish() {
    line.text = collapse_spaces(to_nfc(text));
    line.has_geometry = true;
    if (fonts_known && chars > 0) {
      line.bold = bold_chars / chars;
      line.italic = italic_chars / chars;
    }
    return line;
  }
};

}  // namespace

bool font_is_bold(const std::string& font_name) {
  const std::string n = lower_ascii(base_font(font_name));
  return n.find("bold") != std::string::npos || n.find("black") != std::string::npos ||
         n.find("heavy") != std::string::npos || n.find("semibold") != std::string::npos ||
         n.find("demi") != std::string::npos;
}

bool font_is_italic(const std::string& font_name) {
  const std::string n = lower_ascii(base_font(font_name));
  return n.find("italic") != std::string::npos || n.find("oblique") != std::string::npos;
}

std::vector<TextLine> build_lines(const std::vector<Word>& words) {
  std::vector<TextLine> lines;
  LineBuilder cur;
  const Word* prev = nullptr;
  for (const Word& w : words) {
    if (w.text.empty()) continue;
    if (!finite(w.x0) || !finite(w.x1) || !finite(w.y0) || !finite(w.y1)) continue;
    bool new_line = prev == nullptr;
    if (prev != nullptr) {
      const double h = std::max(0.1, std::min(w.y1 - w.y0, prev->y1 - prev->y0));
      const double overlap = std::min(w.y1, prev->y1) - std::max(w.y0, prev->y0);
      const double size = std::max({w.font_size, prev->font_size, w.y1 - w.y0, 1.0});
      const double gap = w.x0 - prev->x1;
      if (overlap < 0.4 * h || gap < -0.5 * size || gap > 3.0 * size) new_line = true;
    }
    if (new_line && cur.any) {
      lines.push_back(cur.finish());
      cur = LineBuilder{};
    }
    cur.add(w, !new_line && prev != nullptr && prev->space_after);
    prev = &w;
  }
  if (cur.any) lines.push_back(cur.finish());

  // Gaps: a line that starts well below the previous one, or above it (another column or block).
  for (size_t i = 1; i < lines.size(); ++i) {
    const TextLine& a = lines[i - 1];
    TextLine& b = lines[i];
    const double h = std::max(1.0, a.height());
    if (b.y0 > a.y1 + 0.8 * h || b.y1 < a.y0) b.blank_before = true;
  }
  // Lines that are empty after normalisation (e.g. only spaces) are dropped.
  std::vector<TextLine> out;
  out.reserve(lines.size());
  bool pending_blank = false;
  for (auto& l : lines) {
    if (l.text.empty()) {
      pending_blank = pending_blank || l.blank_before;
      continue;
    }
    l.blank_before = l.blank_before || pending_blank;
    pending_blank = false;
    out.push_back(std::move(l));
  }
  if (!out.empty()) out.front().blank_before = false;
  return out;
}

PageLines lines_from_text(const std::string& text) {
  PageLines page;
  bool blank = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = collapse_spaces(to_nfc(std::string_view(text).substr(start, end - start)));
    if (line.empty()) {
      blank = !page.lines.empty();
    } else {
      TextLine l;
      l.text = std::move(line);
      l.blank_before = blank;
      blank = false;
      page.lines.push_back(std::move(l));
    }
    start = end + 1;
  }
  return page;
}

std::string page_text(const PageLines& page) {
  std::string out;
  for (const auto& l : page.lines) {
    if (l.blank_before) out += '\n';
    out += l.text;
    out += '\n';
  }
  return out;
}

}  // namespace vanthu::archive::extract
