// Service operations on the catalog that the web application's archivists need: correcting the
// metadata of an imported document. The stored PDF and its text never change; the catalog's
// triggers keep the full-text index in step and refuse any change to an issued document.
#include <algorithm>

#include "app/service.h"
#include "archive/archive_dir.h"
#include "archive/errors.h"
#include "archive/json_list.h"
#include "load/loader.h"
#include "text/unicode.h"

namespace vanthu::app {

namespace {

// Names in missing_fields (archive/extract) that a corrected field fills.
const char* missing_name(const std::string& field) {
  if (field == "kind") return "kind_code";
  return field.c_str();
}

}  // namespace

CorrectionResult Service::correct_metadata(const std::string& archive_option, int64_t id,
                                           const MetadataCorrection& c) {
  CorrectionResult r;
  try {
    r.archive_dir = archive::ArchiveDir::resolve(archive_option);
    archive::Archive a(r.archive_dir, /*create=*/false);
    archive::WriteTransaction txn(a.catalog());
    auto doc = a.store().document(id);
    if (!doc) {
      r.status = Status::kUser;
      r.diags.error("not-found", {}, "id", "no document with id " + std::to_string(id),
                    "search for the document to find its id");
      return r;
    }
    if (doc->source != "imported") {
      r.status = Status::kUser;
      r.diags.error("immutable", {}, "id",
                    "document " + std::to_string(id) +
                        " was issued here; issued documents are "
                        "never changed",
                    "issue a correcting document instead");
      return r;
    }
    r.before = *doc;
    archive::DocumentRecord after = *doc;
    std::vector<std::string> filled;
    auto text = [&](const std::optional<std::string>& v, const char* field, std::string& slot,
                    std::size_t max_bytes) {
      if (!v) return;
      std::size_t bad = 0;
      if (!text::valid_utf8(*v, &bad)) {
        r.diags.error("bad-encoding", {}, field, "not valid UTF-8", "retype the value");
        return;
      }
      std::string s = text::collapse_spaces(text::to_nfc(*v));
      if (s.size() > max_bytes) {
        r.diags.error("too-large", {}, field, "longer than " + std::to_string(max_bytes) + " bytes",
                      "shorten it");
        return;
      }
      if (!s.empty()) filled.push_back(field);
      slot = std::move(s);
    };
    text(c.kind, "kind", after.kind, 20);
    text(c.symbol, "symbol", after.symbol, 100);
    text(c.issuer, "issuer", after.issuer, 500);
    text(c.issuer_code, "issuer_code", after.issuer_code, 50);
    text(c.subject, "subject", after.subject, 4000);
    text(c.signer, "signer", after.signer, 200);
    text(c.place, "place", after.place, 200);
    if (c.date) {
      if (!c.date->empty() && !generator::parse_iso_date(*c.date)) {
        r.diags.error("bad-date", {}, "date", "\"" + *c.date + "\" is not a real date",
                      "write it as YYYY-MM-DD, e.g. 2023-03-15");
      } else {
        after.date = *c.date;
        if (!c.date->empty()) filled.push_back("date");
      }
    }
    if (c.number) {
      if (*c.number && **c.number < 1) {
        r.diags.error("out-of-range", {}, "number", "a document number is 1 or more");
      } else {
        after.number = *c.number;
        if (*c.number) filled.push_back("number");
      }
    }
    if (r.diags.has_errors()) {
      r.status = Status::kUser;
      return r;
    }
    std::vector<std::string> missing;
    for (const auto& m : after.missing_fields)
      if (std::none_of(filled.begin(), filled.end(),
                       [&](const std::string& f) { return m == missing_name(f); }))
        missing.push_back(m);
    after.missing_fields = missing;
    auto& q = a.catalog().cached(
        "UPDATE documents SET kind = ?1, symbol = ?2, issuer = ?3, issuer_code = ?4, date = ?5, "
        "subject = ?6, signer = ?7, place = ?8, number = ?9, missing_fields = ?10 WHERE id = ?11");
    q.bind(1, after.kind).bind(2, after.symbol).bind(3, after.issuer).bind(4, after.issuer_code);
    q.bind(5, after.date).bind(6, after.subject).bind(7, after.signer).bind(8, after.place);
    q.bind(9, after.number).bind(10, archive::to_json_list(after.missing_fields)).bind(11, id);
    q.run();
    txn.commit();
    r.after = *a.store().document(id);
  } catch (const archive::UserError& e) {
    r.status = Status::kUser;
    r.diags.error("archive", {}, "", e.what(), e.hint());
  } catch (const std::exception& e) {
    r.status = Status::kInternal;
    r.error = e.what();
  }
  return r;
}

}  // namespace vanthu::app
