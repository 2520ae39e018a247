// libFuzzer target: the PDF import extraction on arbitrary bytes. The bytes go to extract_pdf()
// (Poppler and everything after it) and, as plain text, to the metadata reader alone (so text
// inputs explore the layout rules without having to be valid PDFs). Besides crashes, hangs and
// sanitizer reports it checks the extraction's contract:
//  - a document or an error, the error with a reason in UTF-8;
//  - a document's text is NFC, its pages join to its text, pages_count matches;
//  - every metadata string is NFC; family is "", "party" or "state"; a date is a real ISO date;
//    a number comes with a symbol; `missing` lists known field names, each once, and exactly the
//    fields that are empty; a document without a text layer has every field missing.
//
// Built as `fuzz_extract` (-fsanitize=fuzzer, clang, -DVANTHU_FUZZ=ON) and always as
// `fuzz_extract_replay` (replay_main.cpp), which runs a corpus through the same function.
//   build-fuzz/tests/fuzz/fuzz_extract -max_len=65536 <scratch copy of tests/data/fuzz/extract>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "archive/extract/extract.h"
#include "archive/extract/layout.h"
#include "archive/extract/metadata.h"
#include "archive/extract/vn_text.h"

namespace {

using vanthu::archive::ExtractedDocument;
using vanthu::archive::ExtractFailure;
using vanthu::archive::ExtractResult;
namespace ex = vanthu::archive::extract;

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_extract: contract violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void check_string(const std::string& s, const char* field) {
  if (!ex::is_nfc(s)) fail("a metadata string that is not NFC UTF-8", field);
}

bool real_iso_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
            day = std::stoi(d.substr(8));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m >= 1 && m <= 12 && day >= 1 && day <= kDays[m - 1] &&
         (m != 2 || day < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

void check_metadata(const ExtractedDocument& d) {
  for (const auto* s : {&d.family, &d.kind_code, &d.kind_name, &d.symbol, &d.issuer, &d.superior,
                        &d.organ_line, &d.place, &d.date, &d.subject, &d.signer, &d.signer_position,
                        &d.authority, &d.archive_copy})
    check_string(*s, "field");
  for (const auto& r : d.recipients) {
    check_string(r, "recipient");
    if (r.empty()) fail("an empty recipient");
  }
  for (const auto& w : d.warnings)
    if (!ex::valid_utf8(w)) fail("a warning that is not UTF-8", w);
  if (d.family != "" && d.family != "party" && d.family != "state")
    fail("unknown family", d.family);
  if (!d.date.empty() && !real_iso_date(d.date)) fail("not a real ISO date", d.date);
  if (d.number && (*d.number < 0 || d.symbol.empty())) fail("a number without a symbol");

  const std::vector<std::pair<const char*, bool>> fields{
      {"family", d.family.empty()},
      {"kind_code", d.kind_code.empty()},
      {"kind_name", d.kind_name.empty()},
      {"number", !d.number.has_value()},
      {"symbol", d.symbol.empty()},
      {"issuer", d.issuer.empty()},
      {"place", d.place.empty()},
      {"date", d.date.empty()},
      {"subject", d.subject.empty()},
      {"signer", d.signer.empty()},
      {"signer_position", d.signer_position.empty()},
      {"recipients", d.recipients.empty()}};
  std::set<std::string> listed(d.missing.begin(), d.missing.end());
  if (listed.size() != d.missing.size()) fail("a field listed twice in missing");
  for (const auto& [name, empty] : fields) {
    if (empty != (listed.count(name) == 1)) fail("missing disagrees with the fields", name);
    listed.erase(name);
  }
  if (!listed.empty()) fail("an unknown name in missing", *listed.begin());
}

void check_document(const ExtractedDocument& d) {
  if (!ex::is_nfc(d.text)) fail("text that is not NFC UTF-8");
  std::string joined;
  for (const auto& p : d.pages) joined += (joined.empty() ? "" : "\f") + p;
  if (joined != d.text) fail("pages do not join to the text");
  if (d.pages_count < 1 || static_cast<size_t>(d.pages_count) != d.pages.size())
    fail("pages_count disagrees with pages");
  check_metadata(d);
  if (!d.has_text_layer && d.missing.size() != 12) fail("no text layer, yet a field was read");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const ExtractResult r = vanthu::archive::extract_pdf(bytes);
  if (const auto* f = std::get_if<ExtractFailure>(&r)) {
    if (f->second.empty() || !ex::valid_utf8(f->second)) fail("an error without a UTF-8 reason");
    const std::string_view name = vanthu::archive::extract_error_name(f->first);
    if (name != "not-pdf" && name != "encrypted" && name != "damaged") fail("unknown error kind");
  } else {
    check_document(std::get<ExtractedDocument>(r));
  }

  // The same bytes as plain text, straight to the metadata reader.
  ExtractedDocument d;
  vanthu::archive::extract::read_metadata({ex::lines_from_text(std::string(bytes))}, d);
  check_metadata(d);
  return 0;
}
