// The document model: what a data file describes, after loading and validation, before layout.
// Every piece of text keeps the source location it came from, so later stages (glyph coverage,
// layout) can report problems at file:line:col.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "diag/diagnostic.h"
#include "text/markup.h"

namespace vanthu::generator {

// Plain text (printed in one style chosen by the profile), with its origin.
struct Text {
  std::string value;  // NFC UTF-8
  SourceLoc loc;
  std::string field;
  bool empty() const { return value.empty(); }
};

// Text with inline styles and footnote references.
struct RichText {
  std::vector<text::Span> spans;
  SourceLoc loc;
  std::string field;
  bool empty() const { return spans.empty(); }
};

struct Date {
  int year = 0, month = 0, day = 0;
  bool operator==(const Date&) const = default;
};

struct Block;

struct Paragraph {
  RichText text;
};

// "1. Heading" on its own line, or "3. Lead: text" run in, or "1.1. text".
struct Item {
  std::string number;  // as printed without the final dot: "1", "1.1"
  SourceLoc loc;
  RichText heading;  // own-line heading (bold)
  RichText lead;     // run-in heading (bold)
  RichText text;     // first paragraph, on the number's line
  std::vector<Block> body;
};

// "* Riêng …: text" — a starred note with a bold-italic lead.
struct Note {
  std::string marker = "*";
  RichText lead;
  RichText text;
};

// A centred bold line such as "QUYẾT ĐỊNH:" or "Điều 1" titles of a decision.
struct Heading {
  RichText text;
};

// "I. MỤC ĐÍCH, YÊU CẦU" — a Roman-numbered section of a plan or report.
struct Section {
  std::string number;  // "I"
  SourceLoc loc;
  RichText title;
};

// A simple table: header row and body rows of text cells, column widths in percent.
struct Table {
  SourceLoc loc;
  std::vector<double> widths;  // percent of the text width, sums to 100
  std::vector<std::string> align;  // per column: left, center or right (body rows)
  std::vector<RichText> header;
  std::vector<std::vector<RichText>> rows;
};

struct Block {
  std::variant<Paragraph, Item, Note, Heading, Section, Table> value;
};

struct Recipient {
  Text text;
  Text purpose;  // printed "(purpose)" after the text
};

struct Signature {
  Text authority;   // "T/M"
  Text collective;  // "BAN THƯỜNG VỤ"
  std::vector<Text> positions;
  Text name;
};

// A Party committee's term from the office configuration: numbers run per kind through it.
struct Term {
  std::string label;  // "2020-2025"
  Date from;
  std::optional<Date> to;  // open while the term runs
};

struct Document {
  SourceLoc origin;  // the data file
  std::string profile;
  SourceLoc profile_loc;
  Text kind;  // kind code, e.g. "CT"

  std::vector<Text> superior;
  std::vector<Text> issuer;
  Text issuer_code;
  std::optional<long> number;  // absent: draft
  Text term;                   // Party: the committee's term ("2020-2025"), the register's period
  std::vector<Term> office_terms;  // from the office configuration, to find the term by date
  Text place;
  std::optional<Date> date;

  Text organ_line;
  std::vector<Text> subject;
  std::vector<Text> addressees;  // "Kính gửi:" (Công văn, Tờ trình, Báo cáo upward)

  std::vector<Block> body;
  RichText closing;
  bool end_mark = true;

  std::map<int, RichText> footnotes;

  Text recipients_label;  // empty: the profile's label
  std::vector<Recipient> recipients;
  Text archive_line;

  Signature signature;

  bool is_draft() const { return !number.has_value(); }
  // The term label: header.term, else the office term that contains `on`; empty if none.
  std::string term_on(const Date& on) const;
};

}  // namespace vanthu::generator
