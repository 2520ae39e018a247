// Vietnamese folding, exact forms and tokenization for search (archive/text/). The folding is
// checked letter by letter against a table written out here and against an independent
// reference, ICU's rule-based transliterator
// `:: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; đ > d; Đ > D; :: Lower;`.
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "archive/text/fold.h"
#include "archive/text/tokenizer.h"

namespace vanthu::archive::text {
namespace {

namespace fs = std::filesystem;

// ---- reference ---------------------------------------------------------------------------------

std::string icu_fold(const std::string& s) {
  static std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    std::unique_ptr<icu::Transliterator> tr(icu::Transliterator::createFromRules(
        "vi-fold", ":: NFD; :: [:Nonspacing Mark:] Remove; :: NFC; đ > d; Đ > D; :: Lower;",
        UTRANS_FORWARD, pe, st));
    if (U_FAILURE(st)) throw std::runtime_error(u_errorName(st));
    return tr;
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string icu_nfd(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  icu::UnicodeString u = n->normalize(icu::UnicodeString::fromUTF8(s), st);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::vector<std::string> letters_of(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t b = i;
    next_code_point(s, i);
    out.push_back(s.substr(b, i - b));
  }
  return out;
}

// The Vietnamese alphabet's letters with marks, written out by hand: base letter, then the
// lower-case letters in the order of the tones (none, huyền, hỏi, ngã, sắc, nặng) for each vowel
// quality. 66 lower-case + 66 upper-case + đ/Đ = 134.
struct LetterRow {
  char base;
  const char* lower;
  const char* upper;
};
const LetterRow kAlphabet[] = {
    {'a', "àảãáạ", "ÀẢÃÁẠ"},   {'a', "ăằẳẵắặ", "ĂẰẲẴẮẶ"}, {'a', "âầẩẫấậ", "ÂẦẨẪẤẬ"},
    {'d', "đ", "Đ"},           {'e', "èẻẽéẹ", "ÈẺẼÉẸ"},   {'e', "êềểễếệ", "ÊỀỂỄẾỆ"},
    {'i', "ìỉĩíị", "ÌỈĨÍỊ"},   {'o', "òỏõóọ", "ÒỎÕÓỌ"},   {'o', "ôồổỗốộ", "ÔỒỔỖỐỘ"},
    {'o', "ơờởỡớợ", "ƠỜỞỠỚỢ"}, {'u', "ùủũúụ", "ÙỦŨÚỤ"},   {'u', "ưừửữứự", "ƯỪỬỮỨỰ"},
    {'y', "ỳỷỹýỵ", "ỲỶỸÝỴ"},
};

std::vector<std::pair<std::string, char>> all_marked_letters() {
  std::vector<std::pair<std::string, char>> out;
  for (const auto& row : kAlphabet) {
    for (const auto& l : letters_of(row.lower)) out.emplace_back(l, row.base);
    for (const auto& l : letters_of(row.upper)) out.emplace_back(l, row.base);
  }
  return out;
}

TEST(Fold, TheAlphabetHas134MarkedLetters) { EXPECT_EQ(all_marked_letters().size(), 134u); }

TEST(Fold, EveryMarkedLetterFoldsToItsAsciiBaseAsIcuDoes) {
  for (const auto& [letter, base] : all_marked_letters()) {
    SCOPED_TRACE(letter);
    EXPECT_EQ(fold(letter), std::string(1, base));
    EXPECT_EQ(fold(letter), icu_fold(letter));
    // NFD input folds the same: combining marks are dropped.
    EXPECT_EQ(fold(icu_nfd(letter)), std::string(1, base));
  }
}

TEST(Fold, AsciiLettersDigitsAndPunctuationAsIcuDoes) {
  for (char32_t c = 0x20; c < 0x7F; ++c) {
    std::string s;
    append_utf8(s, c);
    SCOPED_TRACE(s);
    EXPECT_EQ(fold(s), icu_fold(s));
  }
}

// Every letter and mark of the Latin blocks Vietnamese text can meet (Latin-1, Extended-A/B,
// Extended Additional) and the combining marks, one by one, against ICU. Ð/ð are the one
// deliberate difference: they stand for Đ/đ in text converted from old Vietnamese encodings.
TEST(Fold, LatinBlocksAsIcuDoesExceptEth) {
  std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x00A0, 0x024F}, {0x0300, 0x036F}, {0x1E00, 0x1EFF}};
  int checked = 0;
  for (auto [lo, hi] : ranges) {
    for (char32_t c = lo; c <= hi; ++c) {
      if (!u_isdefined(static_cast<UChar32>(c))) continue;
      std::string s;
      append_utf8(s, c);
      SCOPED_TRACE(s + " U+" + std::to_string(static_cast<unsigned>(c)));
      if (c == 0xD0 || c == 0xF0) {
        EXPECT_EQ(fold(s), "d");
        continue;
      }
      // ICU's Lower uses full case mapping: İ becomes i + dot above before marks go (same
      // result), but the few letters whose full mapping is longer differ from a 1:1 table.
      const std::string ref = icu_fold(s);
      if (letters_of(ref).size() != 1 && !ref.empty()) continue;
      EXPECT_EQ(fold(s), ref);
      ++checked;
    }
  }
  EXPECT_GT(checked, 600);
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The real documents the seeds were made from, in their NFC and NFD forms.
TEST(Fold, SeedOriginalsFoldAsIcuDoes) {
  const fs::path dir = fs::path(VANTHU_TEST_DATA) / "seeds" / "originals";
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".txt") continue;
    const std::string text = read_all(e.path());
    SCOPED_TRACE(e.path().string());
    EXPECT_EQ(fold(text), icu_fold(text));
    EXPECT_EQ(fold(icu_nfd(text)), icu_fold(text));
    ++files;
  }
  EXPECT_GE(files, 1);
}

TEST(Fold, DStrokeIsNotDroppedOrKept) {
  EXPECT_EQ(fold("Đảng"), "dang");
  EXPECT_EQ(fold("đang"), "dang");
  EXPECT_EQ(fold("Đặng"), "dang");
  EXPECT_EQ(fold("ĐẢNG VIÊN"), "dang vien");
  EXPECT_EQ(fold("kêt nạp"), "ket nap");
  EXPECT_EQ(fold("Ðảng"), "dang");  // Ð U+00D0 from old converters
}

// ---- exact forms -------------------------------------------------------------------------------

TEST(Exact, LowerCasesEveryMarkedLetterAndKeepsItsMarks) {
  for (const auto& row : kAlphabet) {
    const auto lower = letters_of(row.lower), upper = letters_of(row.upper);
    ASSERT_EQ(lower.size(), upper.size());
    for (std::size_t i = 0; i < lower.size(); ++i) {
      SCOPED_TRACE(upper[i]);
      EXPECT_EQ(exact(upper[i]), lower[i]);
      EXPECT_EQ(exact(lower[i]), lower[i]);
      EXPECT_EQ(exact(icu_nfd(upper[i])), lower[i]);  // NFD in, NFC out
      EXPECT_TRUE(has_marks(lower[i]));
    }
  }
  EXPECT_EQ(exact("ĐẢNG"), "đảng");
  EXPECT_NE(exact("Đảng"), exact("đang"));
  EXPECT_NE(exact("đảng"), exact("Đặng"));
  EXPECT_FALSE(has_marks("Ban"));
  EXPECT_FALSE(has_marks("2023"));
}

// Old and new tone placement: the same exact form. The first of each pair is the canonical one.
TEST(Exact, OldAndNewTonePlacementAreOneForm) {
  const std::pair<const char*, const char*> pairs[] = {
      {"hòa", "hoà"},   {"hóa", "hoá"},   {"hỏa", "hoả"},   {"hõa", "hoã"},   {"họa", "hoạ"},
      {"khòe", "khoè"}, {"khóe", "khoé"}, {"khỏe", "khoẻ"}, {"khõe", "khoẽ"}, {"khọe", "khoẹ"},
      {"tùy", "tuỳ"},   {"thúy", "thuý"}, {"ủy", "uỷ"},     {"thủy", "thuỷ"}, {"hũy", "huỹ"},
      {"lụy", "luỵ"},   {"khóa", "khoá"}, {"xòa", "xoà"},   {"Ủy", "Uỷ"},     {"HÒA", "HOÀ"},
      {"Thủy", "THUỶ"}, {"Khỏe", "KHOẺ"},
  };
  for (const auto& [canonical, other] : pairs) {
    SCOPED_TRACE(std::string(canonical) + " / " + other);
    EXPECT_EQ(exact(canonical), exact(other));
    EXPECT_EQ(exact(other), exact(canonical));
    EXPECT_EQ(fold(canonical), fold(other));
  }
  EXPECT_EQ(exact("uỷ"), "ủy");
  EXPECT_EQ(exact("HOÀ"), "hòa");
}

TEST(Exact, TonePlacementLeavesOtherWordsAlone) {
  // qu + y: the tone is on y in both styles; a final consonant or glide fixes the place.
  for (const char* w : {"quý", "quỳ", "quỷ", "quạ", "hoàn", "hoàng", "thuyền", "khuyết", "hoài",
                        "ngoài", "thuở", "huệ", "hoặc", "uyển", "toàn", "tuý", "mùa", "của"}) {
    SCOPED_TRACE(w);
    if (std::string(w) == "tuý") {
      EXPECT_EQ(exact(w), "túy");
      continue;
    }
    EXPECT_EQ(exact(w), w);
  }
}

TEST(Clean, MakesAnyBytesWellFormedNfcWithoutControls) {
  EXPECT_EQ(clean_text("a\xff"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(clean_text("\xE1\xBB"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(clean_text(icu_nfd("Đảng viên")), "Đảng viên");
  EXPECT_EQ(clean_text(std::string("a\x02"
                                   "b\x03"
                                   "c\x00"
                                   "d",
                                   7)),
            "a b c d");
  EXPECT_EQ(clean_text("a\tb\nc\fd\re"), "a\tb\nc\fd\re");
  EXPECT_EQ(sanitize_utf8("\xEF\xBF\xBD"), "\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
}

// ---- tokenizer ---------------------------------------------------------------------------------

std::vector<std::string> word_texts(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& w : split_words(text))
    out.push_back(text.substr(w.span.begin, w.span.end - w.span.begin));
  return out;
}

TEST(Tokenizer, SyllablesWithOffsetsIntoTheOriginal) {
  const std::string text = "Về đẩy mạnh, “kết nạp” đảng viên (năm 2023)…";
  EXPECT_EQ(word_texts(text), (std::vector<std::string>{"Về", "đẩy", "mạnh", "kết", "nạp", "đảng",
                                                        "viên", "năm", "2023"}));
  // NFD text: combining marks stay inside their syllable; offsets still cut the original.
  const std::string nfd = icu_nfd(text);
  const auto words = word_texts(nfd);
  ASSERT_EQ(words.size(), 9u);
  EXPECT_EQ(words[5], icu_nfd("đảng"));
  EXPECT_EQ(folded_term(words[5]), "dang");
  EXPECT_EQ(exact_term(words[5]), "đảng");
}

TEST(Tokenizer, DocumentNumbersAreWholeWordsToo) {
  struct Case {
    const char* text;
    bool number;
    const char* term;
    std::size_t syllables;
  };
  const Case cases[] = {
      {"1269-CV/TU", true, "1269-cv/tu", 3},
      {"12/QĐ-UBND", true, "12/qd-ubnd", 3},
      {"15/2023/QĐ-UBND", true, "15/2023/qd-ubnd", 4},
      {"05-CT/HU", true, "5-ct/hu", 3},
      {"0-ct/hu", true, "0-ct/hu", 3},
      {"36-HD/VPTW", true, "36-hd/vptw", 3},
      {"15/9/2020", false, "", 1},
      {"3-4", false, "", 1},
      {"CT-XH", false, "", 1},
      {"T/M", false, "", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const auto words = split_words(c.text);
    ASSERT_FALSE(words.empty());
    EXPECT_EQ(words[0].number, c.number);
    if (c.number) {
      EXPECT_EQ(words.size(), 1u);
      EXPECT_EQ(words[0].syllables.size(), c.syllables);
      EXPECT_EQ(number_term(c.text), c.term);
    }
  }
  // In running text, with the punctuation around it.
  EXPECT_EQ(word_texts("Chỉ thị số 28-CT/TW, ngày 21/01/2019."),
            (std::vector<std::string>{"Chỉ", "thị", "số", "28-CT/TW", "ngày", "21", "01", "2019"}));
}

struct Emitted {
  std::string term, text;
  bool colocated;
  bool operator==(const Emitted&) const = default;
};

std::vector<Emitted> emitted(const std::string& text) {
  std::vector<Emitted> out;
  index_tokens(text, [&](const IndexToken& t) {
    out.push_back({t.term, text.substr(t.span.begin, t.span.end - t.span.begin), t.colocated});
    return true;
  });
  return out;
}

TEST(Tokenizer, IndexTokensFoldedThenExactThenWholeNumberAtOnePosition) {
  EXPECT_EQ(emitted("Đảng viên Ban"), (std::vector<Emitted>{{"dang", "Đảng", false},
                                                            {"=đảng", "Đảng", true},
                                                            {"vien", "viên", false},
                                                            {"=viên", "viên", true},
                                                            {"ban", "Ban", false}}));
  EXPECT_EQ(emitted("Số 12/QĐ-UBND"), (std::vector<Emitted>{{"so", "Số", false},
                                                            {"=số", "Số", true},
                                                            {"12", "12", false},
                                                            {"12/qd-ubnd", "12", true},
                                                            {"qd", "QĐ", false},
                                                            {"=qđ", "QĐ", true},
                                                            {"ubnd", "UBND", false}}));
  EXPECT_EQ(
      emitted("Uỷ ban"),
      (std::vector<Emitted>{{"uy", "Uỷ", false}, {"=ủy", "Uỷ", true}, {"ban", "ban", false}}));
  EXPECT_EQ(emitted("Ủy ban")[1].term, "=ủy");
}

TEST(Tokenizer, LongRunsAreCutAtACharacterBoundary) {
  std::string longword;
  for (int i = 0; i < 80; ++i) longword += "ạ";
  const auto e = emitted(longword);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_LE(e[0].term.size(), kMaxTermBytes);
  EXPECT_LE(e[1].term.size(), kMaxTermBytes);
  EXPECT_EQ(sanitize_utf8(e[1].term), e[1].term);
  EXPECT_EQ(e[1].text, longword);  // the offsets still cover the whole word
}

TEST(Tokenizer, AnyBytesTokenizeWithoutFailing) {
  std::string junk;
  unsigned x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    junk += static_cast<char>((x >> 16) & 0xFF);
  }
  std::size_t n = 0;
  index_tokens(junk, [&](const IndexToken& t) {
    EXPECT_LE(t.span.end, junk.size());
    EXPECT_LT(t.span.begin, t.span.end);
    ++n;
    return true;
  });
  EXPECT_GT(n, 0u);
}

}  // namespace
}  // namespace vanthu::archive::text
