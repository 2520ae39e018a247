// The document store: PDF files kept once each under their SHA-256, and the catalog table
// `documents` that describes them. Issued documents are immutable: there is no update or
// delete, and the catalog refuses both.
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
  std::string source = "issued";
  std::string created_at;  // UTC, ISO 8601; set by the catalog
};

class Store {
 public:
  Store(const ArchiveDir& dir, Catalog& db) : dir_(dir), db_(db) {}

  // Writes the PDF under its hash: temporary file, fsync, rename, fsync of the directory. Durable
  // when it returns; an identical file already stored is kept as it is. Throws on I/O errors.
  StoredBlob put_pdf(std::string_view bytes);

  // Adds a catalog row (inside the caller's transaction, if any); returns its id.
  int64_t add_document(const DocumentRecord& d);

  std::optional<DocumentRecord> document(int64_t id) const;
  std::vector<DocumentRecord> documents() const;  // by id
  std::string pdf_path(const DocumentRecord& d) const { return dir_.blob_path(d.sha256); }

 private:
  const ArchiveDir& dir_;
  Catalog& db_;
};

}  // namespace vanthu::archive
