// Formatting and collection of diagnostics.
#include "diag/diagnostic.h"

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

void Diagnostics::error(std::string code, SourceLoc loc, std::string field, std::string message,
                        std::string hint) {
  items_.push_back({Diagnostic::Severity::kError, std::move(code), std::move(message),
                    std::move(loc), std::move(field), std::move(hint)});
}

void Diagnostics::warning(std::string code, SourceLoc loc, std::string field, std::string message,
                          std::string hint) {
  items_.push_back({Diagnostic::Severity::kWarning, std::move(code), std::move(message),
                    std::move(loc), std::move(field), std::move(hint)});
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
