// Splitting Vietnamese text into search terms, with byte offsets into the original text.
//
// A syllable is a run of letters and digits (Unicode L* and Nd); combining marks continue it, so
// NFD text splits like NFC text. Everything else separates syllables. Vietnamese words are one
// to four syllables; the index works on syllables and phrase queries put words back together.
//
// A document number ("1269-CV/TU", "12/QĐ-UBND", "15/2023/QĐ-UBND") is a run of syllables joined
// by single '-' or '/' that starts with a digit and contains a letter. It is kept as its
// syllables (so "CV" or "TU" alone still match) and, in addition, as one whole term: its folded
// form with the leading zeros of the first number removed ("05-CT/TU" → "5-ct/tu"), so "5-CT/TU"
// and "05-CT/TU" find the same document. Dates ("15/9/2020") and ranges ("3-4") have no letter
// and are only syllables.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::archive::text {

// Terms longer than this many bytes are cut (at a character boundary), in documents and queries
// alike.
inline constexpr std::size_t kMaxTermBytes = 100;
// A document number has at most this many syllables (longer runs are left as syllables).
inline constexpr std::size_t kMaxNumberSyllables = 8;

struct Span {
  std::size_t begin = 0, end = 0;  // byte offsets into the text
};

// One word as the index and the query parser see it: a syllable, or a document number with its
// syllables.
struct Word {
  Span span;
  std::vector<Span> syllables;  // one for a plain syllable
  bool number = false;          // a document number
};

std::vector<Word> split_words(std::string_view text);

// The lower level of split_words, for the indexer's hot loop: the syllables of `text` (into
// `out`), and the last syllable of the document number that starts at syllable i (i if none).
void syllables(std::string_view text, std::vector<Span>& out);
std::size_t number_last(std::string_view text, const std::vector<Span>& syl, std::size_t i);

// The terms of one syllable: folded ("dang") and exact ("đảng"; equal to folded when the
// syllable has no marks), both cut to kMaxTermBytes.
std::string folded_term(std::string_view syllable);
std::string exact_term(std::string_view syllable);
// The whole-number term of a document number: "1269-CV/TU" → "1269-cv/tu", "05-CT/TU" → "5-ct/tu".
std::string number_term(std::string_view number);

// One term to put in the index at a position, in the order FTS5 wants them: each syllable's
// folded term first (a new position), then its exact term if different, then (after the first
// syllable of a document number) the whole number; the last two share the position.
struct IndexToken {
  std::string term;
  Span span;
  bool colocated = false;  // same position as the previous token
};

// The prefix that marks exact terms in the index ("=đảng"); folded terms never contain it.
inline constexpr char kExactPrefix = '=';

// Calls `emit` for each index token of `text`; stops early if `emit` returns false.
void index_tokens(std::string_view text, const std::function<bool(const IndexToken&)>& emit);

}  // namespace vanthu::archive::text
