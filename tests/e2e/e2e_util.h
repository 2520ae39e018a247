// Helpers for the end-to-end tests: run the `vanthu` program and the independent PDF tools
// (Poppler's pdftotext/pdffonts/pdfinfo, qpdf) as child processes, temporary directories,
// Unicode (NFC) and whitespace normalisation, word tokens and an in-order word match.
//
// Nothing here uses vanthu's own code: the tests judge the PDF only through other programs.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::e2e {

namespace fs = std::filesystem;

// ---- processes ---------------------------------------------------------------------------------

struct RunResult {
  int exit_code = -1;   // the child's exit status; 128 + signal if it was killed; -1 if not started
  std::string out;      // everything the child wrote to standard output
  std::string err;      // everything the child wrote to standard error
  std::string command;  // the command line, for failure messages
};

// Runs argv[0] (looked up in PATH) with the arguments, no shell, stdin from /dev/null, and
// captures stdout/stderr.
RunResult run(const std::vector<std::string>& argv);

// Runs the vanthu binary under test (VANTHU_BINARY) with the arguments.
RunResult run_vanthu(const std::vector<std::string>& args);

// `vanthu render DATA -o OUT`.
RunResult render(const fs::path& data, const fs::path& out);

// ---- files -------------------------------------------------------------------------------------

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p);  // whole file, binary; throws if it cannot be read
void write_file(const fs::path& p, std::string_view bytes);

fs::path seed_path(const std::string& id);        // tests/data/seeds/<id>.yaml
fs::path original_path(const std::string& id);    // tests/data/seeds/originals/<id>.txt
fs::path e2e_data_path(const std::string& name);  // tests/data/e2e/<name>

// Renders a data file once per test process and returns the PDF's path (in a process-wide
// temporary directory). On failure returns nullopt and puts vanthu's exit code and stderr in *why.
std::optional<fs::path> rendered_pdf(const fs::path& data, std::string* why);

// ---- text --------------------------------------------------------------------------------------

std::string nfc(std::string_view utf8);  // ICU NFC
std::string nfd(std::string_view utf8);  // ICU NFD
// Every run of Unicode white space (including form feed and no-break space) becomes one ASCII
// space; leading and trailing white space is removed.
std::string collapse_ws(std::string_view utf8);
// nfc + collapse_ws.
std::string normalize_text(std::string_view utf8);
// Splits on Unicode white space (after NFC).
std::vector<std::string> split_words(std::string_view utf8);
// Joins words[from, to) with single spaces.
std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to);
// Unicode code points of a UTF-8 string.
std::vector<char32_t> code_points(std::string_view utf8);
std::string utf8(char32_t cp);

// Word tokens for comparing an original text with a pdftotext extraction:
//  - split on white space (after NFC);
//  - a run of two or more hyphens glued to the front of a word is its own token: Poppler treats
//    the last "-" of a line as a soft hyphen and glues a drawn rule such as "-----" to the next
//    line's first word ("----Trong"); the rule is not part of the word;
//  - a token that ends in "-" (and is not only hyphens) is joined to the next token: "11-" +
//    "CT/TU" is the one code "11-CT/TU" broken at a line end.
std::vector<std::string> comparison_tokens(std::string_view text);

// The result of checking that `needle` (the original's words) occurs in order inside `hay` (the
// extracted words), extra words in `hay` allowed. Computed as a longest common subsequence, so a
// single missing word is reported as exactly that word.
struct InOrderMatch {
  std::vector<std::size_t> missing;  // indices into needle of the words not found in order
  std::string report;                // a human-readable description of the first few misses
  bool ok() const { return missing.empty(); }
};
InOrderMatch match_in_order(const std::vector<std::string>& needle,
                            const std::vector<std::string>& hay, std::size_t max_reported = 15);

// ---- PDF tools ---------------------------------------------------------------------------------

// `pdftotext [-f first -l last] PDF -` (default mode); 0 for first/last = not given.
RunResult pdftotext(const fs::path& pdf, int first = 0, int last = 0);

struct BoxWord {
  double x_min, y_min, x_max, y_max;  // PDF points, origin top-left (as pdftotext reports)
  std::string text;                   // entity-decoded, NFC UTF-8
};
struct BoxPage {
  double width = 0, height = 0;
  std::vector<BoxWord> words;
};
// Parses `pdftotext -bbox PDF -`. Returns nullopt (and puts the reason in *why) on failure.
std::optional<std::vector<BoxPage>> pdftotext_bbox(const fs::path& pdf, std::string* why);

struct FontRow {
  std::string name, type, encoding;
  bool emb = false, sub = false, uni = false;
};
// Parses `pdffonts PDF`. Returns nullopt (and puts the reason in *why) on failure.
std::optional<std::vector<FontRow>> pdffonts(const fs::path& pdf, std::string* why);

// Number of pages according to `pdfinfo`, or -1.
int page_count(const fs::path& pdf);

}  // namespace vanthu::e2e
