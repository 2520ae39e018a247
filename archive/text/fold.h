// Vietnamese text folding for search (archive side; the generator's text/ is separate).
//
// Two forms of every word are indexed and queried:
//  - the folded form: marks removed, đ/Đ → d, lower case, ASCII for every Vietnamese letter
//    ("Đảng" → "dang", "kêt" → "ket"). Table-driven: the 132 Vietnamese letters with marks and
//    đ/Đ map to their ASCII base, A–Z are lower-cased, combining marks U+0300–U+036F are dropped
//    (so NFD input folds like NFC input). Any other character is lower-cased with its combining
//    marks removed (ICU), which matches the ICU rules
//    `:: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; đ > d; Đ > D; :: Lower;` (the test reference).
//    One deliberate difference: U+00D0/U+00F0 (Ð ð, used for Đ đ by old encoding converters)
//    fold to d as well.
//  - the exact form: NFC, lower case, with the tone placed the one canonical way where old and
//    new placement both occur ("uỷ"/"ủy" → "ủy", "hoà"/"hòa" → "hòa", "khoẻ"/"khỏe" → "khỏe"):
//    on the first vowel of a final oa, oe or uy (not after q: "quý" keeps its tone on y).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vanthu::archive::text {

// Decodes one code point of UTF-8 at s[i], advancing i. Ill-formed input yields U+FFFD and
// advances by one byte, so every byte sequence can be scanned.
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

// Well-formed UTF-8: ill-formed sequences replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);
// NFC (ICU) of `s` after sanitize_utf8.
std::string to_nfc(std::string_view s);
// The text as the archive stores it: NFC, ill-formed UTF-8 replaced, C0 control characters other
// than tab, line feed, form feed and carriage return replaced by spaces (highlighting uses two of
// them as markers).
std::string clean_text(std::string_view s);

// True for U+0300–U+036F (Combining Diacritical Marks).
inline bool is_combining_mark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

// The folded form of one code point, as a code point: the ASCII base letter for a Vietnamese
// letter, the lower case for others; 0 for a mark to drop. Characters outside the table that
// decompose (é in other languages, ü, ñ) fold to their lower-cased base letter.
char32_t fold_char(char32_t c);
// Folds every character of `s` (which need not be a single word); punctuation stays.
std::string fold(std::string_view s);
// The same, into `out` (replacing its contents; its capacity is reused).
void fold_into(std::string_view s, std::string& out);

// Simple lower-casing of one code point (ICU u_tolower), with Ð/ð treated as Đ/đ.
char32_t lower_char(char32_t c);

// Runs of ASCII white space (space, tab, line and page breaks) as one space, none at either end.
std::string collapse_white_space(std::string_view s);
// Lower case (NFC when the input had combining marks), canonical tone placement. For one word.
std::string exact(std::string_view word);
void exact_into(std::string_view word, std::string& out);
// Moves the tone of a final oa/oe/uy to its first vowel ("hoà" → "hòa", "thuỷ" → "thủy") in a
// lower-case NFC word; other words are returned unchanged.
std::string canonical_tone_placement(std::string_view lower_word);

// True if the word has any mark: its exact form differs from its folded form.
bool has_marks(std::string_view word);

}  // namespace vanthu::archive::text
