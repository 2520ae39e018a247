// Syllables, document numbers and index tokens (see tokenizer.h).
#include "archive/text/tokenizer.h"

#include <unicode/uchar.h>

#include "archive/text/fold.h"

namespace vanthu::archive::text {

namespace {

enum class CharClass { kSeparator, kLetter, kDigit, kMark };

CharClass classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    return CharClass::kSeparator;
  }
  if (is_combining_mark(c)) return CharClass::kMark;
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return CharClass::kLetter;
    case U_DECIMAL_DIGIT_NUMBER:
      return CharClass::kDigit;
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return CharClass::kMark;
    default:
      return CharClass::kSeparator;
  }
}

void syllable_spans(std::string_view text, std::vector<Span>& out) {
  out.clear();
  bool open = false;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const CharClass k = classify(next_code_point(text, i));
    if (k == CharClass::kLetter || k == CharClass::kDigit || (k == CharClass::kMark && open)) {
      if (!open) open = true, begin = at;
    } else if (open) {
      out.push_back({begin, at});
      open = false;
    }
  }
  if (open) out.push_back({begin, text.size()});
}

// The last syllable of the document number that starts at syllable i (i itself if none): a run
// of syllables joined by single '-' or '/', starting with a digit and containing a letter.
std::size_t number_end(std::string_view text, const std::vector<Span>& syl, std::size_t i);

bool has_letter(std::string_view s) {
  for (std::size_t i = 0; i < s.size();)
    if (classify(next_code_point(s, i)) == CharClass::kLetter) return true;
  return false;
}

void cut(std::string& s) {
  if (s.size() <= kMaxTermBytes) return;
  std::size_t n = kMaxTermBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
}

std::size_t number_end(std::string_view text, const std::vector<Span>& syl, std::size_t i) {
  std::size_t j = i;
  if (text[syl[i].begin] < '0' || text[syl[i].begin] > '9') return i;
  while (j + 1 < syl.size() && j + 1 - i < kMaxNumberSyllables &&
         syl[j + 1].begin == syl[j].end + 1 && (text[syl[j].end] == '-' || text[syl[j].end] == '/'))
    ++j;
  if (j > i && has_letter(text.substr(syl[i].begin, syl[j].end - syl[i].begin))) return j;
  return i;
}

}  // namespace

void syllables(std::string_view text, std::vector<Span>& out) { syllable_spans(text, out); }

std::size_t number_last(std::string_view text, const std::vector<Span>& syl, std::size_t i) {
  return number_end(text, syl, i);
}

std::vector<Word> split_words(std::string_view text) {
  std::vector<Span> syl;
  syllable_spans(text, syl);
  std::vector<Word> out;
  out.reserve(syl.size());
  for (std::size_t i = 0; i < syl.size();) {
    const std::size_t j = number_end(text, syl, i);
    if (j > i) {
      Word w;
      w.span = {syl[i].begin, syl[j].end};
      w.syllables.assign(syl.begin() + static_cast<std::ptrdiff_t>(i),
                         syl.begin() + static_cast<std::ptrdiff_t>(j) + 1);
      w.number = true;
      out.push_back(std::move(w));
    } else {
      out.push_back(Word{syl[i], {syl[i]}, false});
    }
    i = j + 1;
  }
  return out;
}

std::string folded_term(std::string_view syllable) {
  std::string out;
  fold_into(syllable, out);
  cut(out);
  return out;
}

std::string exact_term(std::string_view syllable) {
  std::string out;
  exact_into(syllable, out);
  cut(out);
  return out;
}

std::string number_term(std::string_view number) {
  std::string f;
  fold_into(number, f);
  std::size_t zeros = 0;
  while (zeros + 1 < f.size() && f[zeros] == '0' && f[zeros + 1] >= '0' && f[zeros + 1] <= '9')
    ++zeros;
  f.erase(0, zeros);
  cut(f);
  return f;
}

// Hot path of indexing: buffers are reused from token to token and call to call.
void index_tokens(std::string_view text, const std::function<bool(const IndexToken&)>& emit) {
  thread_local std::vector<Span> syl;
  thread_local IndexToken t;
  thread_local std::string ex;
  syllable_spans(text, syl);
  for (std::size_t i = 0; i < syl.size();) {
    const std::size_t j = number_end(text, syl, i);
    for (std::size_t k = i; k <= j; ++k) {
      const Span s = syl[k];
      const std::string_view piece = text.substr(s.begin, s.end - s.begin);
      t.span = s;
      fold_into(piece, t.term);
      cut(t.term);
      t.colocated = false;
      if (!emit(t)) return;
      bool ascii = true;
      for (char c : piece) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      if (!ascii) {
        exact_into(piece, ex);
        cut(ex);
      }
      if (!ascii && ex != t.term) {
        t.term.assign(1, kExactPrefix);
        t.term += ex;
        t.colocated = true;
        if (!emit(t)) return;
      }
      if (k == i && j > i) {
        t.term = number_term(text.substr(syl[i].begin, syl[j].end - syl[i].begin));
        t.colocated = true;
        if (!emit(t)) return;
      }
    }
    i = j + 1;
  }
}

}  // namespace vanthu::archive::text
