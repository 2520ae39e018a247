// Service operations: rendering, issuing (register + typesetting + archive in one transaction),
// and the register's listing, export and voiding.
#include "app/service.h"

#include <algorithm>

#include "register_pdf.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "archive/archive.h"
#include "archive/csv.h"
#include "archive/errors.h"
#include "archive/index.h"
#include "archive/pdf_text.h"
#include "layout/composer.h"
#include "load/loader.h"
#include "load/yaml_fields.h"
#include "text/unicode.h"

namespace vanthu::app {

namespace {

std::string iso_date(const generator::Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string join(const std::vector<generator::Text>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : " ") + l.value;
  return text::collapse_spaces(out);
}

// "CHỈ THỊ" → "Chỉ thị" (Vietnamese case rules, ICU).
// Where `path` (e.g. {"header", "number"}) is in the data file, for diagnostics about fields the
// document model keeps no location for; the file itself when it cannot be found.
SourceLoc field_loc(const std::string& file, const std::vector<std::string>& path) {
  try {
    const YAML::Node root = YAML::LoadFile(file);
    YAML::Node n = root;
    for (const auto& key : path) {
      if (!n.IsMap()) break;
      const YAML::Node& cur = n;
      YAML::Node child = cur[key];
      if (!child.IsDefined()) break;
      n.reset(child);
    }
    return generator::loc_of(n, file);
  } catch (const std::exception&) {
    return {file, 0, 0};
  }
}

template <typename Result>
void user_error(Result& r, const archive::UserError& e) {
  r.status = Status::kUser;
  r.diags.error("archive", {}, "", e.what(), e.hint());
}

template <typename Result>
void internal_error(Result& r, const std::exception& e) {
  r.status = Status::kInternal;
  r.error = e.what();
}

// Runs `f`, turning archive user errors and other exceptions into the result's status.
template <typename Result, typename F>
void guarded(Result& r, F&& f) {
  try {
    f();
  } catch (const archive::UserError& e) {
    user_error(r, e);
  } catch (const std::exception& e) {
    internal_error(r, e);
  }
}

// The register series a document is numbered in; reports what is missing to decide it.
std::optional<archive::SeriesKey> series_of(const generator::Document& doc,
                                            const generator::Profile& p,
                                            const generator::Date& date, Diagnostics& diags) {
  const std::string issuer = join(doc.issuer);
  if (p.family == "party") {
    // header.term, else the office configuration's term that contains the issue date.
    const std::string term = text::collapse_spaces(doc.term_on(date));
    if (term.empty()) {
      diags.error("missing-field", field_loc(doc.origin.file, {"header"}), "",
                  "header.term is needed to take a number from the Party register",
                  "add the committee's term under header, e.g. term: \"2020-2025\", or terms to the "
                  "office configuration; Party documents are numbered per kind through a "
                  "committee term (HD 36-HD/VPTW)");
      return std::nullopt;
    }
    return archive::SeriesKey::party(issuer, doc.kind.value, term);
  }
  if (p.family == "state") return archive::SeriesKey::state(issuer, date.year);
  diags.error("bad-profile", doc.profile_loc, "profile",
              "profile \"" + p.name + "\" has family \"" + p.family +
                  "\", so vanthu cannot tell which register series to number it in",
              "use a profile whose family is party or state");
  return std::nullopt;
}

}  // namespace

Service::Service(std::string data_dir) : renderer_(std::move(data_dir)) {}

RenderResult Service::render_file(const std::string& data_path) {
  RenderResult r;
  try {
    auto out = renderer_.render_file(data_path, r.diags);
    if (!out) {
      r.status = Status::kUser;
      return r;
    }
    r.pdf = std::move(out->pdf);
    r.pages = out->pages;
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

std::vector<generator::CatalogEntry> Service::templates() { return generator::list_catalog(renderer_); }

std::optional<std::string> Service::example(const std::string& name, const std::string& profile,
                                            Diagnostics& diags) {
  return generator::example_data(renderer_, name, profile, diags);
}

std::optional<generator::Date> Service::today(Diagnostics& diags) {
  if (const char* env = std::getenv("VANTHU_TODAY"); env && *env) {
    auto d = generator::parse_iso_date(env);
    if (!d)
      diags.error("bad-date", {}, "VANTHU_TODAY", "\"" + std::string(env) + "\" is not a real date",
                  "write it as YYYY-MM-DD, e.g. 2023-03-15, or unset it to use today's date");
    return d;
  }
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return generator::Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

IssueResult Service::issue(const std::string& data_path, const std::string& archive_option,
                           const generator::Date& today) {
  IssueResult r;
  try {
    // 1. Everything that can be checked without the register, before taking its lock.
    auto doc = renderer_.load_file(data_path, r.diags);  // documents, forms, office defaults
    if (!doc) {
      r.status = Status::kUser;
      return r;
    }
    const generator::Profile* p = renderer_.profile(doc->profile, r.diags, doc->profile_loc);
    if (!p) {
      r.status = Status::kUser;
      return r;
    }
    Diagnostics checks;  // rendering validates again; keep its warnings from appearing twice
    generator::validate_document(*doc, *p, checks);
    if (checks.has_errors()) r.diags.append(checks);
    if (doc->number) {
      r.diags.error("number-given", field_loc(doc->origin.file, {"header", "number"}),
                    "header.number", "an issued document takes its number from the register",
                    "remove `number:` from header; `vanthu issue` writes the next number");
    }
    const generator::Date date = doc->date.value_or(today);
    auto key = series_of(*doc, *p, date, r.diags);
    if (r.diags.has_errors() || !key) {
      r.status = Status::kUser;
      return r;
    }

    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/true);

    // 2. One transaction: number, typeset, store, record. The PDF file is durable before the
    // commit, so a committed entry never points at a missing file; a failure before the commit
    // leaves at most an unreferenced file, and the number untaken.
    archive::WriteTransaction txn(a.catalog());
    archive::Series series = a.reg().open_series(*key, doc->issuer_code.value);
    const int64_t number = a.reg().next_number(series.id);
    doc->number = number;
    doc->date = date;
    auto rendered = renderer_.render(*doc, r.diags);
    if (!rendered) {
      r.status = Status::kUser;
      return r;  // rolls back
    }
    const std::string symbol = generator::format_symbol(*p, *doc);
    archive::StoredBlob blob = a.store().put_pdf(rendered->pdf);
    // The text to index, as a reader of the PDF gets it (Poppler), not as the data file has it.
    const std::string indexed_text = archive::join_pages(archive::pdf_page_texts(rendered->pdf));

    std::vector<std::string> recipients;
    for (const auto& rc : doc->recipients) {
      std::string line = rc.text.value;
      if (!rc.purpose.empty()) line += " (" + rc.purpose.value + ")";
      recipients.push_back(text::collapse_spaces(line));
    }
    const generator::KindDef* kind = p->find_kind(doc->kind.value);

    archive::DocumentRecord rec;
    rec.kind = doc->kind.value;
    rec.number = number;
    rec.symbol = symbol;
    rec.issuer = key->issuer;
    rec.issuer_code = doc->issuer_code.value;
    rec.date = iso_date(date);
    rec.subject = join(doc->subject);
    rec.signer = doc->signature.name.value;
    rec.recipients = recipients;
    rec.pages = rendered->pages;
    rec.bytes = blob.bytes;
    rec.sha256 = blob.sha256;
    rec.profile = p->name;
    rec.source = "issued";
    rec.place = text::collapse_spaces(doc->place.value);
    rec.source_file = std::filesystem::path(data_path).filename().string();
    const int64_t doc_id = a.store().add_document(rec, indexed_text);

    archive::Entry e;
    e.series_id = series.id;
    e.number = number;
    e.symbol = symbol;
    e.kind = rec.kind;
    e.kind_name = !kind ? "" : kind->letter ? "Công văn" : text::sentence_case(kind->name);
    e.date = rec.date;
    e.subject = rec.subject;
    e.signer = rec.signer;
    e.recipients = recipients;
    e.archive_copy = text::collapse_spaces(doc->archive_line.value);
    e.document_id = doc_id;
    archive::Entry recorded = a.reg().record(e);
    txn.commit();

    r.id = doc_id;
    r.register_id = recorded.id;
    r.series_id = series.id;
    r.series = key->describe();
    r.number = number;
    r.symbol = symbol;
    r.kind = rec.kind;
    r.date = rec.date;
    r.pdf_path = blob.path;
    r.sha256 = blob.sha256;
    r.pages = rendered->pages;
    r.pdf = std::move(rendered->pdf);
  } catch (const archive::UserError& e) {
    user_error(r, e);
  } catch (const std::exception& e) {
    internal_error(r, e);
  }
  return r;
}

RegisterResult Service::register_list(const std::string& archive_option,
                                      std::optional<int64_t> series_id) {
  RegisterResult r;
  guarded(r, [&] {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/false);
    if (series_id && !a.reg().find_series(*series_id))
      throw archive::UserError("no register series with id " + std::to_string(*series_id),
                               "run `vanthu register list` to see the series");
    r.series = a.reg().series();
    r.entries = a.reg().entries(series_id);
  });
  return r;
}

ExportResult Service::register_export_csv(const std::string& archive_option,
                                          std::optional<int64_t> series_id, bool bom) {
  ExportResult r;
  RegisterResult list = register_list(archive_option, series_id);
  r.status = list.status;
  r.diags = list.diags;
  r.error = list.error;
  r.archive_dir = list.archive_dir;
  if (r.status != Status::kOk) return r;
  std::ostringstream out;
  archive::write_register_csv(out, list.entries, {bom});
  r.csv = out.str();
  r.rows = list.entries.size();
  return r;
}

ExportResult Service::register_export_pdf(const std::string& archive_option,
                                          std::optional<int64_t> series_id) {
  ExportResult r;
  RegisterResult list = register_list(archive_option, series_id);
  r.status = list.status;
  r.diags = list.diags;
  r.error = list.error;
  r.archive_dir = list.archive_dir;
  if (r.status != Status::kOk) return r;
  try {
    generator::RegisterPrint print;
    std::vector<std::string> issuers, periods;
    auto add_unique = [](std::vector<std::string>& v, const std::string& s) {
      if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
    };
    for (const auto& s : list.series) {
      if (series_id && s.id != *series_id) continue;
      add_unique(issuers, s.key.issuer);
      // Printed in Vietnamese: "Loại CT · Nhiệm kỳ 2020-2025" (Party), "Năm 2023" (State).
      add_unique(periods, s.key.family == archive::Family::kParty
                              ? "Loại " + s.key.kind + " · Nhiệm kỳ " + s.key.period
                              : "Năm " + s.key.period);
    }
    print.body = issuers;
    for (const auto& p : periods) print.period += (print.period.empty() ? "" : "; ") + p;
    auto vn_date = [](const std::string& iso) {  // DD/MM/YYYY, as the CSV writes it
      return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso;
    };
    for (const auto& e : list.entries) {
      std::string recipients;
      for (const auto& x : e.recipients) recipients += (recipients.empty() ? "" : "; ") + x;
      std::string kind_subject = e.kind_name.empty() ? e.subject : e.kind_name + " " + e.subject;
      std::string note = e.status == archive::EntryStatus::kVoid ? "Đã hủy số: " + e.void_reason : "";
      print.rows.push_back({e.symbol, vn_date(e.date), kind_subject, e.signer, recipients,
                            e.archive_copy, "", "", "", note});
    }
    auto pdf = generator::render_register_pdf(renderer_, print, r.diags);
    if (!pdf) {
      r.status = Status::kUser;
      return r;
    }
    r.csv = std::move(*pdf);
    r.rows = list.entries.size();
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

VoidResult Service::void_number(const std::string& archive_option, const std::string& target,
                                std::optional<int64_t> series_id, const std::string& reason) {
  VoidResult r;
  guarded(r, [&] {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/false);
    if (series_id && !a.reg().find_series(*series_id))
      throw archive::UserError("no register series with id " + std::to_string(*series_id),
                               "run `vanthu register list` to see the series");
    auto found = a.reg().find(target, series_id);
    if (found.empty())
      throw archive::UserError(
          "no register entry \"" + target + "\"" +
              (series_id ? " in series " + std::to_string(*series_id) : std::string()),
          "give the symbol as printed, e.g. 05-CT/HU, or a number with --series ID");
    if (found.size() > 1) {
      std::string where;
      for (const auto& e : found) {
        auto s = a.reg().find_series(e.series_id);
        where += (where.empty() ? "" : "; ") + std::to_string(e.series_id) + " (" +
                 (s ? s->key.describe() : std::string("?")) + ")";
      }
      throw archive::UserError("\"" + target + "\" is in more than one series: " + where,
                               "add --series ID to say which");
    }
    r.entry = a.reg().void_entry(found.front().id, reason);
  });
  return r;
}

namespace {

bool all_digits(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The document named by `target`: a catalog id or a symbol. UserError if none or several.
archive::DocumentRecord find_document(archive::Store& store, const std::string& target) {
  const std::string t = text::collapse_spaces(target);
  if (all_digits(t)) {
    if (auto d = store.document(std::stoll(t))) return *d;
    throw archive::UserError("no document with id " + t + " in the archive",
                             "search for it with `vanthu search`, or give its symbol");
  }
  auto found = store.find_by_symbol(t);
  if (found.empty())
    throw archive::UserError("no document \"" + t + "\" in the archive",
                             "give the catalog id or the symbol as printed, e.g. 15-CT/TU");
  if (found.size() > 1) {
    std::string ids;
    for (const auto& d : found)
      ids +=
          (ids.empty() ? "" : ", ") + std::to_string(d.id) + " (" + d.issuer + ", " + d.date + ")";
    throw archive::UserError("\"" + t + "\" is the symbol of more than one document: " + ids,
                             "give the catalog id instead");
  }
  return found.front();
}

}  // namespace

SearchResult Service::search(const std::string& archive_option, const archive::SearchRequest& req) {
  SearchResult r;
  std::unique_ptr<archive::Archive> a;
  guarded(r, [&] {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    a = std::make_unique<archive::Archive>(r.archive_dir, /*create=*/false);
  });
  if (r.status != Status::kOk) return r;
  const std::string dir = r.archive_dir;
  r = search(*a, req);
  r.archive_dir = dir;
  return r;
}

SearchResult Service::search(archive::Archive& a, const archive::SearchRequest& req) {
  SearchResult r;
  guarded(r, [&] {
    // Documents catalogued before search existed: extract and index their text once.
    const std::vector<int64_t> missing = archive::documents_without_text(a.catalog());
    if (!missing.empty()) {
      try {
        const std::size_t n = archive::index_missing_texts(a.catalog(), a.store(), missing);
        if (n > 0)
          r.notes.push_back("indexed the text of " + std::to_string(n) +
                            (n == 1 ? " document" : " documents") +
                            " stored before search existed");
      } catch (const std::exception& e) {
        r.notes.push_back(std::string("could not index the text of older documents (") + e.what() +
                          "); they are found by their metadata only");
      }
    }
    r.result = archive::search(a.catalog(), a.store(), req);
    for (const auto& n : r.result.parsed.notes) r.notes.push_back(n);
  });
  return r;
}

DocumentResult Service::show(const std::string& archive_option, const std::string& target,
                             bool with_text) {
  DocumentResult r;
  guarded(r, [&] {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/false);
    r.doc = find_document(a.store(), target);
    r.pdf_path = a.store().pdf_path(r.doc);
    if (with_text) r.text = a.store().text(r.doc.id);
  });
  return r;
}

DocumentResult Service::get_pdf(const std::string& archive_option, const std::string& target) {
  DocumentResult r;
  guarded(r, [&] {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/false);
    r.doc = find_document(a.store(), target);
    r.pdf_path = a.store().pdf_path(r.doc);
    r.pdf = a.store().read_pdf(r.doc);  // throws (internal error) if missing or damaged
  });
  return r;
}

}  // namespace vanthu::app
