// libFuzzer target: the document loader on arbitrary bytes, then (if the document loads)
// validation against the Party profile. Besides crashes and sanitizer reports it checks the
// loader's contract: a document is returned exactly when no error was reported, every error
// says what and where, and diagnostics of UTF-8 input are UTF-8.
//
// Built as `fuzz_loader` (-fsanitize=fuzzer, clang, -DVANTHU_FUZZ=ON) and always as
// `fuzz_loader_replay` (replay_main.cpp), which runs a corpus through the same function.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "load/loader.h"
#include "profile/profile.h"
#include "text/unicode.h"

#ifndef VANTHU_SOURCE_DIR
#error "VANTHU_SOURCE_DIR must point at the source tree (templates/profiles)"
#endif

namespace {

using vanthu::Diagnostic;
using vanthu::Diagnostics;
using namespace vanthu::generator;

[[noreturn]] void fail(const char* what, const Diagnostics& d) {
  std::fprintf(stderr, "fuzz_loader: contract violated: %s\n%s", what, d.format().c_str());
  std::abort();
}

const Profile& party() {
  static const Profile p = [] {
    Diagnostics diags;
    auto loaded = load_profile("dang", VANTHU_SOURCE_DIR "/templates/profiles", diags);
    if (!loaded) fail("the Party profile does not load", diags);
    return *loaded;
  }();
  return p;
}

void check(const Diagnostics& d, std::size_t from, bool input_utf8) {
  for (std::size_t i = from; i < d.all().size(); ++i) {
    const Diagnostic& x = d.all()[i];
    if (x.code.empty() || x.message.empty()) fail("a diagnostic without code or message", d);
    if (x.loc.file != "fuzz.yaml") fail("a diagnostic without the file name", d);
    if (x.loc.line < 0 || x.loc.col < 0) fail("a negative line or column", d);
    // Whatever the input, what a user reads is UTF-8 (even yaml-cpp's messages, which quote
    // single bytes of the input).
    (void)input_utf8;
    if (!vanthu::text::valid_utf8(x.format())) fail("a diagnostic that is not UTF-8", d);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Profile& profile = party();
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const bool utf8 = vanthu::text::valid_utf8(content) && content.find('\0') == std::string_view::npos;

  Diagnostics diags;
  std::optional<Document> doc = load_document(content, "fuzz.yaml", diags);
  if (doc.has_value() == diags.has_errors())
    fail(doc ? "a document was returned with errors" : "no document and no error", diags);
  check(diags, 0, utf8);

  if (doc) {
    const std::size_t before = diags.all().size();
    const bool ok = validate_document(*doc, profile, diags);
    const bool added_errors = diags.has_errors();
    if (ok == added_errors) fail("validate_document's result disagrees with its diagnostics", diags);
    check(diags, before, utf8);
  }
  return 0;
}
