// Composer: turns the document model into a vertical list of lines, spaces and unbreakable
// blocks (header, title, Nơi nhận + signature), following the rule profile. Paragraphs are
// broken into lines here (LineBreaker); pages are made by the Paginator.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "layout/font_metrics.h"
#include "layout/page.h"
#include "model/document.h"
#include "profile/profile.h"

namespace vanthu::generator {

struct VItem {
  enum class Kind { kLine, kGlue, kBlock };
  Kind kind = Kind::kLine;
  double height = 0;          // pt
  std::vector<TextRun> runs;  // baselines relative to the top of the item
  std::vector<Rule> rules;    // y relative to the top of the item
  std::vector<int> footnotes; // footnotes referenced on this line
  bool break_before = true;   // the page may break just before this item
  int table = 0;              // > 0: a row of this table (numbered in the document)
  bool table_header = false;  // the header row, repeated at the head of each continued page
};

struct VList {
  std::vector<VItem> items;
  std::map<int, std::vector<VItem>> footnotes;  // lines of each footnote
  DocumentInfo info;
};

// Texts that fill profile placeholders.
std::string format_number_line(const Profile& p, const Document& d);
std::string format_date_line(const Profile& p, const Document& d);
std::string format_symbol(const Profile& p, const Document& d);  // "28-CT/TU" or "12/QĐ-UBND"

class Composer {
 public:
  Composer(const Profile& profile, const FontMetrics& fonts, Diagnostics& diags)
      : p_(profile), fonts_(fonts), diags_(diags) {}
  VList compose(const Document& doc);
  // The issuing body's lines, centred, and the body blocks only (no header block, title,
  // closing): for documents built in code such as the register printout.
  VList compose_body_only(const Document& doc);

  // Exposed for tests: geometry derived from the profile, in pt.
  double text_left() const;
  double text_width() const;

  struct Frag {
    std::string text;
    Face face = Face::kRegular;
    double size = 14;
    double rise = 0;
    int footnote = 0;
    bool underline = false;
  };
  enum class Align { kLeft, kCenter, kRight, kJustify };
  struct ParaSpec {
    double left = 0, width = 0;  // pt
    double indent = 0;           // first line, pt (negative with hang for hanging layouts)
    double hang = 0;             // indent of the other lines, pt
    Align align = Align::kJustify;
    double leading = 1.2;
  };
  // Breaks a run of fragments into line items (text checked against the fonts first).
  std::vector<VItem> set_paragraph(const std::vector<Frag>& frags, const ParaSpec& spec,
                                   const SourceLoc& loc, const std::string& field);

 private:
  std::vector<Frag> frags_of(const RichText& rt, Face base_face, double size, bool bold_all = false,
                             bool italic_all = false);
  Frag frag(const Text& t, const Style& s);
  void check_coverage(const std::string& text, Face face, const SourceLoc& loc,
                      const std::string& field);
  VItem block_of(std::vector<VItem> lines);  // stacks lines into one unbreakable block
  void header(const Document& d, VList& out);
  void title(const Document& d, VList& out);
  void addressees(const Document& d, VList& out);
  void table(const Table& t, VList& out);
  void body(const std::vector<Block>& blocks, VList& out, int depth);
  void closing(const Document& d, VList& out);
  void footnotes(const Document& d, VList& out);
  std::vector<VItem> centered(const std::vector<Text>& lines, const Style& s, double left,
                              double width);
  // Appends the lines of one paragraph with the space before it and the break rules.
  void add(VList& out, std::vector<VItem> lines, bool keep_with_next);

  const Profile& p_;
  const FontMetrics& fonts_;
  Diagnostics& diags_;
  bool keep_next_ = false;
  int tables_ = 0;  // the last paragraph is a heading kept with what follows
};

double mm_to_pt(double mm);

}  // namespace vanthu::generator
