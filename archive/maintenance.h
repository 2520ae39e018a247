// Archive maintenance: checking an archive's integrity (verify), taking a consistent copy while
// the archive is in use (backup) and putting a copy back into a new directory (restore).
// See docs/maintenance.md.
//
// These work on the files and the SQLite database directly (their own connections, no schema
// migration), so they can examine a catalog made by another version, or a damaged one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::archive {

// ---- verify ------------------------------------------------------------------------------------

enum class FindingSeverity { kWarning, kError };

// One thing verify found. A warning does not make the archive unhealthy (for example an
// unreferenced PDF, which an interrupted `issue` legitimately leaves); an error does.
struct Finding {
  FindingSeverity severity = FindingSeverity::kError;
  std::string check;  // stable machine-readable name: "pdf-damaged", "register-gap", …
  std::optional<int64_t> document_id;
  std::optional<int64_t> register_id;
  std::optional<int64_t> series_id;
  std::string path;     // the file concerned, relative to the archive directory, if any
  std::string message;  // what is wrong
  std::string action;   // what to do about it
};

struct VerifyCounts {
  bool catalog_read = false;  // the catalog could be read (else the counts below are 0)
  int64_t documents = 0;
  int64_t series = 0;
  int64_t register_entries = 0;
  int64_t pdf_files = 0;     // files under pdf/ named like stored PDFs
  int64_t pdf_hashed = 0;    // distinct stored PDFs read and hashed
  int64_t bytes_hashed = 0;  // their total size
  int64_t schema_version = 0;
  // The full-text tables, when the catalog has them (schema version 2 and later).
  bool text_checked = false;
  int64_t text_rows = 0;
  bool index_checked = false;
  int64_t index_rows = 0;
  bool index_content_checked = false;  // the index was compared with the documents' text
};

struct VerifyReport {
  std::string archive_dir;  // absolute
  VerifyCounts counts;
  std::vector<Finding> findings;  // errors and warnings, in the order found

  std::size_t errors() const;
  std::size_t warnings() const;
  bool ok() const { return errors() == 0; }
};

// Checks the archive at `dir` (an absolute or relative directory):
//  - the catalog: PRAGMA integrity_check and foreign_key_check;
//  - every document's PDF exists and its SHA-256 is the one its name and the catalog give;
//  - every PDF file under pdf/ is referenced by a document (an unreferenced one is a warning);
//  - every issued register entry points at an existing document with its number and symbol, and
//    the numbers of each series are 1..n without gaps or duplicates;
//  - when the catalog has the full-text tables: every document has its text row and index row,
//    and there is no text or index row without a document.
// Problems are findings in the report. Throws UserError when there is no archive at `dir`, and
// std::runtime_error on an internal error (for example an unreadable directory).
VerifyReport verify_archive(const std::string& dir);

// ---- backup and restore ------------------------------------------------------------------------

// The file written last into a backup directory; a directory without it is not a (complete)
// backup.
inline constexpr const char* kBackupInfoFile = "BACKUP-INFO";

struct BackupReport {
  std::string archive_dir;  // absolute
  std::string dest;         // absolute
  std::string created_at;   // UTC, ISO 8601
  int64_t documents = 0;
  int64_t series = 0;
  int64_t register_entries = 0;
  int64_t schema_version = 0;
  int64_t pdf_files = 0;  // distinct PDFs in the backup
  int64_t pdf_bytes = 0;
  int64_t linked = 0;  // of which hard links to the archive's files (same filesystem)
  int64_t copied = 0;  // of which copies
  // PDFs the snapshot references that could not be backed up (missing or damaged in the
  // archive). When not empty the backup is incomplete: BACKUP-INFO says so and restore refuses
  // it.
  std::vector<Finding> problems;
  bool complete() const { return problems.empty(); }
};

// Backs up the archive at `archive_dir` into `dest`, which must not exist or be an empty
// directory (UserError otherwise). The catalog is copied with SQLite's online backup API from one
// read snapshot, so `issue` can run meanwhile; then the PDFs that snapshot references are hard-
// linked (same filesystem) or copied into dest/pdf/, each checked against its SHA-256; everything
// is flushed to disk; BACKUP-INFO is written last. `version` goes into BACKUP-INFO.
BackupReport backup_archive(const std::string& archive_dir, const std::string& dest,
                            const std::string& version);

struct RestoreReport {
  std::string backup_dir;   // absolute
  std::string archive_dir;  // absolute
  std::string backup_created_at;
  int64_t documents = 0;
  int64_t pdf_files = 0;
  int64_t pdf_bytes = 0;
  VerifyReport verify;  // of the restored archive
};

// Restores the backup in `backup_dir` into `archive_dir`, which must not exist or be an empty
// directory. Refuses (UserError, nothing left behind) when the target is not empty, when
// `backup_dir` is not a complete backup, or when any file of the backup fails its hash check.
// The PDFs are copied (never linked, so the backup stays independent of the restored archive),
// and the restored archive is verified.
RestoreReport restore_archive(const std::string& backup_dir, const std::string& archive_dir);

}  // namespace vanthu::archive
