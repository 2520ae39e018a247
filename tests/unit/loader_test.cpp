// Document loader (generator/load/loader.h): a minimal valid document loads; every kind of
// problem in a data file is reported with its code, dotted field path and file:line:col;
// validate_document checks what needs the profile (kind codes, footnote references).
#include "load/loader.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "profile/profile.h"

namespace {

using vanthu::Diagnostic;
using vanthu::Diagnostics;
using vanthu::generator::Date;
using vanthu::generator::Document;
using vanthu::generator::load_document;
using vanthu::generator::load_profile;
using vanthu::generator::parse_iso_date;
using vanthu::generator::Paragraph;
using vanthu::generator::Profile;
using vanthu::generator::validate_document;

// A minimal valid document. Line numbers matter: the error cases below refer to them.
//  1 profile            9 title            17 recipient {text,purpose}
//  2 kind              10   subject        19 recipient (string)
//  3 header            11 body             20   archive
//  4   issuer          12   - paragraph    21 signature
//  5   issuer_code     13 footnotes        22   authority
//  6   number          14   1: …           23   collective
//  7   place           15 recipients       24   position
//  8   date            16   items          25   name
constexpr const char* kValid = R"(profile: dang
kind: CT
header:
  issuer: THỊ ỦY QUẢNG TRỊ
  issuer_code: TU
  number: 5
  place: Quảng Trị
  date: 2023-03-15
title:
  subject: về công tác kết nạp đảng viên
body:
  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.
footnotes:
  1: Công văn số 1403-CV/HU.
recipients:
  items:
    - text: Ban Thường vụ Tỉnh ủy
      purpose: báo cáo
    - Các chi bộ
  archive: Lưu Văn phòng Thị ủy
signature:
  authority: T/M
  collective: BAN THƯỜNG VỤ
  position: PHÓ BÍ THƯ
  name: Bùi Văn Lý
)";

// The same document as JSON (JSON is read by the same loader).
constexpr const char* kValidJson = R"({
  "profile": "dang", "kind": "CT",
  "header": {"issuer": "THỊ ỦY QUẢNG TRỊ", "issuer_code": "TU", "number": 5,
             "place": "Quảng Trị", "date": "2023-03-15"},
  "title": {"subject": "về công tác kết nạp đảng viên"},
  "body": ["Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản."],
  "footnotes": {"1": "Công văn số 1403-CV/HU."},
  "recipients": {"items": [{"text": "Ban Thường vụ Tỉnh ủy", "purpose": "báo cáo"}, "Các chi bộ"],
                 "archive": "Lưu Văn phòng Thị ủy"},
  "signature": {"authority": "T/M", "collective": "BAN THƯỜNG VỤ", "position": "PHÓ BÍ THƯ",
                "name": "Bùi Văn Lý"}
})";

// kValid with the first occurrence of `from` replaced by `to`; fails the test if `from` is not
// there exactly once (so that a typo in a table row cannot make a case vacuous).
std::string edited(const std::string& from, const std::string& to) {
  std::string s = kValid;
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << "edit target not in kValid: " << from;
  if (at == std::string::npos) return s;
  EXPECT_EQ(s.find(from, at + 1), std::string::npos) << "edit target not unique: " << from;
  return s.replace(at, from.size(), to);
}

const Diagnostic* find_code(const Diagnostics& d, const std::string& code) {
  for (const auto& x : d.all())
    if (x.code == code) return &x;
  return nullptr;
}

std::string dump(const Diagnostics& d) { return d.all().empty() ? "(no diagnostics)" : d.format(); }

// ---------------------------------------------------------------------------------------------
// Valid input

TEST(Loader, MinimalValidDocumentLoadsWithoutDiagnostics) {
  Diagnostics diags;
  auto doc = load_document(kValid, "doc.yaml", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_TRUE(diags.all().empty()) << dump(diags);

  EXPECT_EQ(doc->profile, "dang");
  EXPECT_EQ(doc->kind.value, "CT");
  ASSERT_EQ(doc->issuer.size(), 1u);
  EXPECT_EQ(doc->issuer[0].value, "THỊ ỦY QUẢNG TRỊ");
  EXPECT_EQ(doc->issuer_code.value, "TU");
  EXPECT_EQ(doc->number, 5);
  EXPECT_FALSE(doc->is_draft());
  EXPECT_EQ(doc->place.value, "Quảng Trị");
  EXPECT_EQ(doc->date, (Date{2023, 3, 15}));
  ASSERT_EQ(doc->subject.size(), 1u);
  EXPECT_EQ(doc->subject[0].value, "về công tác kết nạp đảng viên");
  ASSERT_EQ(doc->body.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<Paragraph>(doc->body[0].value));
  ASSERT_EQ(doc->footnotes.count(1), 1u);
  ASSERT_EQ(doc->recipients.size(), 2u);
  EXPECT_EQ(doc->recipients[0].text.value, "Ban Thường vụ Tỉnh ủy");
  EXPECT_EQ(doc->recipients[0].purpose.value, "báo cáo");
  EXPECT_EQ(doc->recipients[1].text.value, "Các chi bộ");
  EXPECT_TRUE(doc->recipients[1].purpose.empty());
  EXPECT_EQ(doc->archive_line.value, "Lưu Văn phòng Thị ủy");
  EXPECT_EQ(doc->signature.authority.value, "T/M");
  EXPECT_EQ(doc->signature.collective.value, "BAN THƯỜNG VỤ");
  ASSERT_EQ(doc->signature.positions.size(), 1u);
  EXPECT_EQ(doc->signature.name.value, "Bùi Văn Lý");
  EXPECT_TRUE(doc->end_mark);  // default
}

TEST(Loader, TextKeepsTheLineAndColumnItCameFrom) {
  Diagnostics diags;
  auto doc = load_document(kValid, "doc.yaml", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_EQ(doc->place.loc.file, "doc.yaml");
  EXPECT_EQ(doc->place.loc.line, 7);
  EXPECT_EQ(doc->place.loc.col, 10);
  EXPECT_EQ(doc->place.field, "header.place");
  EXPECT_EQ(doc->signature.name.loc.line, 25);
}

TEST(Loader, JsonWithTheSameSchemaLoadsLikeYaml) {
  Diagnostics diags;
  auto doc = load_document(kValidJson, "doc.json", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_EQ(doc->place.value, "Quảng Trị");
  EXPECT_EQ(doc->number, 5);
  EXPECT_EQ(doc->date, (Date{2023, 3, 15}));
  EXPECT_EQ(doc->recipients.size(), 2u);
}

TEST(Loader, MissingNumberAndDateMakeADraft) {
  std::string s = edited("  number: 5\n", "");
  s.replace(s.find("  date: 2023-03-15\n"), 19, "  date: null\n");
  Diagnostics diags;
  auto doc = load_document(s, "doc.yaml", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_TRUE(doc->is_draft());
  EXPECT_FALSE(doc->date.has_value());
}

TEST(Loader, DecomposedNfdInputIsNormalisedToNfc) {
  // "Quảng Trị" with ả = a + U+0309 (CC 89) and ị = i + U+0323 (CC A3): decomposed (NFD).
  const std::string nfd_place = "Qua\xCC\x89ng Tri\xCC\xA3";
  const std::string nfc_place = "Qu\xE1\xBA\xA3ng Tr\xE1\xBB\x8B";  // ả = U+1EA3, ị = U+1ECB
  ASSERT_EQ(nfc_place, "Quảng Trị");  // the source file itself is NFC
  std::string s = edited("  place: Quảng Trị\n", "  place: " + nfd_place + "\n");
  // Also a decomposed paragraph ("ứ" = u + U+031B horn + U+0301 acute) and signer name.
  s.replace(s.find("Bùi Văn Lý"), std::string("Bùi Văn Lý").size(), "Bu\xCC\x80i Va\xCC\x86n Ly\xCC\x81");
  s.replace(s.find("  - Trong"), 9, "  - Nhu\xCC\x9B\xCC\x81 Trong");

  Diagnostics diags;
  auto doc = load_document(s, "doc.yaml", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_EQ(doc->place.value, nfc_place);
  EXPECT_EQ(doc->signature.name.value, "Bùi Văn Lý");
  const auto& para = std::get<Paragraph>(doc->body[0].value);
  ASSERT_FALSE(para.text.spans.empty());
  EXPECT_EQ(para.text.spans[0].text.rfind("Nhứ Trong", 0), 0u) << para.text.spans[0].text;
}

TEST(Loader, RunsOfWhiteSpaceInTextCollapseToOneSpace) {
  std::string s = edited("  place: Quảng Trị\n", "  place: \"  Quảng \\t  Trị  \"\n");
  Diagnostics diags;
  auto doc = load_document(s, "doc.yaml", diags);
  ASSERT_TRUE(doc.has_value()) << dump(diags);
  EXPECT_EQ(doc->place.value, "Quảng Trị");
}

// ---------------------------------------------------------------------------------------------
// Errors: one table row per rule. `from` → `to` is an edit of kValid; with `from` empty, `to` is
// the whole file.

struct ErrorCase {
  const char* rule;  // test name
  std::string from, to;
  const char* code;
  const char* field;
  int line, col;
  const char* hint_has;  // substring of the hint ("" = not checked)
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.rule; }

class LoaderError : public testing::TestWithParam<ErrorCase> {};

TEST_P(LoaderError, IsReportedWithCodeFieldAndPosition) {
  const ErrorCase& c = GetParam();
  const std::string content = c.from.empty() ? c.to : edited(c.from, c.to);
  Diagnostics diags;
  auto doc = load_document(content, "doc.yaml", diags);
  EXPECT_FALSE(doc.has_value()) << "a document with errors must not be returned";
  ASSERT_TRUE(diags.has_errors());
  const Diagnostic* d = find_code(diags, c.code);
  ASSERT_NE(d, nullptr) << "no \"" << c.code << "\" diagnostic; got:\n" << dump(diags);
  EXPECT_EQ(d->severity, Diagnostic::Severity::kError);
  EXPECT_EQ(d->field, c.field) << d->format();
  EXPECT_EQ(d->loc.file, "doc.yaml");
  EXPECT_EQ(d->loc.line, c.line) << d->format();
  EXPECT_EQ(d->loc.col, c.col) << d->format();
  EXPECT_NE(d->hint.find(c.hint_has), std::string::npos) << d->format();
  EXPECT_FALSE(d->message.empty());
  // The printed form starts with file:line:col.
  const std::string where = "doc.yaml:" + std::to_string(c.line) + ":" + std::to_string(c.col) + ": error: ";
  EXPECT_EQ(d->format().rfind(where, 0), 0u) << d->format();
}

const ErrorCase kErrorCases[] = {
    // Fields
    {"UnknownTopLevelFieldSuggestsTheNearestKnownOne", "header:\n", "hedaer:\n", "unknown-field",
     "hedaer", 3, 1, "`header`"},
    {"UnknownNestedFieldHasItsDottedPath", "  number: 5\n", "  numbr: 5\n", "unknown-field",
     "header.numbr", 6, 3, "`number`"},
    {"UnknownFieldFarFromAnyKnownOneGetsNoSuggestion", "  number: 5\n", "  zzzzzzzz: 5\n",
     "unknown-field", "header.zzzzzzzz", 6, 3, "docs/data-format.md"},
    {"MissingSignatureNameIsReportedAtTheSignatureMapping", "  name: Bùi Văn Lý\n", "",
     "missing-field", "signature.name", 22, 3, "name"},
    {"MissingHeaderSection", "header:\n  issuer: THỊ ỦY QUẢNG TRỊ\n  issuer_code: TU\n  number: 5\n"
     "  place: Quảng Trị\n  date: 2023-03-15\n", "", "missing-field", "header", 1, 1, "header"},
    {"NumberThatIsNotAWholeNumberIsAWrongType", "  number: 5\n", "  number: abc\n", "wrong-type",
     "header.number", 6, 11, "digits"},
    {"NegativeNumberIsAWrongType", "  number: 5\n", "  number: -3\n", "wrong-type",
     "header.number", 6, 11, "digits"},
    {"NumberZeroIsOutOfRange", "  number: 5\n", "  number: 0\n", "out-of-range", "header.number",
     6, 11, "999999"},
    {"IssuerAsAMappingIsAWrongType", "  issuer: THỊ ỦY QUẢNG TRỊ\n", "  issuer: {a: 1}\n",
     "wrong-type", "header.issuer", 4, 11, ""},
    {"HeaderAsAListIsAWrongType",
     "header:\n  issuer: THỊ ỦY QUẢNG TRỊ\n  issuer_code: TU\n  number: 5\n  place: Quảng Trị\n"
     "  date: 2023-03-15\n", "header: [a, b]\n", "wrong-type", "header", 3, 9, "key: value"},
    {"TopLevelListIsAWrongType", "", "- a\n- b\n", "wrong-type", "", 1, 1, ""},
    {"IssuerCodeWithASlashIsABadValue", "  issuer_code: TU\n", "  issuer_code: T/U\n",
     "bad-value", "header.issuer_code", 5, 16, "TU"},
    {"EndMarkThatIsNotABooleanIsAWrongType", "signature:\n", "end_mark: maybe\nsignature:\n",
     "wrong-type", "end_mark", 21, 11, "true or false"},
    {"EmptyRequiredTextIsAnEmptyField", "  place: Quảng Trị\n", "  place: \"   \"\n",
     "empty-field", "header.place", 7, 10, ""},
    {"EmptyBodyListHasNoBlocks",
     "body:\n  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "body: []\n", "empty-body", "body", 11, 7, "paragraph"},
    {"ItemWithBothHeadingAndLeadIsAConflict",
     "  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "  - item: \"1\"\n    heading: Tiêu đề[^1]\n    lead: \"Mở đầu:\"\n", "conflict", "body[0]",
     12, 5, "one of them"},
    {"ItemWithoutAnyTextIsEmpty",
     "  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "  - item: \"1\"\n", "empty-item", "body[0]", 12, 5, "text"},
    {"BlockThatIsNoParagraphItemOrNoteIsUnknown",
     "  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "  - quote: x\n", "unknown-block", "body[0]", 12, 5, "item"},
    {"FootnoteKeyThatIsNotANumberIsABadKey", "  1: Công văn", "  x1: Công văn", "bad-key",
     "footnotes.x1", 14, 3, "1:"},
    {"FootnoteKeyZeroIsABadKey", "  1: Công văn", "  0: Công văn", "bad-key", "footnotes.0", 14,
     3, "1:"},
    {"FootnoteTextCannotReferenceAFootnote", "  1: Công văn số 1403-CV/HU.\n",
     "  1: Công văn số 1403-CV/HU[^1].\n", "markup", "footnotes.1", 14, 6, "[^1]"},
    {"RecipientsWithoutItemsIsMissingItems",
     "  items:\n    - text: Ban Thường vụ Tỉnh ủy\n      purpose: báo cáo\n    - Các chi bộ\n", "",
     "missing-field", "recipients.items", 16, 3, ""},
    // Dates
    {"FebruaryThirtiethIsABadDate", "  date: 2023-03-15\n", "  date: 2023-02-30\n", "bad-date",
     "header.date", 8, 9, "YYYY-MM-DD"},
    {"NonLeapFebruaryTwentyNinthIsABadDate", "  date: 2023-03-15\n", "  date: 2023-02-29\n",
     "bad-date", "header.date", 8, 9, "YYYY-MM-DD"},
    {"DayMonthYearOrderIsABadDate", "  date: 2023-03-15\n", "  date: 15/03/2023\n", "bad-date",
     "header.date", 8, 9, "YYYY-MM-DD"},
    {"DateAsAListIsAWrongType", "  date: 2023-03-15\n", "  date: [2023, 3, 15]\n", "wrong-type",
     "header.date", 8, 9, ""},
    // Syntax and encoding
    {"ColonInsideAnUnquotedValueIsASyntaxErrorAtTheColon", "kind: CT\n", "kind: CT: x\n",
     "syntax", "", 2, 9, "quote"},
    {"TabIndentationIsASyntaxErrorAtTheTab", "  place: Quảng Trị\n", "\tplace: Quảng Trị\n",
     "syntax", "", 7, 1, "indentation"},
    // yaml-cpp reports an unclosed "{" where it meets the next key's ':' (line 5, col 14).
    {"UnclosedFlowMappingIsASyntaxErrorAtTheNextKey", "  issuer: THỊ ỦY QUẢNG TRỊ\n",
     "  issuer: {a: 1\n", "syntax", "", 5, 14, "indentation"},
    {"InvalidUtf8ByteIsABadEncodingAtItsColumn", "  place: Quảng Trị\n", "  place: Qu\xE1ng\n",
     "bad-encoding", "", 7, 12, "UTF-8"},
    {"BadEncodingColumnCountsCharactersNotBytes", "  place: Quảng Trị\n",
     "  place: Quảng Tr\xFF\n", "bad-encoding", "", 7, 18, "UTF-8"},
    {"Latin1EncodedFileIsABadEncoding", "", "profile: dang\nkind: CT\nheader:\n  place: Qu\xE0ng\n",
     "bad-encoding", "", 4, 12, "TCVN3"},
    {"Utf16SurrogateEncodedAsUtf8IsABadEncoding", "kind: CT\n", "kind: C\xED\xA0\x80T\n",
     "bad-encoding", "", 2, 8, ""},
    {"OverlongEncodingIsABadEncoding", "kind: CT\n", "kind: \xC0\xAF\n", "bad-encoding", "", 2, 7,
     ""},
    // Empty files
    {"EmptyFileIsEmpty", "", "", "empty", "", 1, 1, "vanthu example"},
    {"FileWithOnlyCommentsIsEmpty", "", "# nothing here\n\n", "empty", "", 1, 1, ""},
    {"FileThatIsNullIsEmpty", "", "null\n", "empty", "", 1, 1, ""},
    // Markup
    {"UnclosedBoldIsAMarkupErrorInItsField",
     "  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "  - Trong **những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n", "markup",
     "body[0]", 12, 5, "**"},
    {"UnclosedItalicInAnItemTextIsAMarkupError",
     "  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
     "  - item: \"1\"\n    text: Trong *những[^1]\n", "markup", "body[0].text", 13, 11, "*"},
    {"MalformedFootnoteReferenceIsAMarkupError", "văn bản.\n", "văn bản[^x].\n", "markup",
     "body[0]", 12, 5, "[^1]"},
};

INSTANTIATE_TEST_SUITE_P(Rules, LoaderError, testing::ValuesIn(kErrorCases),
                         [](const testing::TestParamInfo<ErrorCase>& i) { return std::string(i.param.rule); });

TEST(Loader, MarkupErrorMessageGivesTheCharacterPosition) {
  Diagnostics diags;
  load_document(edited("  - Trong những", "  - Trong **những"), "doc.yaml", diags);
  const Diagnostic* d = find_code(diags, "markup");
  ASSERT_NE(d, nullptr) << dump(diags);
  EXPECT_NE(d->message.find("at character 7"), std::string::npos) << d->message;
  EXPECT_NE(d->message.find("never closed"), std::string::npos) << d->message;
}

TEST(Loader, EveryErrorInAFileIsReportedNotJustTheFirst) {
  std::string s = edited("  number: 5\n", "  number: abc\n");
  s.replace(s.find("  date: 2023-03-15"), 18, "  date: 2023-02-30");
  s.replace(s.find("  name: Bùi Văn Lý\n"), std::string("  name: Bùi Văn Lý\n").size(), "");
  Diagnostics diags;
  EXPECT_FALSE(load_document(s, "doc.yaml", diags).has_value());
  EXPECT_NE(find_code(diags, "wrong-type"), nullptr) << dump(diags);
  EXPECT_NE(find_code(diags, "bad-date"), nullptr) << dump(diags);
  EXPECT_NE(find_code(diags, "missing-field"), nullptr) << dump(diags);
  EXPECT_EQ(diags.all().size(), 3u) << dump(diags);
}

TEST(Loader, ItemsNestedMoreThanEightLevelsAreTooDeep) {
  std::string body = "body:\n";
  std::string indent = "  ";
  for (int depth = 0; depth < 11; ++depth) {
    body += indent + "- item: \"1\"\n" + indent + "  text: Mục[^1]\n" + indent + "  body:\n";
    indent += "    ";
  }
  body += indent + "- Đoạn cuối.\n";
  std::string s = edited("body:\n  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n", body);
  Diagnostics diags;
  EXPECT_FALSE(load_document(s, "doc.yaml", diags).has_value());
  const Diagnostic* d = find_code(diags, "too-deep");
  ASSERT_NE(d, nullptr) << dump(diags);
  EXPECT_NE(d->field.find("body[0].body[0]"), std::string::npos) << d->field;
}

TEST(Loader, FileLargerThanTheLimitIsTooLarge) {
  std::string s(vanthu::generator::kMaxDataFileBytes + 1, ' ');
  Diagnostics diags;
  EXPECT_FALSE(load_document(s, "doc.yaml", diags).has_value());
  EXPECT_NE(find_code(diags, "too-large"), nullptr) << dump(diags);
}

TEST(Loader, ColumnsAfterVietnameseTextCountCharactersNotBytes) {
  std::string s = edited("    - Các chi bộ\n", "    - {text: Ban Thường vụ, purpose: [x]}\n");
  Diagnostics diags;
  EXPECT_FALSE(load_document(s, "doc.yaml", diags).has_value());
  const Diagnostic* d = find_code(diags, "wrong-type");
  ASSERT_NE(d, nullptr) << dump(diags);
  EXPECT_EQ(d->field, "recipients.items[1].purpose");
  EXPECT_EQ(d->loc.line, 19);
  EXPECT_EQ(d->loc.col, 38) << d->format();
}

TEST(Loader, KeyWrittenTwiceInOneMappingIsAnError) {
  Diagnostics diags;
  EXPECT_FALSE(load_document(edited("  number: 5\n", "  number: 5\n  number: 6\n"), "doc.yaml", diags).has_value());
  ASSERT_TRUE(diags.has_errors()) << "number 5 or 6? the file says both";
  EXPECT_EQ(diags.all()[0].field, "header.number") << dump(diags);
  EXPECT_EQ(diags.all()[0].loc.line, 7) << dump(diags);
}

TEST(Loader, FootnoteNumberDefinedTwiceIsAnError) {
  Diagnostics diags;
  EXPECT_FALSE(load_document(edited("  1: Công văn số 1403-CV/HU.\n", "  1: Công văn số 1403-CV/HU.\n  01: Khác.\n"),
                             "doc.yaml", diags)
                   .has_value());
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.all()[0].field, "footnotes.01") << dump(diags);
}

// ---------------------------------------------------------------------------------------------
// parse_iso_date

struct DateCase {
  const char* text;
  bool real;
};

class IsoDate : public testing::TestWithParam<DateCase> {};

TEST_P(IsoDate, AcceptsExactlyTheRealCalendarDates) {
  const auto& c = GetParam();
  auto d = parse_iso_date(c.text);
  EXPECT_EQ(d.has_value(), c.real) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Dates, IsoDate,
    testing::Values(DateCase{"2024-02-29", true},   // divisible by 4: leap
                    DateCase{"2023-02-29", false},  // not divisible by 4
                    DateCase{"1900-02-29", false},  // divisible by 100, not 400: not leap
                    DateCase{"2000-02-29", true},   // divisible by 400: leap
                    DateCase{"2100-02-29", false}, DateCase{"2023-02-28", true},
                    DateCase{"2024-02-30", false}, DateCase{"2023-04-30", true},
                    DateCase{"2023-04-31", false}, DateCase{"2023-12-31", true},
                    DateCase{"2023-13-01", false}, DateCase{"2023-00-10", false},
                    DateCase{"2023-01-00", false}, DateCase{"1900-01-01", true},
                    DateCase{"1899-12-31", false}, DateCase{"2999-12-31", true},
                    DateCase{"3000-01-01", false}, DateCase{"2023-3-15", false},
                    DateCase{"2023/03/15", false}, DateCase{"2023-03-15 ", false},
                    DateCase{"20a3-03-15", false}, DateCase{"", false}),
    [](const testing::TestParamInfo<DateCase>& i) {
      std::string n = std::string("c") + std::to_string(i.index) + "_";
      for (const char* p = i.param.text; *p; ++p) n += (*p >= '0' && *p <= '9') ? *p : '_';
      return n;
    });

TEST(IsoDate, ReturnsTheFields) {
  EXPECT_EQ(parse_iso_date("2000-02-29"), (Date{2000, 2, 29}));
  EXPECT_EQ(parse_iso_date("2023-12-05"), (Date{2023, 12, 5}));
}

// ---------------------------------------------------------------------------------------------
// validate_document against the Party profile

class Validate : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics diags;
    auto p = load_profile("dang", VANTHU_SOURCE_DIR "/templates/profiles", diags);
    ASSERT_TRUE(p.has_value()) << diags.format();
    profile_ = new Profile(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete profile_;
    profile_ = nullptr;
  }

  // Loads (must succeed) and validates; returns the validation diagnostics.
  Diagnostics validate(const std::string& content, bool* ok = nullptr) {
    Diagnostics load_diags;
    auto doc = load_document(content, "doc.yaml", load_diags);
    EXPECT_TRUE(doc.has_value()) << dump(load_diags);
    Diagnostics diags;
    if (!doc) return diags;
    bool r = validate_document(*doc, *profile_, diags);
    EXPECT_EQ(r, !diags.has_errors());
    if (ok) *ok = r;
    return diags;
  }

  static Profile* profile_;
};
Profile* Validate::profile_ = nullptr;

TEST_F(Validate, MinimalValidDocumentPasses) {
  bool ok = false;
  Diagnostics d = validate(kValid, &ok);
  EXPECT_TRUE(ok);
  EXPECT_TRUE(d.all().empty()) << dump(d);
}

TEST_F(Validate, KindCodeUnknownToTheProfileIsReportedWithTheKnownCodes) {
  bool ok = true;
  Diagnostics d = validate(edited("kind: CT\n", "kind: XX\n"), &ok);
  EXPECT_FALSE(ok);
  const Diagnostic* x = find_code(d, "unknown-kind");
  ASSERT_NE(x, nullptr) << dump(d);
  EXPECT_EQ(x->field, "kind");
  EXPECT_EQ(x->loc.line, 2);
  EXPECT_EQ(x->loc.col, 7);
  EXPECT_NE(x->message.find("XX"), std::string::npos) << x->format();
  EXPECT_NE(x->hint.find("CT"), std::string::npos) << x->format();
  EXPECT_NE(x->hint.find("KL"), std::string::npos) << x->format();
}

TEST_F(Validate, KindCodesAreCaseSensitive) {
  bool ok = true;
  Diagnostics d = validate(edited("kind: CT\n", "kind: ct\n"), &ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(find_code(d, "unknown-kind"), nullptr) << dump(d);
}

// Whether a subject (trích yếu) is required depends on the kind, so validation checks it.
TEST_F(Validate, MissingSubjectIsReportedForAKindThatHasOne) {
  bool ok = true;
  Diagnostics d = validate(
      edited("  subject: về công tác kết nạp đảng viên\n", "  organ_line: CỦA BAN THƯỜNG VỤ\n"), &ok);
  EXPECT_FALSE(ok);
  const Diagnostic* x = find_code(d, "missing-field");
  ASSERT_NE(x, nullptr) << dump(d);
  EXPECT_EQ(x->field, "title.subject");
  EXPECT_EQ(x->loc.file, "doc.yaml");
}

TEST_F(Validate, KindPrintedWithoutSubjectNeedsNone) {
  const auto* ggt = profile_->find_kind("GGT");
  if (!ggt || !ggt->no_subject) GTEST_SKIP() << "the profile has no kind without a subject";
  std::string s = edited("  subject: về công tác kết nạp đảng viên\n", "  organ_line: CỦA BAN THƯỜNG VỤ\n");
  s.replace(s.find("kind: CT"), 8, "kind: GGT");
  bool ok = false;
  Diagnostics d = validate(s, &ok);
  EXPECT_TRUE(ok) << dump(d);
  EXPECT_EQ(find_code(d, "missing-field"), nullptr) << dump(d);
}

TEST_F(Validate, FootnoteReferencedButNotDefinedIsUndefined) {
  bool ok = true;
  Diagnostics d = validate(edited("nhiều văn bản.", "nhiều văn bản[^2]."), &ok);
  EXPECT_FALSE(ok);
  ASSERT_EQ(d.all().size(), 1u) << dump(d);
  const Diagnostic& x = d.all()[0];
  EXPECT_EQ(x.code, "undefined-footnote");
  EXPECT_EQ(x.field, "footnotes");
  EXPECT_EQ(x.loc.line, 12);  // the paragraph that refers to it
  EXPECT_EQ(x.loc.col, 5);
  EXPECT_NE(x.message.find("[^2]"), std::string::npos) << x.format();
  EXPECT_NE(x.hint.find("2:"), std::string::npos) << x.format();
}

TEST_F(Validate, FootnoteReferencedInAnItemButNotDefinedIsUndefined) {
  bool ok = true;
  Diagnostics d = validate(
      edited("  - Trong những năm qua[^1], Ban Thường vụ đã ban hành nhiều văn bản.\n",
             "  - Trong những năm qua[^1].\n  - item: \"1\"\n    body:\n      - note:\n"
             "          lead: \"Riêng:\"\n          text: Ghi chú[^3]\n"),
      &ok);
  EXPECT_FALSE(ok);
  const Diagnostic* x = find_code(d, "undefined-footnote");
  ASSERT_NE(x, nullptr) << dump(d);
  EXPECT_EQ(x->loc.line, 17);
}

TEST_F(Validate, FootnoteDefinedButNeverReferencedIsUnused) {
  bool ok = true;
  Diagnostics d =
      validate(edited("  1: Công văn số 1403-CV/HU.\n", "  1: Công văn số 1403-CV/HU.\n  2: Thông báo số 5.\n"), &ok);
  EXPECT_FALSE(ok);
  ASSERT_EQ(d.all().size(), 1u) << dump(d);
  const Diagnostic& x = d.all()[0];
  EXPECT_EQ(x.code, "unused-footnote");
  EXPECT_EQ(x.field, "footnotes.2");
  EXPECT_EQ(x.loc.line, 15);  // the footnote's text
  EXPECT_EQ(x.loc.col, 6);
  EXPECT_NE(x.hint.find("[^2]"), std::string::npos) << x.format();
}

TEST_F(Validate, FootnoteReferencedInTheClosingCounts) {
  bool ok = false;
  std::string s = edited("signature:\n", "closing: Chỉ thị này phổ biến đến các chi bộ[^2].\nsignature:\n");
  s.insert(s.find("  1: Công văn"), "  2: Ghi chú.\n");
  Diagnostics d = validate(s, &ok);
  EXPECT_TRUE(ok) << dump(d);
  EXPECT_TRUE(d.all().empty()) << dump(d);
}

TEST_F(Validate, FootnoteReferencedTwiceIsReported) {
  bool ok = true;
  Diagnostics d = validate(edited("nhiều văn bản.", "nhiều văn bản[^1]."), &ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(find_code(d, "duplicate-footnote-ref"), nullptr) << dump(d);
}

}  // namespace
