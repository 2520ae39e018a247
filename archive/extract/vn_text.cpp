#include "archive/extract/vn_text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace vanthu::archive::extract {

namespace {

// Decodes `s`; invalid sequences become U+FFFD (fromUTF8 does the same).
icu::UnicodeString decode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string encode(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool is_space(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xA0 || c == 0x202F || c == 0xFEFF; }

}  // namespace

bool valid_utf8(std::string_view s) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  if (static_cast<size_t>(n) != s.size()) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string to_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u = decode(s);
  if (U_FAILURE(status)) return encode(u);
  icu::UnicodeString out = nfc->normalize(u, status);
  if (U_FAILURE(status)) return encode(u);
  return encode(out);
}

bool is_nfc(std::string_view s) {
  if (!valid_utf8(s)) return false;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  const bool ok = nfc->isNormalized(decode(s), status);
  return U_SUCCESS(status) && ok;
}

std::string fold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = decode(s);
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfd->normalize(u, status);
    if (U_SUCCESS(status)) u = d;
  }
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (is_space(c)) {
      pending_space = !out.isEmpty();
      continue;
    }
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK)
      continue;
    if (pending_space) out.append(static_cast<UChar>(' '));
    pending_space = false;
    if (c == 0x0110 || c == 0x0111 || c == 0x0189) {  // Đ, đ, Ɖ (a common OCR look-alike)
      out.append(static_cast<UChar>('d'));
      continue;
    }
    out.append(u_tolower(c));
  }
  return encode(out);
}

std::string collapse_spaces(std::string_view s) {
  const icu::UnicodeString u = decode(s);
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (is_space(c) || c == 0x200B) {
      pending_space = pending_space || (!out.isEmpty() && c != 0x200B);
      continue;
    }
    if (pending_space) out.append(static_cast<UChar>(' '));
    pending_space = false;
    out.append(c);
  }
  return encode(out);
}

LetterCount count_letters(std::string_view s) {
  LetterCount n;
  const icu::UnicodeString u = decode(s);
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    ++n.letters;
    if (u_isupper(c) || u_istitle(c))
      ++n.upper;
    else if (u_islower(c))
      ++n.lower;
  }
  return n;
}

bool is_caps(std::string_view s, double share, int min_letters) {
  const LetterCount n = count_letters(s);
  if (n.letters < min_letters) return false;
  return n.upper >= share * n.letters;
}

std::string sentence_case(std::string_view s) {
  icu::UnicodeString u = decode(s);
  u.toLower(icu::Locale("vi"));
  if (!u.isEmpty()) {
    const int32_t n = u.moveIndex32(0, 1);
    icu::UnicodeString first(u, 0, n);
    first.toUpper(icu::Locale("vi"));
    u.replace(0, n, first);
  }
  return encode(u);
}

}  // namespace vanthu::archive::extract
