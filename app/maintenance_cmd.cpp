// `vanthu verify`, `vanthu backup`, `vanthu restore`: argument parsing and output. The work is
// done by archive/maintenance.cpp.
#include "app/maintenance_cmd.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "archive/archive.h"
#include "archive/archive_dir.h"
#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/maintenance.h"

#ifndef VANTHU_VERSION
#error "VANTHU_VERSION must be defined (app/CMakeLists.txt: VANTHU_VERSION=\"${PROJECT_VERSION}\")"
#endif

namespace vanthu::app {

namespace {

using archive::Finding;
using archive::FindingSeverity;
using archive::VerifyReport;

constexpr int kOk = 0, kInternal = 1, kProblems = 2;

std::string human_bytes(int64_t n) {
  char buf[32];
  if (n < 1024) return std::to_string(n) + " bytes";
  if (n < 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024);
  else if (n < int64_t{1024} * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1024 * 1024));
  else
    std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(n) / (1024 * 1024 * 1024));
  return buf;
}

std::string plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Runs `body`, mapping exceptions to messages on standard error and exit statuses.
template <typename Body>
int guarded(Body body) {
  try {
    return body();
  } catch (const archive::UserError& e) {
    std::cout << std::flush;
    std::cerr << "error: archive: " << e.what();
    if (!e.hint().empty()) std::cerr << " (" << e.hint() << ")";
    std::cerr << "\n";
    return kProblems;
  } catch (const std::exception& e) {
    std::cout << std::flush;
    std::cerr << "vanthu: internal error: " << e.what() << "\n";
    return kInternal;
  }
}

void print_findings(std::ostream& out, const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    out << (f.severity == FindingSeverity::kError ? "error" : "warning") << " [" << f.check << "] "
        << f.message << "\n";
    if (!f.action.empty()) out << "  what to do: " << f.action << "\n";
  }
}

nlohmann::ordered_json finding_json(const Finding& f) {
  nlohmann::ordered_json j = {
      {"severity", f.severity == FindingSeverity::kError ? "error" : "warning"},
      {"check", f.check}};
  j["document_id"] = f.document_id ? nlohmann::ordered_json(*f.document_id) : nullptr;
  j["register_id"] = f.register_id ? nlohmann::ordered_json(*f.register_id) : nullptr;
  j["series_id"] = f.series_id ? nlohmann::ordered_json(*f.series_id) : nullptr;
  j["path"] = f.path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.path);
  j["message"] = f.message;
  j["action"] = f.action;
  return j;
}

nlohmann::ordered_json verify_json(const VerifyReport& r) {
  const auto& c = r.counts;
  nlohmann::ordered_json counts = {{"catalog_read", c.catalog_read},
                                   {"schema_version", c.schema_version},
                                   {"documents", c.documents},
                                   {"series", c.series},
                                   {"register_entries", c.register_entries},
                                   {"pdf_files", c.pdf_files},
                                   {"pdf_hashed", c.pdf_hashed},
                                   {"bytes_hashed", c.bytes_hashed}};
  counts["text_rows"] = c.text_checked ? nlohmann::ordered_json(c.text_rows) : nullptr;
  counts["index_rows"] = c.index_checked ? nlohmann::ordered_json(c.index_rows) : nullptr;
  counts["index_content_checked"] = c.index_content_checked;
  nlohmann::ordered_json j = {
      {"archive", r.archive_dir}, {"ok", r.ok()},
      {"errors", r.errors()},     {"warnings", r.warnings()},
      {"counts", counts},         {"findings", nlohmann::ordered_json::array()}};
  for (const auto& f : r.findings) j["findings"].push_back(finding_json(f));
  return j;
}

void print_verify(std::ostream& out, const VerifyReport& r) {
  const auto& c = r.counts;
  out << "verify " << r.archive_dir << "\n";
  if (!c.catalog_read) {
    out << "  catalog: not readable, nothing else checked\n";
    print_findings(out, r.findings);
    out << "result: " << plural(static_cast<int64_t>(r.errors()), "error", "errors")
        << ": the archive has problems\n";
    return;
  }
  out << "  catalog: schema version " << c.schema_version << ", "
      << plural(c.documents, "document", "documents") << ", "
      << plural(c.series, "series", "series") << ", "
      << plural(c.register_entries, "register entry", "register entries") << "\n"
      << "  PDFs: " << plural(c.pdf_files, "file", "files") << " in pdf/, " << c.pdf_hashed
      << " hashed (" << human_bytes(c.bytes_hashed) << ")\n";
  if (c.text_checked || c.index_checked) {
    out << "  full-text:";
    if (c.text_checked) out << " " << plural(c.text_rows, "text row", "text rows");
    if (c.text_checked && c.index_checked) out << ",";
    if (c.index_checked) out << " " << plural(c.index_rows, "index row", "index rows");
    if (c.index_content_checked) out << "; index compared with the text";
    out << "\n";
  }
  print_findings(out, r.findings);
  const auto e = static_cast<int64_t>(r.errors()), w = static_cast<int64_t>(r.warnings());
  if (e == 0)
    out << "result: no problems" << (w ? " (" + plural(w, "warning", "warnings") + ")" : "")
        << "\n";
  else
    out << "result: " << plural(e, "error", "errors")
        << (w ? ", " + plural(w, "warning", "warnings") : "") << ": the archive has problems\n";
}

// Ends the process from inside a CLI11 callback: main() has no dispatch code for these commands.
[[noreturn]] void finish(int status) {
  std::cout << std::flush;
  std::cerr << std::flush;
  std::fflush(nullptr);
  std::exit(status);
}

}  // namespace

int run_verify(const std::string& archive_option, bool json) {
  return guarded([&] {
    auto r = archive::verify_archive(archive::ArchiveDir::resolve(archive_option));
    if (json)
      std::cout << verify_json(r).dump(2) << "\n";
    else
      print_verify(std::cout, r);
    return r.ok() ? kOk : kProblems;
  });
}

int run_index(bool rebuild, const std::string& archive_option) {
  return guarded([&] {
    archive::Archive a(archive::ArchiveDir::resolve(archive_option), /*create=*/false);
    auto index = archive::engine::TextIndex::of(a.catalog());
    const auto t0 = std::chrono::steady_clock::now();
    bool written = true;
    if (rebuild)
      index->rebuild(a.catalog());
    else
      written = index->sync(a.catalog());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto st = index->stats(a.catalog());
    std::cout << (rebuild ? "rebuilt" : "index") << " " << a.dir().root()
              << "/index: " << plural(static_cast<int64_t>(st.documents), "document", "documents")
              << " in " << plural(static_cast<int64_t>(st.segments), "segment", "segments") << " ("
              << human_bytes(static_cast<int64_t>(st.bytes)) << ")";
    if (st.tail) std::cout << ", " << st.tail << " only in memory";
    char took[32];
    std::snprintf(took, sizeof took, "%.2f", secs);
    std::cout << "; " << took << " s\n";
    if (!written)
      std::cout << "note: the index directory cannot be written; searches index the newest "
                   "documents in memory each time\n";
    return kOk;
  });
}

int run_backup(const std::string& dest, const std::string& archive_option) {
  return guarded([&] {
    auto r =
        archive::backup_archive(archive::ArchiveDir::resolve(archive_option), dest, VANTHU_VERSION);
    std::cout << "backed up " << r.archive_dir << " to " << r.dest << ": "
              << plural(r.documents, "document", "documents") << ", "
              << plural(r.series, "series", "series") << ", "
              << plural(r.register_entries, "register entry", "register entries") << "; "
              << plural(r.pdf_files, "PDF", "PDFs") << " (" << human_bytes(r.pdf_bytes) << ": "
              << plural(r.linked, "hard link", "hard links") << ", "
              << plural(r.copied, "copy", "copies") << ")\n";
    if (r.linked > 0)
      std::cout << "note: the PDFs are hard links (same filesystem): this copy does not "
                   "protect against a disk failure; keep another on separate media\n";
    if (!r.complete()) {
      print_findings(std::cout, r.problems);
      std::cout << "result: the backup is INCOMPLETE ("
                << plural(static_cast<int64_t>(r.problems.size()), "PDF", "PDFs")
                << " missing); restore will refuse it — run vanthu verify\n";
      return kProblems;
    }
    return kOk;
  });
}

int run_restore(const std::string& backup, const std::string& archive_option) {
  return guarded([&] {
    auto r = archive::restore_archive(backup, archive::ArchiveDir::resolve(archive_option));
    std::cout << "restored " << r.backup_dir << " (made " << r.backup_created_at << ") into "
              << r.archive_dir << ": " << plural(r.documents, "document", "documents") << ", "
              << plural(r.pdf_files, "PDF", "PDFs") << " (" << human_bytes(r.pdf_bytes) << ")\n";
    print_verify(std::cout, r.verify);
    return r.verify.ok() ? kOk : kProblems;
  });
}

void add_maintenance_commands(CLI::App& app) {
  struct Options {
    std::string archive, dest, backup;
    bool json = false;
  };
  auto o = std::make_shared<Options>();  // kept alive by the callbacks, which the App owns
  const char* archive_help =
      "archive directory (default: $VANTHU_ARCHIVE, else $XDG_DATA_HOME/vanthu, else "
      "~/.local/share/vanthu)";

  auto* verify = app.add_subcommand(
      "verify",
      "Check the archive: re-hash every stored PDF, match PDFs and catalog, check the register's "
      "numbering, the full-text index and the database (exit 0 clean, 2 problems found)");
  verify->add_option("--archive", o->archive, archive_help);
  verify->add_flag("--json", o->json, "print one JSON object {archive, ok, counts, findings}");
  verify->callback([o] { finish(run_verify(o->archive, o->json)); });

  auto* backup = app.add_subcommand(
      "backup",
      "Copy the archive consistently into DEST while it is in use (catalog snapshot, then the "
      "PDFs it references, each checked by hash)");
  backup->add_option("DEST", o->dest, "backup directory; must not exist or be empty")->required();
  backup->add_option("--archive", o->archive, archive_help);
  backup->callback([o] { finish(run_backup(o->dest, o->archive)); });

  auto* index = app.add_subcommand(
      "index", "The full-text index (derived from the catalog; safe to rebuild at any time)");
  index->require_subcommand(1);
  auto* status = index->add_subcommand(
      "status", "Write what only the catalog has yet into the index, and show its size");
  status->add_option("--archive", o->archive, archive_help);
  status->callback([o] { finish(run_index(false, o->archive)); });
  auto* rebuild = index->add_subcommand(
      "rebuild", "Index every document of the catalog again (after damage, or to compact it)");
  rebuild->add_option("--archive", o->archive, archive_help);
  rebuild->callback([o] { finish(run_index(true, o->archive)); });

  auto* restore = app.add_subcommand(
      "restore",
      "Restore a backup into a new or empty archive directory, checking every file, then "
      "verify it");
  restore->add_option("BACKUP", o->backup, "backup directory made by `vanthu backup`")->required();
  restore->add_option("--archive", o->archive,
                      std::string("archive directory to create; must not exist or be empty (") +
                          archive_help + ")");
  restore->callback([o] { finish(run_restore(o->backup, o->archive)); });
}

}  // namespace vanthu::app
