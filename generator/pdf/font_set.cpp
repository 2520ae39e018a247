// Loads the bundled TrueType faces through libharu and measures glyphs from their hmtx/cmap.
#include "pdf/font_set.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#include <stdexcept>

namespace vanthu::generator {

namespace {

const char* kFiles[4] = {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                         "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"};
const char* kNames[4] = {"Liberation Serif", "Liberation Serif Bold", "Liberation Serif Italic",
                         "Liberation Serif Bold Italic"};

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* st = static_cast<FontSet::ErrorState*>(user);
  if (st->error == 0) {
    st->error = error;
    st->detail = detail;
  }
}

}  // namespace

FontSet::FontSet(const std::string& fonts_dir) {
  HPDF_Doc pdf = HPDF_New(on_error, &err_);
  if (!pdf) throw std::runtime_error("libharu: cannot create a document");
  doc_ = pdf;
  if (HPDF_UseUTFEncodings(pdf) != HPDF_OK) {
    HPDF_Free(pdf);
    doc_ = nullptr;
    throw std::runtime_error("libharu: cannot register the UTF-8 encoder");
  }
  for (int i = 0; i < 4; ++i) {
    const std::string path = fonts_dir + "/" + kFiles[i];
    err_ = {};
    const char* name = HPDF_LoadTTFontFromFile(pdf, path.c_str(), HPDF_TRUE);
    if (!name || err_.error) {
      HPDF_Free(pdf);
      doc_ = nullptr;
      throw std::runtime_error("cannot load font " + path + " (libharu error 0x" +
                               std::to_string(err_.error) + ")");
    }
    names_[i] = name;
    defs_[i] = HPDF_GetFontDef(pdf, name);
    cache_[i].assign(0x10000, 0);
  }
}

FontSet::~FontSet() {
  if (doc_) HPDF_Free(static_cast<HPDF_Doc>(doc_));
}

int FontSet::advance(Face face, char32_t cp) const {
  if (cp > 0xFFFF) return 0;  // libharu's UTF-8 encoder is BMP only
  const int f = static_cast<int>(face);
  std::int32_t& c = cache_[f][cp];
  if (c == 0) {
    auto def = static_cast<HPDF_FontDef>(defs_[f]);
    HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, static_cast<HPDF_UINT16>(cp));
    // Same rounding as libharu's /W entries: advance * 1000 / unitsPerEm, truncated.
    c = (gid == 0 && cp != 0) ? -1 : HPDF_TTFontDef_GetGidWidth(def, gid) + 1;
  }
  return c < 0 ? 0 : c - 1;
}

bool FontSet::has_glyph(Face face, char32_t cp) const {
  if (cp > 0xFFFF) return false;
  advance(face, cp);
  return cache_[static_cast<int>(face)][cp] > 0;
}

std::string FontSet::face_name(Face face) const { return kNames[static_cast<int>(face)]; }

}  // namespace vanthu::generator
