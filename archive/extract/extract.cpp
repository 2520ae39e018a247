#include "archive/extract/extract.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <exception>
#include <memory>
#include <mutex>
#include <new>

#include "archive/extract/layout.h"
#include "archive/extract/metadata.h"
#include "archive/extract/vn_text.h"

namespace vanthu::archive {

namespace {

using extract::PageLines;
using extract::Word;

// Poppler reports problems through one process-wide hook; without one it prints them on stderr.
// The hook is installed once and hands each message to the thread that is extracting (Poppler
// calls it synchronously), which keeps a few of them as warnings.
thread_local std::vector<std::string>* t_poppler_messages = nullptr;

void poppler_message(const std::string& msg, void*) {
  if (t_poppler_messages != nullptr && t_poppler_messages->size() < 1000)
    t_poppler_messages->push_back(msg);
}

void install_poppler_hook() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(poppler_message, nullptr); });
}

struct MessageScope {
  std::vector<std::string> messages;
  MessageScope() { t_poppler_messages = &messages; }
  ~MessageScope() { t_poppler_messages = nullptr; }
  MessageScope(const MessageScope&) = delete;
  MessageScope& operator=(const MessageScope&) = delete;
};

constexpr int kMaxPages = 10000;  // more is not a document vanthu archives; and bounds the time

ExtractFailure fail(ExtractError e, std::string reason) { return {e, std::move(reason)}; }

std::string utf8(const poppler::ustring& s) {
  const poppler::byte_array b = s.to_utf8();
  return std::string(b.begin(), b.end());
}

// "%PDF-" within the first 1024 bytes (where readers look for it).
bool has_pdf_header(std::string_view bytes) {
  return bytes.substr(0, 1024 + 5).find("%PDF-") != std::string_view::npos;
}

// "%%EOF" within the last 1024 bytes: a complete file ends with it (trailing junk tolerated).
bool has_eof_marker(std::string_view bytes) {
  const size_t from = bytes.size() > 1024 ? bytes.size() - 1024 : 0;
  return bytes.substr(from).find("%%EOF") != std::string_view::npos;
}

// Reads the page's words and rebuilds its lines; sets `decomposed` when the text layer is not in
// NFC (e.g. NFD from a producer that kept combining marks).
PageLines read_page(poppler::page& page, bool& decomposed) {
  PageLines out;
  const poppler::rectf box = page.page_rect(poppler::media_box);
  if (std::isfinite(box.width()) && std::isfinite(box.height())) {
    out.width = std::abs(box.width());
    out.height = std::abs(box.height());
  }
  std::vector<Word> words;
  for (const poppler::text_box& tb : page.text_list(poppler::page::text_list_include_font)) {
    Word w;
    w.text = utf8(tb.text());
    const poppler::rectf b = tb.bbox();
    w.x0 = b.left(), w.y0 = b.top(), w.x1 = b.right(), w.y1 = b.bottom();
    w.space_after = tb.has_space_after();
    w.font_size = tb.get_font_size();
    const std::string font = tb.get_font_name(0);
    w.font_known = !font.empty();
    w.bold = extract::font_is_bold(font);
    w.italic = extract::font_is_italic(font);
    if (!decomposed && !extract::is_nfc(w.text)) decomposed = true;
    words.push_back(std::move(w));
  }
  out.lines = extract::build_lines(words);
  return out;
}

ExtractResult extract_impl(std::string_view bytes) {
  if (bytes.empty()) return fail(ExtractError::kNotPdf, "not a PDF file: it is empty");
  if (!has_pdf_header(bytes))
    return fail(ExtractError::kNotPdf, "not a PDF file: no \"%PDF-\" header at its start");
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return fail(ExtractError::kDamaged, "PDF too large to read (2 GiB or more)");
  if (!has_eof_marker(bytes))
    return fail(ExtractError::kDamaged,
                "truncated PDF: it does not end with the end-of-file marker %%EOF, so part of "
                "the file is missing");

  install_poppler_hook();
  MessageScope scope;
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    const bool encrypted = bytes.find("/Encrypt") != std::string_view::npos;
    if (encrypted)
      return fail(ExtractError::kEncrypted,
                  "encrypted PDF: it cannot be opened (unsupported encryption or a damaged "
                  "security dictionary)");
    std::string reason = "damaged PDF: Poppler cannot open it";
    if (!scope.messages.empty())
      reason += " (" + extract::collapse_spaces(scope.messages.front()) + ")";
    return fail(ExtractError::kDamaged, extract::to_nfc(reason));
  }
  if (doc->is_locked())
    return fail(ExtractError::kEncrypted,
                "encrypted PDF: cannot read its text without the password");

  ExtractedDocument out;
  if (doc->is_encrypted())
    out.warnings.emplace_back(
        "the PDF is encrypted with an owner password only (no password is needed to open it); "
        "its text was read");
  const int n = doc->pages();
  if (n <= 0) return fail(ExtractError::kDamaged, "damaged PDF: it has no pages");
  if (n > kMaxPages)
    return fail(ExtractError::kDamaged, "PDF has " + std::to_string(n) + " pages; at most " +
                                            std::to_string(kMaxPages) + " are read");
  out.pages_count = n;

  std::vector<PageLines> pages;
  pages.reserve(static_cast<size_t>(n));
  int unreadable = 0;
  bool nfd = false;
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      ++unreadable;
      pages.emplace_back();
      continue;
    }
    pages.push_back(read_page(*page, nfd));
  }
  if (unreadable == n)
    return fail(ExtractError::kDamaged, "damaged PDF: none of its pages can be read");
  if (unreadable > 0)
    out.warnings.push_back(std::to_string(unreadable) + " of " + std::to_string(n) +
                           " pages could not be read (damaged PDF?)");

  for (auto& p : pages) {
    out.pages.push_back(extract::page_text(p));
    if (!out.text.empty()) out.text += '\f';
    out.text += out.pages.back();
  }
  out.has_text_layer =
      std::any_of(pages.begin(), pages.end(), [](const PageLines& p) { return !p.lines.empty(); });
  if (!out.has_text_layer) {
    out.warnings.emplace_back(
        "no text layer: the pages are images (a scan?); run OCR to read the text and metadata");
  }
  if (nfd)
    out.warnings.emplace_back(
        "the text layer is not in Unicode NFC (decomposed diacritics); it was normalised to NFC");
  extract::read_metadata(pages, out);
  for (size_t i = 0; i < scope.messages.size() && i < 3; ++i)
    out.warnings.push_back("Poppler: " +
                           extract::to_nfc(extract::collapse_spaces(scope.messages[i])));
  if (scope.messages.size() > 3)
    out.warnings.push_back("Poppler: " + std::to_string(scope.messages.size() - 3) +
                           " more messages");
  return out;
}

}  // namespace

std::string_view extract_error_name(ExtractError e) {
  switch (e) {
    case ExtractError::kNotPdf:
      return "not-pdf";
    case ExtractError::kEncrypted:
      return "encrypted";
    case ExtractError::kDamaged:
      return "damaged";
  }
  return "damaged";
}

ExtractResult extract_pdf(std::string_view bytes) {
  try {
    return extract_impl(bytes);
  } catch (const std::bad_alloc&) {
    return fail(ExtractError::kDamaged, "PDF could not be read: out of memory");
  } catch (const std::exception& e) {
    return fail(ExtractError::kDamaged,
                extract::to_nfc(std::string("PDF could not be read: ") + e.what()));
  } catch (...) {
    return fail(ExtractError::kDamaged, "PDF could not be read: unknown error");
  }
}

}  // namespace vanthu::archive
