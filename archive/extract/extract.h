// Reading a PDF for the archive's import: its text (NFC, reading order, one string per page) and
// the document metadata that the layout rules of the Party profile (HD 36-HD/VPTW) and of the
// State profile (NĐ 30/2020/NĐ-CP) put at known places: header block, number and symbol, place
// and date, kind name and subject, Nơi nhận, signature block.
//
// Pure: no catalog access, no files, no global state beyond Poppler's (silenced) error hook.
// Never guesses: a field that cannot be read with confidence stays empty and its name is listed
// in `missing`; doubtful readings are explained in `warnings`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vanthu::archive {

struct ExtractedDocument {
  std::vector<std::string> pages;  // NFC text per page, reading order, each ending in '\n'
  std::string text;                // all pages joined with '\f' (as pdftotext does)
  bool has_text_layer = false;     // false → the pages are images: needs OCR
  int pages_count = 0;

  // Metadata read from the text by the layout rules of both profiles; empty when not found.
  std::string family;                // "party" / "state" / ""
  std::string kind_code, kind_name;  // "CT", "Chỉ thị"; Công văn: "CV", "Công văn"
  std::optional<long> number;        // 28
  std::string symbol;                // "28-CT/TU" (Party), "12/QĐ-UBND", "12/UBND-VX" (State)
  std::string issuer;    // issuing body as printed, lines joined: "THỊ ỦY QUẢNG TRỊ"
  std::string superior;  // the superior body's line, "ĐẢNG BỘ TỈNH QUẢNG TRỊ"; often none
  std::string organ_line;  // "CỦA BAN THƯỜNG VỤ TỈNH ỦY" under the kind name; often none
  std::string place;       // "Quảng Trị"
  std::string date;        // ISO "2023-03-15"
  std::string subject;     // "về …" lines joined with spaces; Công văn: the text after "V/v"
  std::string signer;      // "Bùi Văn Lý"
  std::string signer_position;  // "PHÓ BÍ THƯ"
  std::string authority;        // "T/M BAN THƯỜNG VỤ"; chained lines joined with a space:
                          // "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"; empty when none printed
  std::vector<std::string> recipients;  // Nơi nhận items without "- " and the final punctuation,
                                        // purpose kept: "Ban Thường vụ Tỉnh ủy (báo cáo)"; the
                                        // archive line is not one of them (see archive_copy)
  std::string archive_copy;  // the last item: "Lưu Văn phòng Thị ủy", "Lưu: VT, VX"

  // Names of the fields above that could not be read (reported, never guessed): any of family,
  // kind_code, kind_name, number, symbol, issuer, place, date, subject, signer, signer_position,
  // recipients. superior, organ_line, authority and archive_copy are optional by the layout rules
  // and never listed.
  std::vector<std::string> missing;
  std::vector<std::string> warnings;
};

enum class ExtractError {
  kNotPdf,     // the bytes are not a PDF file
  kEncrypted,  // a password is needed to read the text
  kDamaged,    // a PDF, but truncated or broken beyond what can be read
};

std::string_view extract_error_name(ExtractError e);  // "not-pdf", "encrypted", "damaged"

using ExtractFailure = std::pair<ExtractError, std::string>;  // the error and a human reason
using ExtractResult = std::variant<ExtractedDocument, ExtractFailure>;

// Reads `bytes` as a PDF. Returns the document, or an error with a human reason, e.g.
// {kEncrypted, "encrypted PDF: cannot read its text without the password"}. Never throws, for
// any input, and never writes to stdout/stderr (Poppler's messages are captured as warnings).
ExtractResult extract_pdf(std::string_view bytes);

}  // namespace vanthu::archive
