// libharu output: pages, text, rules, document info, and a conformant /ToUnicode for each font.
#include "pdf/pdf_writer.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "text/unicode.h"

namespace vanthu::generator {

namespace {

// libharu's own /ToUnicode is a copy of the Identity CID CMap ("begincidrange"), which is not a
// ToUnicode CMap. Its CIDs equal Unicode BMP code points, so an identity bfrange map over the
// BMP (surrogates excluded) is exact.
const std::string& identity_tounicode_cmap() {
  static const std::string cmap = [] {
    std::string s =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<int> hi;
    for (int h = 0; h < 256; ++h)
      if (h < 0xD8 || h > 0xDF) hi.push_back(h);
    char b[64];
    for (std::size_t i = 0; i < hi.size(); i += 100) {  // at most 100 entries per block
      const std::size_t n = std::min<std::size_t>(100, hi.size() - i);
      s += std::to_string(n) + " beginbfrange\n";
      for (std::size_t k = i; k < i + n; ++k) {
        std::snprintf(b, sizeof b, "<%02X00> <%02XFF> <%02X00>\n", hi[k], hi[k], hi[k]);
        s += b;
      }
      s += "endbfrange\n";
    }
    return s + "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  }();
  return cmap;
}

// HPDF_GetFont builds the CIDToGIDMap and /W by looking up all 65,536 BMP code points through
// the font's cmap, and libharu's lookup scans the format-4 segments linearly (128 segments in
// Liberation Serif): ≈2.5 ms of its ≈3 ms per face. While HPDF_GetFont runs, the cmap is cut
// down to the segments that hold a code point this document draws in that face (plus the
// 0xFFFF sentinel), then restored. Lookups of drawn code points give the same glyphs, and the
// maps only omit glyphs the document never uses.
class ReducedCmap {
 public:
  ReducedCmap(HPDF_FontDef def, const std::vector<bool>& used) {
    auto* attr = static_cast<HPDF_TTFontDefAttr>(def->attr);
    HPDF_TTF_CmapRange& c = attr->cmap;
    if (c.format != 4 || c.seg_count_x2 == 0) return;
    const unsigned n = c.seg_count_x2 / 2u;
    std::vector<unsigned> keep;
    for (unsigned i = 0; i < n; ++i) {
      bool any = c.end_count[i] == 0xFFFF;
      for (unsigned u = c.start_count[i]; !any && u <= c.end_count[i]; ++u) any = used[u];
      if (any) keep.push_back(i);
    }
    const unsigned m = static_cast<unsigned>(keep.size());
    for (unsigned k = 0; k < m; ++k) {
      const unsigned i = keep[k];
      end_.push_back(c.end_count[i]);
      start_.push_back(c.start_count[i]);
      delta_.push_back(c.id_delta[i]);
      if (c.id_range_offset[i] == 0) {
        range_.push_back(0);
      } else {
        // The offset is relative to the segment's own slot: keep the glyph_id_array index.
        const long base = c.id_range_offset[i] / 2 - static_cast<long>(n - i);
        const long offset = 2 * (base + static_cast<long>(m - k));
        if (base < 0 || offset > 0xFFFF) return;  // unexpected table: leave the cmap as it is
        range_.push_back(static_cast<HPDF_UINT16>(offset));
      }
    }
    saved_ = c;
    cmap_ = &c;
    c.end_count = end_.data();
    c.start_count = start_.data();
    c.id_delta = delta_.data();
    c.id_range_offset = range_.data();
    c.seg_count_x2 = static_cast<HPDF_UINT16>(2 * m);
  }
  ~ReducedCmap() {
    if (cmap_) *cmap_ = saved_;
  }
  ReducedCmap(const ReducedCmap&) = delete;
  ReducedCmap& operator=(const ReducedCmap&) = delete;

 private:
  HPDF_TTF_CmapRange* cmap_ = nullptr;
  HPDF_TTF_CmapRange saved_{};
  std::vector<HPDF_UINT16> end_, start_, range_;
  std::vector<HPDF_INT16> delta_;
};

class Writer {
 public:
  explicit Writer(FontSet& fonts) : fonts_(fonts), pdf_(static_cast<HPDF_Doc>(fonts.handle())) {}

  std::string write(const LaidOut& doc) {
    fonts_.error_state() = {};
    if (!fonts_.take_fresh()) check(HPDF_NewDoc(pdf_), "new document");
    check(HPDF_SetCompressionMode(pdf_, HPDF_COMP_ALL), "compression");
    // HPDF_UseUTFEncodings registers the encoders on the handle (FontSet does it once; a second
    // call fails with a duplicate-registration status). The current encoder is per document.
    check(HPDF_SetCurrentEncoder(pdf_, "UTF-8"), "encoder");

    for (auto& u : used_) u.assign(0x10000, false);
    for (const Page& pg : doc.pages)
      for (const TextRun& r : pg.runs)
        for (char32_t cp : text::decode(r.text))
          if (cp <= 0xFFFF) used_[static_cast<int>(r.face)][cp] = true;
    for (const Page& pg : doc.pages) page(doc, pg);
    info(doc.info);

    check(HPDF_SaveToStream(pdf_), "save");
    const HPDF_UINT32 size = HPDF_GetStreamSize(pdf_);
    std::string out(size, '\0');
    HPDF_UINT32 len = size;
    HPDF_ReadFromStream(pdf_, reinterpret_cast<HPDF_BYTE*>(out.data()), &len);
    out.resize(len);
    HPDF_ResetStream(pdf_);
    if (fonts_.error_state().error) fail("save");
    return out;
  }

 private:
  void check(HPDF_STATUS st, const char* what) {
    if (st != HPDF_OK || fonts_.error_state().error) fail(what);
  }
  [[noreturn]] void fail(const char* what) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "libharu failed at %s (error 0x%04lX, detail %lu)", what,
                  fonts_.error_state().error, fonts_.error_state().detail);
    throw std::runtime_error(buf);
  }

  HPDF_Font font(Face face) {
    const int i = static_cast<int>(face);
    if (!fonts_used_[i]) {
      HPDF_Font f = nullptr;
      {
        // VANTHU_FULL_CMAP=1 turns the reduction off, so tests can compare both renderings.
        static const bool full = std::getenv("VANTHU_FULL_CMAP") != nullptr;
        std::vector<bool> all;
        if (full) all.assign(0x10000, true);
        ReducedCmap reduced(HPDF_GetFontDef(pdf_, fonts_.loaded_name(face).c_str()),
                            full ? all : used_[i]);
        f = HPDF_GetFont(pdf_, fonts_.loaded_name(face).c_str(), "UTF-8");
      }
      if (!f) fail("font");
      if (!tounicode_) {
        tounicode_ = HPDF_DictStream_New(pdf_->mmgr, pdf_->xref);
        if (!tounicode_) fail("ToUnicode stream");
        tounicode_->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        const std::string& cmap = identity_tounicode_cmap();
        check(HPDF_Stream_Write(tounicode_->stream, reinterpret_cast<const HPDF_BYTE*>(cmap.data()),
                                static_cast<HPDF_UINT>(cmap.size())),
              "ToUnicode write");
      }
      check(HPDF_Dict_Add(reinterpret_cast<HPDF_Dict>(f), "ToUnicode", tounicode_), "ToUnicode");
      fonts_used_[i] = f;
    }
    return fonts_used_[i];
  }

  void page(const LaidOut& doc, const Page& pg) {
    HPDF_Page p = HPDF_AddPage(pdf_);
    if (!p) fail("page");
    check(HPDF_Page_SetWidth(p, static_cast<HPDF_REAL>(doc.width)), "page width");
    check(HPDF_Page_SetHeight(p, static_cast<HPDF_REAL>(doc.height)), "page height");
    const double H = doc.height;
    double width = -1;
    for (const Rule& r : pg.rules) {
      if (r.width != width) {
        HPDF_Page_SetLineWidth(p, static_cast<HPDF_REAL>(r.width));
        width = r.width;
      }
      HPDF_Page_MoveTo(p, static_cast<HPDF_REAL>(r.x1), static_cast<HPDF_REAL>(H - r.y1));
      HPDF_Page_LineTo(p, static_cast<HPDF_REAL>(r.x2), static_cast<HPDF_REAL>(H - r.y2));
      HPDF_Page_Stroke(p);
    }
    if (pg.runs.empty()) return;
    HPDF_Page_BeginText(p);
    int cur_face = -1;
    double cur_size = -1;
    for (const TextRun& r : pg.runs) {
      if (static_cast<int>(r.face) != cur_face || r.size != cur_size) {
        check(HPDF_Page_SetFontAndSize(p, font(r.face), static_cast<HPDF_REAL>(r.size)), "font size");
        cur_face = static_cast<int>(r.face);
        cur_size = r.size;
      }
      check(HPDF_Page_TextOut(p, static_cast<HPDF_REAL>(r.x), static_cast<HPDF_REAL>(H - r.baseline),
                              r.text.c_str()),
            "text");
    }
    HPDF_Page_EndText(p);
  }

  void info(const DocumentInfo& in) {
    if (!in.title.empty()) check(HPDF_SetInfoAttr(pdf_, HPDF_INFO_TITLE, in.title.c_str()), "title");
    if (!in.author.empty()) check(HPDF_SetInfoAttr(pdf_, HPDF_INFO_AUTHOR, in.author.c_str()), "author");
    if (!in.subject.empty())
      check(HPDF_SetInfoAttr(pdf_, HPDF_INFO_SUBJECT, in.subject.c_str()), "subject");
    if (!in.keywords.empty())
      check(HPDF_SetInfoAttr(pdf_, HPDF_INFO_KEYWORDS, in.keywords.c_str()), "keywords");
    check(HPDF_SetInfoAttr(pdf_, HPDF_INFO_CREATOR, "vanthu"), "creator");
    if (in.year > 0) {
      HPDF_Date d{};
      d.year = in.year;
      d.month = in.month;
      d.day = in.day;
      d.ind = 'Z';
      check(HPDF_SetInfoDateAttr(pdf_, HPDF_INFO_CREATION_DATE, d), "creation date");
    }
  }

  FontSet& fonts_;
  HPDF_Doc pdf_;
  std::array<HPDF_Font, 4> fonts_used_{};
  std::array<std::vector<bool>, 4> used_;  // code points drawn in each face
  HPDF_Dict tounicode_ = nullptr;
};

}  // namespace

std::string write_pdf(const LaidOut& doc, FontSet& fonts) { return Writer(fonts).write(doc); }

}  // namespace vanthu::generator
