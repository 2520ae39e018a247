// Diagnostics: user-fixable problems found while loading, validating or laying out a document.
// They are collected, not thrown, and printed as "file:line:col: error: field: message (hint)".
#pragma once

#include <string>
#include <vector>

namespace vanthu {

// A position in a source file; line and col are 1-based, 0 when unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string code;     // stable machine-readable code, e.g. "unknown-field"
  std::string message;  // what is wrong
  SourceLoc loc;
  std::string field;  // dotted path of the field, e.g. "header.date"
  std::string hint;   // what to do about it

  std::string format() const;
};

class Diagnostics {
 public:
  void error(std::string code, SourceLoc loc, std::string field, std::string message,
             std::string hint = {});
  void warning(std::string code, SourceLoc loc, std::string field, std::string message,
               std::string hint = {});
  bool has_errors() const;
  const std::vector<Diagnostic>& all() const { return items_; }
  void append(const Diagnostics& other);
  std::string format() const;  // one diagnostic per line
  // Rewrites locations (e.g. byte columns into character columns) from index `from` on.
  template <typename F>
  void map_locations(std::size_t from, F&& f) {
    for (std::size_t i = from; i < items_.size(); ++i) f(items_[i].loc);
  }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace vanthu
