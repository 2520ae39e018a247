// Inline markup of document text: **bold**, *italic*, ***bold italic***, [^n] footnote
// references, backslash escapes. Parses one string into styled spans.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vanthu::text {

struct Span {
  std::string text;  // UTF-8; empty for a footnote reference
  bool bold = false;
  bool italic = false;
  int footnote = 0;  // > 0: a reference to this footnote number

  bool operator==(const Span&) const = default;
};

struct MarkupError {
  std::size_t offset;  // code points from the start of the string
  std::string message;
  std::string hint;
};

struct Markup {
  std::vector<Span> spans;
  std::vector<MarkupError> errors;
};

// `allow_footnotes` false turns "[^n]" into an error (footnote text cannot reference footnotes).
Markup parse_markup(std::string_view s, bool allow_footnotes = true);

// The text without markup, footnote references dropped.
std::string plain_text(const std::vector<Span>& spans);

}  // namespace vanthu::text
