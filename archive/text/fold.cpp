// Folding and exact forms of Vietnamese words (see fold.h). The Vietnamese letters are looked up
// in two small tables (U+00C0–U+01B0 and U+1EA0–U+1EF9); ICU is only asked about other
// non-ASCII characters.
#include "archive/text/fold.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <stdexcept>

namespace vanthu::archive::text {

namespace {

// The Vietnamese letters with marks, by ASCII base (tech-recon §5).
constexpr std::pair<const char*, char> kLetters[] = {
    {"àảãáạăằẳẵắặâầẩẫấậÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬ", 'a'},
    {"đĐ", 'd'},
    {"èẻẽéẹêềểễếệÈẺẼÉẸÊỀỂỄẾỆ", 'e'},
    {"ìỉĩíịÌỈĨÍỊ", 'i'},
    {"òỏõóọôồổỗốộơờởỡớợÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢ", 'o'},
    {"ùủũúụưừửữứựÙỦŨÚỤƯỪỬỮỨỰ", 'u'},
    {"ỳỷỹýỵỲỶỸÝỴ", 'y'},
};

constexpr char32_t kLo1 = 0x00C0, kHi1 = 0x01B0;  // Latin-1 Supplement … Latin Extended-B (ư)
constexpr char32_t kLo2 = 0x1EA0, kHi2 = 0x1EF9;  // Latin Extended Additional (ạ … ỹ)

struct FoldTable {
  std::array<char, kHi1 - kLo1 + 1> low{};
  std::array<char, kHi2 - kLo2 + 1> high{};
  int count = 0;

  FoldTable() {
    for (const auto& [letters, base] : kLetters) {
      std::string_view s(letters);
      for (std::size_t i = 0; i < s.size();) {
        char32_t c = next_code_point(s, i);
        if (c >= kLo1 && c <= kHi1)
          low[c - kLo1] = base;
        else if (c >= kLo2 && c <= kHi2)
          high[c - kLo2] = base;
        else
          throw std::logic_error("Vietnamese letter outside the folding table ranges");
        ++count;
      }
    }
    // Ð ð (Icelandic eth) stand for Đ đ in text converted from old Vietnamese encodings.
    low[0xD0 - kLo1] = 'd';
    low[0xF0 - kLo1] = 'd';
  }
  char lookup(char32_t c) const {
    if (c >= kLo1 && c <= kHi1) return low[c - kLo1];
    if (c >= kLo2 && c <= kHi2) return high[c - kLo2];
    return 0;
  }
};

const FoldTable& table() {
  static const FoldTable t;
  return t;
}

const icu::Normalizer2& nfc_instance() {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st) || !n) throw std::runtime_error("ICU NFC normalizer unavailable");
  return *n;
}

const icu::Normalizer2& nfd_instance() {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  if (U_FAILURE(st) || !n) throw std::runtime_error("ICU NFD normalizer unavailable");
  return *n;
}

bool is_nonspacing_mark(char32_t c) {
  return is_combining_mark(c) ||
         (c >= 0x80 && u_charType(static_cast<UChar32>(c)) == U_NON_SPACING_MARK);
}

// Tones in the order grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot below (nặng).
// Row 0 is the vowel without a tone; only the vowels that take part in the oa/oe/uy rule.
struct ToneRow {
  char base;
  char32_t forms[6];
};
constexpr ToneRow kTones[] = {
    {'a', {U'a', U'à', U'á', U'ả', U'ã', U'ạ'}}, {'e', {U'e', U'è', U'é', U'ẻ', U'ẽ', U'ẹ'}},
    {'o', {U'o', U'ò', U'ó', U'ỏ', U'õ', U'ọ'}}, {'u', {U'u', U'ù', U'ú', U'ủ', U'ũ', U'ụ'}},
    {'y', {U'y', U'ỳ', U'ý', U'ỷ', U'ỹ', U'ỵ'}},
};

// The plain vowel and tone (0 = none) of `c`, or base 0 if `c` is not one of those vowels.
std::pair<char, int> split_tone(char32_t c) {
  for (const auto& row : kTones)
    for (int t = 0; t < 6; ++t)
      if (row.forms[t] == c) return {row.base, t};
  return {0, 0};
}

char32_t with_tone(char base, int tone) {
  for (const auto& row : kTones)
    if (row.base == base) return row.forms[tone];
  return static_cast<char32_t>(base);
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0, min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    char32_t c = next_code_point(s, i);
    if (c == 0xFFFD && !(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD"))
      append_utf8(out, 0xFFFD);
    else
      out.append(s.substr(start, i - start));
  }
  return out;
}

std::string to_nfc(std::string_view s) {
  std::string in = sanitize_utf8(s);
  const icu::Normalizer2& nfc = nfc_instance();
  UErrorCode st = U_ZERO_ERROR;
  if (nfc.isNormalizedUTF8(in, st) && U_SUCCESS(st)) return in;
  st = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(in.size()));
  nfc.normalizeUTF8(0, in, sink, nullptr, st);
  if (U_FAILURE(st))
    throw std::runtime_error(std::string("NFC normalisation failed: ") + u_errorName(st));
  return out;
}

std::string collapse_white_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string clean_text(std::string_view s) {
  std::string out = to_nfc(s);
  for (char& c : out) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || b == 0x7F) c = ' ';
  }
  return out;
}

char32_t fold_char(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (char base = table().lookup(c)) return static_cast<char32_t>(base);
  if (is_nonspacing_mark(c)) return 0;
  // Other letters: drop the marks of the canonical decomposition, then lower-case.
  icu::UnicodeString d;
  if (nfd_instance().getDecomposition(static_cast<UChar32>(c), d)) {
    UChar32 base = -1;
    int bases = 0;
    for (int32_t k = 0; k < d.length(); k = d.moveIndex32(k, 1)) {
      UChar32 x = d.char32At(k);
      if (is_nonspacing_mark(static_cast<char32_t>(x))) continue;
      base = x;
      ++bases;
    }
    if (bases == 1) return static_cast<char32_t>(u_tolower(base));
  }
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

void fold_into(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += (b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : static_cast<char>(b);
      ++i;
      continue;
    }
    const char32_t c = next_code_point(s, i);
    if (const char base = table().lookup(c)) {
      out += base;
      continue;
    }
    if (char32_t f = fold_char(c)) append_utf8(out, f);
  }
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  fold_into(s, out);
  return out;
}

char32_t lower_char(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c == 0xD0 || c == 0xF0 || c == 0x110) return 0x111;  // Ð ð Đ → đ
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}

namespace {

// The start of the code point that ends at `end` (> 0) in well-formed UTF-8.
std::size_t code_point_start(const std::string& w, std::size_t end) {
  std::size_t b = end - 1;
  while (b > 0 && (static_cast<unsigned char>(w[b]) & 0xC0) == 0x80 && end - b < 4) --b;
  return b;
}

// In place: see canonical_tone_placement(). Looks only at the last three code points.
void place_tone(std::string& w) {
  if (w.size() < 2) return;
  const std::size_t start2 = code_point_start(w, w.size());
  if (start2 == 0) return;
  const std::size_t start1 = code_point_start(w, start2);
  std::size_t i = start1;
  const char32_t c1 = next_code_point(w, i);
  const auto [b1, t1] = split_tone(c1);
  if ((b1 != 'o' && b1 != 'u') || t1 != 0) return;
  i = start2;
  const char32_t c2 = next_code_point(w, i);
  const auto [b2, t2] = split_tone(c2);
  if (t2 == 0) return;
  const bool oa_oe = b1 == 'o' && (b2 == 'a' || b2 == 'e');
  const bool uy = b1 == 'u' && b2 == 'y' && !(start1 > 0 && w[start1 - 1] == 'q');
  if (!(oa_oe || uy)) return;
  w.resize(start1);
  append_utf8(w, with_tone(b1, t2));
  w += b2;
}

}  // namespace

std::string canonical_tone_placement(std::string_view lower_word) {
  std::string w(lower_word);
  place_tone(w);
  return w;
}

void exact_into(std::string_view word, std::string& out) {
  out.clear();
  bool marks = false;
  for (std::size_t i = 0; i < word.size();) {
    const auto b = static_cast<unsigned char>(word[i]);
    if (b < 0x80) {
      out += (b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : static_cast<char>(b);
      ++i;
      continue;
    }
    const char32_t c = next_code_point(word, i);
    if (is_combining_mark(c)) marks = true;
    append_utf8(out, lower_char(c));
  }
  if (marks) out = to_nfc(out);
  place_tone(out);
}

std::string exact(std::string_view word) {
  std::string out;
  exact_into(word, out);
  return out;
}

bool has_marks(std::string_view word) { return exact(word) != fold(word); }

}  // namespace vanthu::archive::text
