// Formatting and collection of diagnostics.
#include "diag/diagnostic.h"

#include "text/unicode.h"

namespace vanthu {

std::string Diagnostic::format() const {
  std::string s;
  if (!loc.file.empty()) {
    s += loc.file;
    if (loc.line > 0) {
      s += ":" + std::to_string(loc.line);
      if (loc.col > 0) s += ":" + std::to_string(loc.col);
    }
    s += ": ";
  }
  s += severity == Severity::kError ? "error: " : "warning: ";
  if (!field.empty()) s += field + ": ";
  s += message;
  if (!hint.empty()) s += " (" + hint + ")";
  return s;
}

namespace {

// Messages may quote user input or a parser's message about it (yaml-cpp quotes single bytes):
// what reaches a terminal or a JSON response is always valid UTF-8.
std::string clean(std::string s) {
  std::size_t bad = 0;
  if (text::valid_utf8(s, &bad)) return s;
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t at = 0;
    std::string_view rest(s.data() + i, s.size() - i);
    if (text::valid_utf8(rest, &at)) {
      out.append(rest);
      break;
    }
    out.append(rest.substr(0, at));
    out += "\xEF\xBF\xBD";  // U+FFFD
    i += at + 1;
  }
  return out;
}

}  // namespace

void Diagnostics::error(std::string code, SourceLoc loc, std::string field, std::string message,
                        std::string hint) {
  items_.push_back({Diagnostic::Severity::kError, std::move(code), clean(std::move(message)),
                    std::move(loc), clean(std::move(field)), clean(std::move(hint))});
}

void Diagnostics::warning(std::string code, SourceLoc loc, std::string field, std::string message,
                          std::string hint) {
  items_.push_back({Diagnostic::Severity::kWarning, std::move(code), clean(std::move(message)),
                    std::move(loc), clean(std::move(field)), clean(std::move(hint))});
}

bool Diagnostics::has_errors() const {
  for (const auto& d : items_)
    if (d.severity == Diagnostic::Severity::kError) return true;
  return false;
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::format() const {
  std::string s;
  for (const auto& d : items_) s += d.format() + "\n";
  return s;
}

}  // namespace vanthu
