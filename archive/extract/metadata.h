// The metadata reader of the PDF import: finds the layout components of a Party (HD 36-HD/VPTW)
// or State (NĐ 30/2020/NĐ-CP) document in the text lines of its pages and fills the metadata
// fields of an ExtractedDocument (see extract.h for the fields and the "never guess" rule).
//
// Works with or without geometry: lines from a PDF carry boxes and font faces, which settle
// two-column headers that Poppler interleaves, bold subject lines and the Nơi nhận / signature
// columns; plain-text lines (tests, OCR text) are read by the order and content rules alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/extract/extract.h"
#include "archive/extract/layout.h"

namespace vanthu::archive::extract {

// Fills family … archive_copy, missing and warnings (appending to warnings) of `doc` from
// `pages`. Leaves pages, text, has_text_layer and pages_count alone.
void read_metadata(const std::vector<PageLines>& pages, ExtractedDocument& doc);

// One document kind of either profile.
struct KindInfo {
  std::string_view code;       // "CT"
  std::string_view name_caps;  // "CHỈ THỊ"
  std::string_view name;       // "Chỉ thị"
};

// The kind printed as `name` (any case, diacritics optional) in `family` ("party", "state", or ""
// for either when both agree); nullptr when unknown or ambiguous.
const KindInfo* kind_by_name(std::string_view name, std::string_view family);
// The kind whose code is `code` in `family` (or in either when both agree); nullptr when unknown.
const KindInfo* kind_by_code(std::string_view code, std::string_view family);

// "Số 28-CT/TU", "Số: 12/QĐ-UBND", "Số: 1726/UBND-VX", "Số 15/2023/QĐ-UBND" … parsed.
struct NumberLine {
  bool ok = false;             // the line is a number line
  std::string family;          // "party" (number, '-', code, '/', issuer) or "state" ('/' first)
  std::optional<long> number;  // empty for an unnumbered draft ("Số      -CT/TU")
  std::string symbol;          // "28-CT/TU"; empty when unnumbered
  std::string code;            // the kind code inside the symbol ("CT", "QĐ"); state: the first
                               // group, which is a kind code unless the document is a Công văn
  std::string rest;            // text after the symbol on the same line
};
NumberLine parse_number_line(std::string_view line);

// "<place>, ngày DD tháng M năm YYYY" anywhere in `line`, with or without zero padding.
struct DateLine {
  bool ok = false;          // "ngày D tháng M năm YYYY" was found
  bool whole_line = false;  // … and it is the whole line: "<place>, ngày …" or "ngày …" alone,
                            // nothing but punctuation after the year (a header date line)
  std::string place;    // empty when the line has none
  std::string iso;      // "2023-03-15"; empty when not a real date (see problem)
  std::string problem;  // why iso is empty
};
DateLine parse_date_line(std::string_view line);

}  // namespace vanthu::archive::extract
