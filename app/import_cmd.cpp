// Import of past PDFs: one file at a time, each in its own transaction; every problem is a
// per-file result, and the rest of the batch goes on.
#include "app/import_cmd.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "archive/archive.h"
#include "archive/archive_dir.h"
#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/extract/extract.h"
#include "archive/sha256.h"

namespace vanthu::app {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxPdfBytes = 512ull * 1024 * 1024;

std::vector<std::string> expand(const std::vector<std::string>& paths,
                                std::vector<ImportOutcome>& rejected) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
        if (it->is_regular_file(ec) && ext == ".pdf") found.push_back(it->path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      ImportOutcome r;
      r.file = p;
      r.status = "rejected";
      r.reason = "no such file or directory";
      rejected.push_back(std::move(r));
    }
  }
  return files;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::vector<ImportOutcome> import_pdfs(
    const std::vector<std::string>& paths, const std::string& archive_option,
    const std::function<void(std::size_t, std::size_t, const ImportOutcome&)>& progress) {
  std::vector<ImportOutcome> out;
  std::vector<std::string> files = expand(paths, out);
  archive::Archive a(archive::ArchiveDir::resolve(archive_option), /*create=*/true);
  std::size_t done = 0;
  for (const auto& file : files) {
    ImportOutcome r;
    r.file = file;
    try {
      std::error_code ec;
      const auto size = fs::file_size(file, ec);
      if (ec || size > kMaxPdfBytes) {
        r.status = "rejected";
        r.reason = ec ? "cannot read the file" : "larger than 512 MiB";
      } else {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        const std::string bytes = ss.str();
        archive::ExtractResult ex = archive::extract_pdf(bytes);
        if (auto* fail = std::get_if<archive::ExtractFailure>(&ex)) {
          r.status = "rejected";
          r.reason = fail->second;
        } else {
          auto& d = std::get<archive::ExtractedDocument>(ex);
          const std::string sha = archive::sha256_hex(bytes);
          auto q = a.catalog().prepare("SELECT id FROM documents WHERE sha256 = ?1 LIMIT 1");
          q.bind(1, sha);
          if (q.step()) {
            r.status = "duplicate";
            r.id = q.integer(0);
            r.reason = "identical to document " + std::to_string(r.id);
          } else {
            archive::WriteTransaction txn(a.catalog());
            archive::StoredBlob blob = a.store().put_pdf(bytes);
            archive::DocumentRecord rec;
            rec.kind = d.kind_code;
            if (d.number) rec.number = *d.number;
            rec.symbol = d.symbol;
            rec.issuer = d.issuer;
            rec.date = d.date;
            rec.subject = d.subject;
            rec.signer = d.signer;
            rec.recipients = d.recipients;
            rec.pages = d.pages_count;
            rec.bytes = static_cast<int64_t>(bytes.size());
            rec.sha256 = blob.sha256;
            rec.profile = d.family == "party" ? "dang" : d.family == "state" ? "nha-nuoc" : "";
            rec.source = "imported";
            rec.place = d.place;
            rec.source_file = fs::path(file).filename().string();
            rec.needs_ocr = !d.has_text_layer;
            rec.missing_fields = d.missing;
            rec.imported_at = utc_now();
            r.id = a.store().add_document(rec, d.text);
            txn.commit();
            r.status = "stored";
            r.symbol = d.symbol;
            r.kind = d.kind_code;
            r.date = d.date;
            r.issuer = d.issuer;
            r.signer = d.signer;
            r.subject = d.subject;
            r.needs_ocr = rec.needs_ocr;
            r.missing = d.missing;
            if (r.needs_ocr) r.reason = "no text layer: stored, needs OCR";
          }
        }
      }
    } catch (const archive::UserError& e) {
      r.status = "rejected";
      r.reason = e.what();
    } catch (const std::exception& e) {
      r.status = "rejected";
      r.reason = std::string("internal error: ") + e.what();
    }
    out.push_back(std::move(r));
    if (progress) progress(++done, files.size(), out.back());
  }
  // The new documents into an index segment now rather than at the next search. The catalog is
  // what counts: if this fails, the index catches up by itself later.
  try {
    archive::engine::TextIndex::of(a.catalog())->sync(a.catalog());
  } catch (const std::exception&) {
  }
  return out;
}

void add_import_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> paths;
    std::string archive;
    bool json = false;
  };
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "import", "Import past PDFs (files or directories) into the archive: text, metadata, index");
  cmd->add_option("PATHS", opt->paths, "PDF files or directories (searched recursively)")
      ->required();
  cmd->add_option("--archive", opt->archive,
                  "archive directory (default: $VANTHU_ARCHIVE, then ~/.local/share/vanthu)");
  cmd->add_flag("--json", opt->json, "print one JSON object per file");
  cmd->callback([opt]() {
    const bool tty = isatty(STDERR_FILENO);
    std::vector<ImportOutcome> res;
    // Each file's line is printed as soon as its outcome is final (stored means committed), so
    // an interrupted import has reported exactly what it stored.
    auto print = [&](const ImportOutcome& r) {
      if (opt->json) {
        nlohmann::json j{{"file", r.file}, {"status", r.status}, {"reason", r.reason}};
        if (r.id) j["id"] = r.id;
        if (r.status == "stored") {
          j["symbol"] = r.symbol;
          j["kind"] = r.kind;
          j["date"] = r.date;
          j["issuer"] = r.issuer;
          j["signer"] = r.signer;
          j["subject"] = r.subject;
          j["needs_ocr"] = r.needs_ocr;
          j["missing"] = r.missing;
        }
        std::cout << j.dump() << "\n";
      } else {
        std::cout << r.status << ": " << r.file;
        if (r.status == "stored") {
          std::cout << " → id " << r.id << (r.symbol.empty() ? "" : " " + r.symbol);
          if (r.needs_ocr) {
            std::cout << " (no text layer: needs OCR)";
          } else if (!r.missing.empty()) {
            std::string m;
            for (const auto& x : r.missing) m += (m.empty() ? "" : ", ") + x;
            std::cout << " (could not read: " << m << ")";
          }
        } else {
          std::cout << " (" << r.reason << ")";
        }
        std::cout << "\n";
      }
      std::cout << std::flush;
    };
    try {
      res = import_pdfs(opt->paths, opt->archive,
                        [&](std::size_t done, std::size_t total, const ImportOutcome& r) {
                          if (tty) std::cerr << "\r\033[K" << std::flush;
                          print(r);
                          if (!tty) return;
                          const int width = 30;
                          const int filled = total ? static_cast<int>(width * done / total) : width;
                          std::cerr << "\r[" << std::string(filled, '#')
                                    << std::string(width - filled, ' ') << "] " << done << "/"
                                    << total << " "
                                    << fs::path(r.file).filename().string().substr(0, 40)
                                    << "\033[K" << std::flush;
                        });
    } catch (const archive::UserError& e) {
      std::cerr << "vanthu: error: " << e.what() << "\n";
      throw CLI::RuntimeError(2);
    } catch (const std::exception& e) {
      std::cerr << "vanthu: internal error: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
    if (tty) std::cerr << "\r\033[K";
    std::size_t stored = 0, dup = 0, rejected = 0, ocr = 0, incomplete = 0;
    for (const auto& r : res) {
      if (r.status == "stored") ++stored;
      if (r.status == "duplicate") ++dup;
      if (r.status == "rejected") ++rejected;
      if (r.needs_ocr) ++ocr;
      if (r.status == "stored" && !r.missing.empty() && !r.needs_ocr) ++incomplete;
    }
    std::cerr << "imported " << res.size() << " file(s): " << stored << " stored, " << dup
              << " duplicate, " << rejected << " rejected; " << ocr << " need OCR, " << incomplete
              << " with fields that could not be read\n";
    throw CLI::RuntimeError(rejected > 0 ? 2 : 0);  // the exit status, returned by main
  });
}

}  // namespace vanthu::app
