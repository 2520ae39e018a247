// Unicode helpers of the PDF import: NFC normalisation of extracted text, Vietnamese case tests
// and a diacritic-insensitive fold for matching labels that OCR or a careless re-typing damaged
// ("Noi nhân" for "Nơi nhận"). ICU only; no generator headers (the archive never includes them).
#pragma once

#include <string>
#include <string_view>

namespace vanthu::archive::extract {

// `s` in Unicode NFC. Invalid UTF-8 sequences become U+FFFD first, so the result is always valid
// UTF-8 whatever `s` holds.
std::string to_nfc(std::string_view s);

// True when `s` is valid UTF-8 and already in NFC.
bool is_nfc(std::string_view s);

// True when `s` is valid UTF-8.
bool valid_utf8(std::string_view s);

// Lower case without diacritics, "đ" → "d", runs of white space → one space, trimmed:
// "Nơi  nhận:" → "noi nhan:", "CỘNG HOÀ" and "CỘNG HÒA" → "cong hoa".
std::string fold(std::string_view s);

// Trims and collapses every run of white space (including no-break spaces) to one space.
std::string collapse_spaces(std::string_view s);

// Letters counted in `s`: all, upper-case ones, lower-case ones.
struct LetterCount {
  int letters = 0;
  int upper = 0;
  int lower = 0;
};
LetterCount count_letters(std::string_view s);

// At least `min_letters` letters and at least `share` of them upper case ("CHỈ THỊ",
// "PHÓ BÍ THƯ THƯỜNG TRựC" with share 0.8).
bool is_caps(std::string_view s, double share = 1.0, int min_letters = 2);

// "CHỈ THỊ" → "Chỉ thị" (Vietnamese case rules).
std::string sentence_case(std::string_view s);

}  // namespace vanthu::archive::extract
