// Poppler text extraction (see pdf_text.h).
#include "archive/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "archive/text/fold.h"

namespace vanthu::archive {

namespace {

void silence_poppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

}  // namespace

std::vector<std::string> pdf_page_texts(std::string_view pdf_bytes) {
  silence_poppler();
  if (pdf_bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("PDF too large to read its text");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
  if (!doc) throw std::runtime_error("not a readable PDF");
  if (doc->is_locked()) throw std::runtime_error("the PDF is locked with a password");
  std::vector<std::string> pages;
  const int n = doc->pages();
  pages.reserve(static_cast<std::size_t>(n > 0 ? n : 0));
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) {
      pages.emplace_back();
      continue;
    }
    const poppler::byte_array bytes =
        p->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
    pages.push_back(text::to_nfc(std::string_view(bytes.data(), bytes.size())));
  }
  return pages;
}

std::string join_pages(const std::vector<std::string>& pages) {
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i) out += '\f';
    out += pages[i];
  }
  return out;
}

}  // namespace vanthu::archive
