// Text width from per-glyph advances.
#include "layout/font_metrics.h"

#include "text/unicode.h"

namespace vanthu::generator {

double FontMetrics::width(Face face, double size, std::string_view utf8) const {
  long units = 0;
  for (char32_t cp : text::decode(utf8)) units += advance(face, cp);
  return static_cast<double>(units) * size / 1000.0;
}

}  // namespace vanthu::generator
