// FontSet: the four bundled Liberation Serif faces, loaded once into a libharu document handle.
// It measures text for layout (FontMetrics) from the same font data the PDF embeds, and lends
// its handle to the PdfWriter, which reuses it document after document.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "layout/font_metrics.h"

namespace vanthu::generator {

class FontSet : public FontMetrics {
 public:
  // Loads LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf from `fonts_dir`.
  // Throws std::runtime_error naming the file if one cannot be loaded.
  explicit FontSet(const std::string& fonts_dir);
  ~FontSet() override;
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;

  int advance(Face face, char32_t cp) const override;
  bool has_glyph(Face face, char32_t cp) const override;
  std::string face_name(Face face) const override;

  // For the PDF writer only.
  void* handle() const { return doc_; }
  const std::string& loaded_name(Face face) const { return names_[static_cast<int>(face)]; }
  bool take_fresh() {  // true once after construction: the handle already holds a new document
    bool f = fresh_;
    fresh_ = false;
    return f;
  }
  struct ErrorState {
    unsigned long error = 0, detail = 0;
  };
  ErrorState& error_state() { return err_; }

 private:
  void* doc_ = nullptr;  // HPDF_Doc
  std::array<std::string, 4> names_;
  std::array<void*, 4> defs_{};  // HPDF_FontDef
  mutable std::array<std::vector<std::int32_t>, 4> cache_;  // advance + 1, or -1 missing; 0 unknown
  bool fresh_ = true;
  ErrorState err_;
};

}  // namespace vanthu::generator
