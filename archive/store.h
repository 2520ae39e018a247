// The document store: PDF files kept once each under their SHA-256, the catalog table
// `documents` that describes them and `document_text` with their text. Issued documents are
// immutable: there is no update or delete, and the catalog refuses both. Adding a document (or
// its text) also indexes it for search, through the catalog's triggers (archive/index.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/archive_dir.h"
#include "archive/catalog.h"

namespace vanthu::archive {

struct StoredBlob {
  std::string sha256;  // 64 lower-case hex digits
  std::string path;    // absolute path of the stored file
  int64_t bytes = 0;
  bool existed = false;  // an identical file was already stored
};

struct DocumentRecord {
  int64_t id = 0;
  std::string kind;  // kind code
  std::optional<int64_t> number;
  std::string symbol;
  std::string issuer;  // issuing body's name
  std::string issuer_code;
  std::string date;  // YYYY-MM-DD
  std::string subject;
  std::string signer;
  std::vector<std::string> recipients;
  int pages = 0;
  int64_t bytes = 0;
  std::string sha256;
  std::string profile;
  std::string source = "issued";  // "issued" (by `vanthu issue`) or "imported" (a past PDF)
  std::string created_at;         // UTC, ISO 8601; set by the catalog
  // Schema version 2 (archive-metadata.md §5).
  std::string place;                        // "Sơn Hà"
  std::string language = "vi";              // ISO 639-1
  std::string confidentiality;              // độ mật ("Mật", "Tối mật", …); empty: none
  std::string source_file;                  // data file (issued) or PDF file name (imported)
  bool needs_ocr = false;                   // imported scan without a text layer
  std::vector<std::string> missing_fields;  // imported: metadata fields that could not be found
  std::string imported_at;                  // UTC, ISO 8601; empty for issued documents
  std::optional<int64_t> corrects;          // id of the document this one corrects
};

class Store {
 public:
  Store(const ArchiveDir& dir, Catalog& db) : dir_(dir), db_(db) {}

  // Writes the PDF under its hash: temporary file, fsync, rename, fsync of the directory. Durable
  // when it returns; an identical file already stored is kept as it is. Throws on I/O errors.
  StoredBlob put_pdf(std::string_view bytes);

  // Adds a catalog row and, if given, its text (inside the caller's transaction, if any);
  // returns its id. Issued and imported documents alike. The text is stored as clean_text()
  // makes it (NFC, no control characters but tab, line and page breaks), and the document is
  // indexed with it. Without a text, the document is not in the index until
  // index_missing_texts() extracts the text from its PDF (every search does that first).
  // UserError for a source other than "issued"/"imported" or an unknown `corrects` id.
  int64_t add_document(const DocumentRecord& d,
                       std::optional<std::string_view> text = std::nullopt);
  // Stores (or replaces) the text of document `id` and re-indexes it.
  void set_text(int64_t id, std::string_view text);
  std::optional<std::string> text(int64_t id) const;
  bool has_text(int64_t id) const;

  std::optional<DocumentRecord> document(int64_t id) const;
  std::vector<DocumentRecord> documents() const;  // by id
  // Documents whose symbol, folded, is `symbol` folded (a leading "Số"/"Số:" ignored), by id.
  std::vector<DocumentRecord> find_by_symbol(std::string_view symbol) const;
  std::string pdf_path(const DocumentRecord& d) const { return dir_.blob_path(d.sha256); }
  // The stored PDF's bytes. Throws if the file cannot be read or its SHA-256 is not the one
  // recorded (the file was damaged).
  std::string read_pdf(const DocumentRecord& d) const;

 private:
  const ArchiveDir& dir_;
  Catalog& db_;
};

}  // namespace vanthu::archive
