// The text of a PDF, page by page, with Poppler (poppler-cpp), in reading order
// (`non_raw_non_physical_layout`: a two-column header comes out column by column, not
// interleaved line by line), NFC-normalised (other producers' PDFs can yield NFD text).
// Used to index issued documents; the import of past PDFs can use it too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanthu::archive {

// One NFC UTF-8 string per page. A page without text (a scan) gives an empty string. Throws
// std::runtime_error when the bytes are not a PDF Poppler can open, or the PDF is locked.
// Poppler's messages on standard error are silenced.
std::vector<std::string> pdf_page_texts(std::string_view pdf_bytes);

// The pages joined with form feeds ("\f"), as the archive stores a document's text.
std::string join_pages(const std::vector<std::string>& pages);

}  // namespace vanthu::archive
