// What layout needs to know about fonts: glyph advances and coverage. The PDF writer implements
// it from the very font data it embeds, so measured widths are the widths written in the PDF.
// Layout never includes libharu.
#pragma once

#include <string>
#include <string_view>

#include "profile/profile.h"

namespace vanthu::generator {

class FontMetrics {
 public:
  virtual ~FontMetrics() = default;
  // Advance of a code point in 1/1000 em, as recorded in the PDF; 0 if the glyph is missing.
  virtual int advance(Face face, char32_t cp) const = 0;
  virtual bool has_glyph(Face face, char32_t cp) const = 0;
  virtual std::string face_name(Face face) const = 0;

  // Width of UTF-8 text in pt at `size` pt.
  double width(Face face, double size, std::string_view utf8) const;
};

// Ascent and descent of the bundled faces (Liberation Serif), in em; used to keep ink inside
// the margins.
inline constexpr double kAscent = 0.891;
inline constexpr double kDescent = 0.216;

}  // namespace vanthu::generator
