// UTF-8 helpers and NFC normalisation (ICU). Every string entering the generator passes through
// to_nfc(); libharu does no shaping, so decomposed marks would print detached.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::text {

// Returns false if `s` is not well-formed UTF-8; `bad_offset` then holds the byte offset.
bool valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr);

// NFC form of well-formed UTF-8 input.
std::string to_nfc(std::string_view s);

// Decodes well-formed UTF-8 into code points.
std::u32string decode(std::string_view s);

// Encodes one code point as UTF-8 and appends it.
void append_utf8(std::string& out, char32_t cp);
std::string encode(std::u32string_view s);

// "U+1EA0" style name of a code point.
std::string codepoint_name(char32_t cp);

// Removes backslash escapes ("\\*" → "*") from plain text fields, which take the same escapes as
// marked-up text but no markup.
std::string unescape(std::string_view s);

// "CHỈ THỊ" → "Chỉ thị": lower case (ICU, Vietnamese rules), then the first letter upper case.
std::string sentence_case(std::string_view caps);

// Replaces runs of white space (incl. newlines and tabs) by one space and trims both ends.
std::string collapse_spaces(std::string_view s);

}  // namespace vanthu::text
