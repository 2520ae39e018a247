// The service layer: every user-facing operation, called by the CLI (and later the HTTP
// server), so each feature exists once. Results carry diagnostics, never partial output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "archive/archive.h"
#include "archive/register.h"
#include "archive/search.h"
#include "archive/store.h"
#include "diag/diagnostic.h"
#include "catalog.h"
#include "forms/form.h"
#include "render.h"

namespace vanthu::app {

enum class Status { kOk = 0, kInternal = 1, kUser = 2 };

struct RenderResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string pdf;
  int pages = 0;
  std::string error;  // internal error text
};

// A document issued: numbered from the register, dated, typeset, stored in the archive.
struct IssueResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;  // internal error text
  std::string archive_dir;
  int64_t id = 0;           // catalog id of the stored document
  int64_t register_id = 0;  // id of the register entry
  int64_t series_id = 0;
  std::string series;  // the series described, e.g. "HUYỆN ỦY SƠN HÀ · CT · term 2020-2025"
  int64_t number = 0;
  std::string symbol;  // "05-CT/HU"
  std::string kind;
  std::string date;      // YYYY-MM-DD
  std::string pdf_path;  // absolute path of the stored PDF
  std::string sha256;
  int pages = 0;
  std::string pdf;  // the PDF bytes
};

struct RegisterResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  std::vector<archive::Series> series;
  std::vector<archive::Entry> entries;  // by series, then number
};

struct ExportResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  std::string csv;
  std::size_t rows = 0;
};

struct VoidResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  archive::Entry entry;  // as it is after voiding
};

// A search of the archive (archive/search.h).
struct SearchResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  archive::SearchResult result;
  std::vector<std::string> notes;  // for the user: what was ignored, what was indexed first
};

// One stored document: its catalog row, text and PDF.
struct DocumentResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  archive::DocumentRecord doc;
  std::string pdf_path;
  std::optional<std::string> text;  // the indexed text (NFC), if extracted
  std::string pdf;                  // the PDF's bytes (get_pdf only), checked against its SHA-256
};

// A correction of an imported document's catalog metadata: each field given replaces the
// catalogued one (the stored PDF never changes). `number` holds a number, or nullopt to clear it.
struct MetadataCorrection {
  std::optional<std::string> kind, symbol, issuer, issuer_code, date, subject, signer, place;
  std::optional<std::optional<int64_t>> number;
};

struct CorrectionResult {
  Status status = Status::kOk;
  Diagnostics diags;
  std::string error;
  std::string archive_dir;
  archive::DocumentRecord before, after;
};

class Service {
 public:
  explicit Service(std::string data_dir = generator::find_data_dir());
  RenderResult render_file(const std::string& data_path);
  // What can be made: document kinds (with the profiles that have a sample) and standard forms.
  std::vector<generator::CatalogEntry> templates();
  // A complete sample data file for a kind in a profile (default dang) or a form.
  std::optional<std::string> example(const std::string& name, const std::string& profile,
                                     Diagnostics& diags);

  // Issues a document: loads and validates `data_path`, then in one catalog transaction takes the
  // next number of its register series, dates it (`today` unless the data gives a date), typesets
  // it, stores the PDF and its catalog row, and records the register entry. On any error nothing
  // is recorded. `archive` is the --archive option (empty: $VANTHU_ARCHIVE, then the XDG default).
  IssueResult issue(const std::string& data_path, const std::string& archive,
                    const generator::Date& today);

  // The register: all series, and the entries of one series (`series_id`) or of all.
  RegisterResult register_list(const std::string& archive, std::optional<int64_t> series_id);
  // The register as CSV (columns of NĐ 30 Phụ lục IV), UTF-8, with a byte order mark if `bom`.
  ExportResult register_export_csv(const std::string& archive, std::optional<int64_t> series_id,
                                   bool bom);
  // The register as a PDF table in the NĐ 30 Phụ lục IV columns (landscape A4); the bytes are
  // in ExportResult::csv.
  ExportResult register_export_pdf(const std::string& archive, std::optional<int64_t> series_id);
  // Voids the entry named by `target`: a symbol ("05-CT/HU") or, with `series_id`, a number.
  VoidResult void_number(const std::string& archive, const std::string& target,
                         std::optional<int64_t> series_id, const std::string& reason);

  // Searches the archive. Documents catalogued before search existed (schema version 1) are
  // indexed first: their text is extracted from their stored PDFs (once; a note says so).
  SearchResult search(const std::string& archive, const archive::SearchRequest& req);
  // The same in an archive already open (a server keeps one open per thread).
  SearchResult search(archive::Archive& archive, const archive::SearchRequest& req);
  // A document by catalog id ("12") or by symbol ("15-CT/TU", "Số 12/QĐ-UBND"); a symbol that
  // several documents share is a user error that lists their ids. With `with_text`, its text.
  DocumentResult show(const std::string& archive, const std::string& target, bool with_text);
  // The document's stored PDF bytes (verified against the recorded SHA-256).
  DocumentResult get_pdf(const std::string& archive, const std::string& target);

  // Corrects the catalog metadata of imported document `id` in one transaction; the full-text
  // index follows (catalog triggers). Issued documents are immutable: a user error. Fields the
  // extraction could not find and that the correction gives leave missing_fields.
  CorrectionResult correct_metadata(const std::string& archive, int64_t id,
                                    const MetadataCorrection& c);

  // The issue date to use: $VANTHU_TODAY (YYYY-MM-DD, for tests) if set, else the local date.
  // A malformed $VANTHU_TODAY is a user error in `diags`.
  static std::optional<generator::Date> today(Diagnostics& diags);

  // Data given as text (YAML or JSON, e.g. from the web form) rather than as a file. It is
  // written to a private temporary file called `name` (a plain file name, e.g. "web.json"), and
  // diagnostics name `name` as their file. An `office:` in the data must be an absolute path
  // (the caller decides which office files may be used).
  RenderResult render_text(const std::string& data, const std::string& name);
  IssueResult issue_text(const std::string& data, const std::string& name,
                         const std::string& archive, const generator::Date& today);
  // A standard form's declaration (fields with Vietnamese labels and examples).
  std::optional<generator::Form> form(const std::string& name, Diagnostics& diags);
  // The pages of a PDF as PNG images at `dpi` (at most `max_pages`), rendered by Poppler.
  // Empty with `error` set if the PDF cannot be read.
  static std::vector<std::string> page_images(const std::string& pdf, double dpi, int max_pages,
                                              std::string& error);

  generator::Renderer& renderer() { return renderer_; }

 private:
  generator::Renderer renderer_;
};

}  // namespace vanthu::app
