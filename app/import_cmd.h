// `vanthu import`: past PDFs into the archive — text and metadata read by archive/extract,
// the PDF stored once under its hash, the catalog row and the full-text index in one
// transaction per file, so a file reported as stored is durable.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vanthu::app {

struct ImportOutcome {
  std::string file;
  std::string status;  // stored, duplicate, rejected
  std::string reason;  // rejected: why; stored: notes (needs OCR, missing fields)
  int64_t id = 0;
  std::string symbol, kind, date, issuer, signer, subject;
  bool needs_ocr = false;
  std::vector<std::string> missing;
};

// Imports the PDFs (files, or directories searched recursively for *.pdf) into the archive.
// `progress` is called after each file with (done, total, its outcome), once the outcome is
// final: a document reported as stored is committed to the catalog.
std::vector<ImportOutcome> import_pdfs(const std::vector<std::string>& paths,
                                       const std::string& archive_option,
                                       const std::function<void(std::size_t, std::size_t,
                                                                const ImportOutcome&)>& progress);

void add_import_command(CLI::App& app);

}  // namespace vanthu::app
