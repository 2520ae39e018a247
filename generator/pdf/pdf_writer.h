// PdfWriter: draws laid-out pages with libharu (embedded, subset TrueType fonts, UTF-8 text)
// and returns the PDF bytes. It positions nothing itself. This is the only file that uses
// libharu's internal object API (to replace its invalid /ToUnicode CMap).
#pragma once

#include <string>

#include "layout/page.h"
#include "pdf/font_set.h"

namespace vanthu::generator {

// Throws std::runtime_error if libharu fails (out of memory, internal error).
std::string write_pdf(const LaidOut& doc, FontSet& fonts);

}  // namespace vanthu::generator
