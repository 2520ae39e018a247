// `vanthu`: the command-line program. It parses arguments, calls the service layer and maps
// results to exit codes: 0 ok, 1 internal error, 2 user error.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "app/file_io.h"
#include "app/import_cmd.h"
#include "app/maintenance_cmd.h"
#include "app/service.h"
#include "app/web/web_cmd.h"

namespace {

using vanthu::app::Status;

// Prints a failed result's diagnostics (and internal error) and returns its exit code.
template <typename Result>
int report(const Result& r) {
  std::cerr << r.diags.format();
  if (r.status == Status::kInternal) std::cerr << "vanthu: internal error: " << r.error << "\n";
  return static_cast<int>(r.status);
}

// Writes bytes to `out`, or to standard output for "-". Returns an exit code.
int write_output(const std::string& out, const std::string& bytes) {
  if (out == "-") {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    if (std::fflush(stdout) != 0) {
      std::cerr << "vanthu: cannot write to standard output\n";
      return 1;
    }
    return 0;
  }
  try {
    vanthu::app::write_file_atomic(out, bytes);
  } catch (const std::exception& e) {
    std::cerr << "vanthu: error: " << e.what() << " (check the directory exists and is writable)\n";
    return 2;
  }
  return 0;
}

// Checks, before anything is issued, that `out` can be written: its directory exists and is
// writable. Returns false (and says why) if not.
bool output_dir_ok(const std::string& out) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(out).has_parent_path() ? fs::path(out).parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || access(dir.c_str(), W_OK) != 0) {
    std::cerr << "vanthu: error: -o " << out << ": directory " << dir.string()
              << " does not exist or is not writable (nothing was issued)\n";
    return false;
  }
  return true;
}

int cmd_render(const std::string& data, const std::string& out) {
  vanthu::app::Service svc;
  auto r = svc.render_file(data);
  if (r.status != Status::kOk) return report(r);
  std::cerr << r.diags.format();  // warnings, if any
  int rc = write_output(out, r.pdf);
  if (rc != 0 || out == "-") return rc;
  std::cerr << "wrote " << out << " (" << r.pages << (r.pages == 1 ? " page, " : " pages, ")
            << r.pdf.size() << " bytes)\n";
  return 0;
}

int cmd_issue(const std::string& data, const std::string& archive, bool json,
              const std::string& out) {
  if (!out.empty() && out != "-" && !output_dir_ok(out)) return 2;
  vanthu::Diagnostics diags;
  auto today = vanthu::app::Service::today(diags);
  if (!today) {
    std::cerr << diags.format();
    return 2;
  }
  vanthu::app::Service svc;
  auto r = svc.issue(data, archive, *today);
  if (r.status != Status::kOk) return report(r);
  std::cerr << r.diags.format();  // warnings, if any
  // With -o -, standard output carries the PDF, so the report goes to standard error.
  std::ostream& info = out == "-" ? std::cerr : std::cout;
  if (json) {
    nlohmann::ordered_json j = {{"id", r.id},
                                {"number", r.number},
                                {"symbol", r.symbol},
                                {"kind", r.kind},
                                {"date", r.date},
                                {"pdf", r.pdf_path},
                                {"pages", r.pages},
                                {"sha256", r.sha256},
                                {"series", r.series_id},
                                {"register_id", r.register_id}};
    info << j.dump() << "\n" << std::flush;
  } else {
    info << "issued " << r.symbol << " (id " << r.id << ") → " << r.pdf_path << "\n" << std::flush;
  }
  if (out.empty()) return 0;
  // The document is issued and stored whatever happens here; a failed copy is reported as an
  // internal error so that scripts do not issue it again.
  int rc = write_output(out, r.pdf);
  if (rc != 0) {
    std::cerr << "vanthu: " << r.symbol << " was issued and stored at " << r.pdf_path
              << ", but the copy to " << out << " failed\n";
    return 1;
  }
  return 0;
}

nlohmann::ordered_json entry_json(const vanthu::archive::Entry& e) {
  nlohmann::ordered_json j = {{"register_id", e.id},
                              {"series", e.series_id},
                              {"number", e.number},
                              {"symbol", e.symbol},
                              {"kind", e.kind},
                              {"kind_name", e.kind_name},
                              {"date", e.date},
                              {"subject", e.subject},
                              {"signer", e.signer},
                              {"recipients", e.recipients},
                              {"archive_copy", e.archive_copy},
                              {"status", vanthu::archive::status_name(e.status)},
                              {"created_at", e.created_at}};
  j["document_id"] =
      e.document_id ? nlohmann::ordered_json(*e.document_id) : nlohmann::ordered_json(nullptr);
  if (e.status == vanthu::archive::EntryStatus::kVoid) {
    j["void_reason"] = e.void_reason;
    j["voided_at"] = e.voided_at;
  }
  return j;
}

nlohmann::ordered_json series_json(const vanthu::archive::Series& s) {
  return {{"id", s.id},
          {"family", vanthu::archive::family_name(s.key.family)},
          {"issuer", s.key.issuer},
          {"issuer_code", s.issuer_code},
          {"kind", s.key.kind},
          {"period", s.key.period},
          {"last_number", s.last_number}};
}

int cmd_register_list(const std::string& archive, std::optional<int64_t> series, bool json) {
  vanthu::app::Service svc(std::string{});
  auto r = svc.register_list(archive, series);
  if (r.status != Status::kOk) return report(r);
  if (json) {
    nlohmann::ordered_json j = {{"archive", r.archive_dir},
                                {"series", nlohmann::ordered_json::array()},
                                {"entries", nlohmann::ordered_json::array()}};
    for (const auto& s : r.series)
      if (!series || s.id == *series) j["series"].push_back(series_json(s));
    for (const auto& e : r.entries) j["entries"].push_back(entry_json(e));
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  if (r.entries.empty()) {
    std::cout << "the register in " << r.archive_dir << " is empty\n";
    return 0;
  }
  for (const auto& s : r.series) {
    if (series && s.id != *series) continue;
    std::cout << "series " << s.id << ": " << s.key.describe() << " — " << s.last_number
              << (s.last_number == 1 ? " number" : " numbers") << "\n";
    for (const auto& e : r.entries) {
      if (e.series_id != s.id) continue;
      std::cout << "  " << e.symbol << "  " << e.date << "  "
                << (e.status == vanthu::archive::EntryStatus::kVoid ? "VOID" : "issued") << "  "
                << e.subject;
      if (e.status == vanthu::archive::EntryStatus::kVoid)
        std::cout << "  [void: " << e.void_reason << "]";
      std::cout << "\n";
    }
  }
  return 0;
}

int cmd_register_export(const std::string& archive, std::optional<int64_t> series,
                        const std::string& out, bool no_bom, const std::string& format) {
  vanthu::app::Service svc;
  auto r = format == "pdf" ? svc.register_export_pdf(archive, series)
                           : svc.register_export_csv(archive, series, !no_bom);
  if (r.status != Status::kOk) return report(r);
  int rc = write_output(out, r.csv);
  if (rc == 0 && out != "-")
    std::cerr << "wrote " << out << " (" << r.rows << (r.rows == 1 ? " entry)\n" : " entries)\n");
  return rc;
}

int cmd_register_void(const std::string& archive, const std::string& target,
                      std::optional<int64_t> series, const std::string& reason, bool json) {
  vanthu::app::Service svc(std::string{});
  auto r = svc.void_number(archive, target, series, reason);
  if (r.status != Status::kOk) return report(r);
  if (json)
    std::cout << entry_json(r.entry).dump() << "\n";
  else
    std::cout << "voided " << r.entry.symbol << " (series " << r.entry.series_id << ", number "
              << r.entry.number << "): " << r.entry.void_reason << "\n";
  return 0;
}

// JSON text that survives anything a user typed: invalid UTF-8 is replaced, not thrown.
std::string dump(const nlohmann::ordered_json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json document_json(const vanthu::archive::DocumentRecord& d) {
  nlohmann::ordered_json j;
  j["id"] = d.id;
  j["symbol"] = d.symbol;
  j["number"] = d.number ? nlohmann::ordered_json(*d.number) : nlohmann::ordered_json(nullptr);
  j["kind"] = d.kind;
  j["issuer"] = d.issuer;
  j["issuer_code"] = d.issuer_code;
  j["date"] = d.date;
  j["subject"] = d.subject;
  j["signer"] = d.signer;
  j["place"] = d.place;
  j["source"] = d.source;
  j["source_file"] = d.source_file;
  return j;
}

nlohmann::ordered_json full_document_json(const vanthu::app::DocumentResult& r) {
  const auto& d = r.doc;
  nlohmann::ordered_json j = document_json(d);
  j["recipients"] = d.recipients;
  j["pages"] = d.pages;
  j["bytes"] = d.bytes;
  j["sha256"] = d.sha256;
  j["pdf"] = r.pdf_path;
  j["profile"] = d.profile;
  j["language"] = d.language;
  j["confidentiality"] = d.confidentiality;
  j["needs_ocr"] = d.needs_ocr;
  j["missing_fields"] = d.missing_fields;
  j["imported_at"] = d.imported_at.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(d.imported_at);
  j["corrects"] =
      d.corrects ? nlohmann::ordered_json(*d.corrects) : nlohmann::ordered_json(nullptr);
  j["created_at"] = d.created_at;
  if (r.text) j["text"] = *r.text;
  return j;
}

struct SearchOptions {
  std::string query, kind, issuer, signer, from, to, sort = "relevance";
  int limit = 20, offset = 0;
};

int cmd_search(const SearchOptions& o, const std::string& archive, bool json) {
  vanthu::archive::SearchRequest req;
  req.query = o.query;
  req.kind = o.kind;
  req.issuer = o.issuer;
  req.signer = o.signer;
  req.date_from = o.from;
  req.date_to = o.to;
  req.sort = o.sort == "date" ? vanthu::archive::SortOrder::kDate
                              : vanthu::archive::SortOrder::kRelevance;
  req.limit = o.limit;
  req.offset = o.offset;
  vanthu::app::Service svc(std::string{});
  auto r = svc.search(archive, req);
  if (r.status != Status::kOk) return report(r);
  const auto& res = r.result;
  if (json) {
    nlohmann::ordered_json j = {{"query", o.query},
                                {"total", res.total},
                                {"offset", o.offset},
                                {"limit", o.limit},
                                {"sort", o.sort},
                                {"terms", nlohmann::ordered_json::array()},
                                {"notes", r.notes},
                                {"hits", nlohmann::ordered_json::array()}};
    for (const auto& t : res.parsed.terms) j["terms"].push_back(t.text);
    for (const auto& h : res.hits) {
      nlohmann::ordered_json hit = document_json(h.doc);
      hit["score"] = h.score;
      hit["snippet"] = h.snippet;
      j["hits"].push_back(std::move(hit));
    }
    std::cout << dump(j) << "\n";
    return 0;
  }
  for (const auto& n : r.notes) std::cerr << "vanthu: note: " << n << "\n";
  if (res.total == 0) {
    std::cout << "no documents found\n";
    return 0;
  }
  const std::size_t first = static_cast<std::size_t>(o.offset) + 1;
  if (res.hits.empty()) {
    std::cout << res.total << (res.total == 1 ? " document" : " documents")
              << " found; none after --offset " << o.offset << "\n";
    return 0;
  }
  std::cout << res.total << (res.total == 1 ? " document" : " documents") << " found";
  if (res.hits.size() < static_cast<std::size_t>(res.total))
    std::cout << ", showing " << first << "–" << first + res.hits.size() - 1;
  std::cout << "\n";
  std::size_t n = first;
  for (const auto& h : res.hits) {
    const auto& d = h.doc;
    std::cout << "\n" << n++ << ". " << d.symbol << " · " << d.date << " · " << d.issuer
              << "  [id " << d.id << "]\n";
    std::cout << "   " << d.subject << "\n";
    if (!h.snippet.empty()) std::cout << "   " << h.snippet << "\n";
  }
  const int64_t next = o.offset + static_cast<int64_t>(res.hits.size());
  if (next < res.total) std::cout << "\nmore: --offset " << next << "\n";
  return 0;
}

int cmd_show(const std::string& target, const std::string& archive, bool json, bool with_text) {
  vanthu::app::Service svc(std::string{});
  auto r = svc.show(archive, target, with_text);
  if (r.status != Status::kOk) return report(r);
  if (json) {
    std::cout << dump(full_document_json(r), 2) << "\n";
    return 0;
  }
  const auto& d = r.doc;
  auto row = [](const char* k, const std::string& v) {
    if (!v.empty()) std::cout << k << std::string(16 - std::string(k).size(), ' ') << v << "\n";
  };
  row("id", std::to_string(d.id));
  row("symbol", d.symbol);
  row("kind", d.kind);
  row("date", d.date);
  row("issuer", d.issuer + (d.issuer_code.empty() ? "" : " (" + d.issuer_code + ")"));
  row("subject", d.subject);
  row("signer", d.signer);
  row("place", d.place);
  for (std::size_t i = 0; i < d.recipients.size(); ++i)
    row(i == 0 ? "recipients" : "", d.recipients[i]);
  row("source", d.source + (d.source_file.empty() ? "" : " (" + d.source_file + ")"));
  row("confidentiality", d.confidentiality);
  if (d.needs_ocr) row("needs_ocr", "yes");
  if (!d.missing_fields.empty()) {
    std::string m;
    for (const auto& f : d.missing_fields) m += (m.empty() ? "" : ", ") + f;
    row("missing", m);
  }
  row("imported_at", d.imported_at);
  if (d.corrects) row("corrects", "id " + std::to_string(*d.corrects));
  row("pdf", r.pdf_path + " (" + std::to_string(d.pages) + (d.pages == 1 ? " page, " : " pages, ") +
                 std::to_string(d.bytes) + " bytes)");
  row("sha256", d.sha256);
  row("created_at", d.created_at);
  if (with_text) {
    std::cout << "\n" << (r.text ? *r.text : std::string("(no text extracted yet)")) << "\n";
  }
  return 0;
}

int cmd_get(const std::string& target, const std::string& archive, const std::string& out) {
  vanthu::app::Service svc(std::string{});
  auto r = svc.get_pdf(archive, target);
  if (r.status != Status::kOk) return report(r);
  int rc = write_output(out, r.pdf);
  if (rc == 0 && out != "-")
    std::cerr << "wrote " << out << " (" << r.doc.symbol << ", " << r.pdf.size() << " bytes)\n";
  return rc;
}

}  // namespace

int cmd_templates() {
  vanthu::app::Service svc;
  for (const auto& e : svc.templates()) {
    std::string profiles;
    for (const auto& p : e.profiles) profiles += (profiles.empty() ? "" : ",") + p;
    std::cout << e.name << "\t" << (e.form ? "form" : "kind") << "\t" << profiles << "\t" << e.title
              << "\n";
  }
  return 0;
}

int cmd_example(const std::string& name, const std::string& profile) {
  vanthu::app::Service svc;
  vanthu::Diagnostics diags;
  auto text = svc.example(name, profile, diags);
  if (!text) {
    std::cerr << diags.format();
    return 2;
  }
  std::cout << *text;
  return 0;
}

int main(int argc, char** argv) {
  CLI::App app{"vanthu — Vietnamese Party and State documents: generate, typeset, number, archive"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vanthu 0.1.0");

  std::string data, out, archive, target, reason, format = "csv";
  bool json = false, no_bom = false;
  std::optional<int64_t> series;

  auto* templates = app.add_subcommand(
      "templates", "List the document kinds and standard forms, one per line, name first");
  std::string example_name, example_profile;
  auto* example = app.add_subcommand(
      "example", "Print a complete sample data file for a kind or a form (renders as is)");
  example->add_option("NAME", example_name, "kind code (CT, QĐ, …) or form name")->required();
  example->add_option("--profile", example_profile, "rule profile: dang (HD 36) or nha-nuoc (NĐ 30)")
      ->default_val("dang");
  auto* render = app.add_subcommand("render", "Typeset a document data file (YAML/JSON) to PDF");
  render->add_option("DATA", data, "document data file (.yaml, .yml or .json)")->required();
  render->add_option("-o,--output", out, "output PDF file, or - for standard output")->required();

  const char* archive_help =
      "archive directory (default: $VANTHU_ARCHIVE, else $XDG_DATA_HOME/vanthu, else "
      "~/.local/share/vanthu)";

  auto* issue = app.add_subcommand(
      "issue",
      "Issue a document: take its number from the register, date it, typeset it and "
      "store it in the archive");
  issue->add_option("DATA", data, "document data file (.yaml, .yml or .json), without a number")
      ->required();
  issue->add_option("--archive", archive, archive_help);
  issue->add_flag("--json", json, "print the issued document as one JSON object");
  issue->add_option("-o,--output", out, "also write the PDF here (- for standard output)");

  auto* reg = app.add_subcommand("register", "The office register (sổ đăng ký văn bản đi)");
  reg->require_subcommand(1);
  auto* list = reg->add_subcommand("list", "List the register's series and entries");
  list->add_option("--archive", archive, archive_help);
  list->add_option("--series", series, "only this series (its id, as listed)");
  list->add_flag("--json", json, "print one JSON object {archive, series, entries}");

  auto* exp = reg->add_subcommand(
      "export", "Export the register as CSV with the columns of NĐ 30/2020 Phụ lục IV");
  exp->add_option("--archive", archive, archive_help);
  exp->add_option("--format", format, "output format")->check(CLI::IsMember({"csv", "pdf"}));
  exp->add_option("-o,--output", out, "output file, or - for standard output (default)");
  exp->add_option("--series", series, "only this series (its id, as listed)");
  exp->add_flag("--no-bom", no_bom, "leave out the UTF-8 byte order mark");

  auto* vd = reg->add_subcommand("void",
                                 "Void an issued number (it stays taken and is never given again)");
  vd->add_option("TARGET", target, "symbol as printed (05-CT/HU) or, with --series, a number")
      ->required();
  vd->add_option("--series", series, "series id (from `vanthu register list`)");
  vd->add_option("--reason", reason, "why the number is voided")->required();
  vd->add_option("--archive", archive, archive_help);
  vd->add_flag("--json", json, "print the voided entry as one JSON object");

  SearchOptions so;
  bool with_text = false;
  auto* search = app.add_subcommand(
      "search",
      "Search the archive: words with or without marks, \"phrases\", document numbers");
  search->add_option("QUERY", so.query,
                     "what to look for; words without marks match every marked form, words with "
                     "marks rank exact matches first, \"quoted words\" are a phrase, a document "
                     "number (15-CT/TU) finds that document first; empty: list by the filters");
  search->add_option("--kind", so.kind, "only this kind of document (CT, QĐ or QD, …)");
  search->add_option("--issuer", so.issuer,
                     "only issuing bodies whose name contains this (marks optional)");
  search->add_option("--signer", so.signer,
                     "only signers whose name contains this (marks optional)");
  search->add_option("--from", so.from,
                     "only documents dated on or after (YYYY-MM-DD, YYYY-MM or YYYY)");
  search->add_option("--to", so.to,
                     "only documents dated on or before (YYYY-MM-DD, YYYY-MM or YYYY)");
  search->add_option("--sort", so.sort, "order: relevance (default) or date (newest first)")
      ->check(CLI::IsMember({"relevance", "date"}));
  search->add_option("--limit", so.limit, "hits per page (1–1000, default 20)")
      ->check(CLI::Range(1, 1000));
  search->add_option("--offset", so.offset, "hits to skip (for the next page)")
      ->check(CLI::NonNegativeNumber);
  search->add_option("--archive", archive, archive_help);
  search->add_flag("--json", json,
                   "print one JSON object {query, total, offset, limit, sort, terms, notes, hits}");

  auto* show = app.add_subcommand("show", "Show a stored document's metadata");
  show->add_option("ID", target, "catalog id (from search) or symbol (15-CT/TU)")->required();
  show->add_option("--archive", archive, archive_help);
  show->add_flag("--json", json, "print one JSON object");
  show->add_flag("--text", with_text, "also print the document's indexed text");

  auto* get = app.add_subcommand("get", "Copy a stored document's PDF");
  get->add_option("ID", target, "catalog id (from search) or symbol (15-CT/TU)")->required();
  get->add_option("-o,--output", out, "output PDF file, or - for standard output")->required();
  get->add_option("--archive", archive, archive_help);

  // verify, backup, restore: they run and exit from their own callbacks (app/maintenance_cmd.h).
  vanthu::app::add_maintenance_commands(app);
  vanthu::app::add_import_command(app);
  vanthu::app::web::add_web_commands(app);  // serve, user

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command's own exit status (import: 2 if a file was rejected)
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (*templates) return cmd_templates();
  if (*example) return cmd_example(example_name, example_profile);
  if (*render) return cmd_render(data, out);
  if (*issue) return cmd_issue(data, archive, json, out);
  if (*list) return cmd_register_list(archive, series, json);
  if (*exp) return cmd_register_export(archive, series, out.empty() ? "-" : out, no_bom, format);
  if (*vd) return cmd_register_void(archive, target, series, reason, json);
  if (*search) return cmd_search(so, archive, json);
  if (*show) return cmd_show(target, archive, json, with_text);
  if (*get) return cmd_get(target, archive, out);
  return 2;
}
