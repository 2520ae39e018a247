// A rule profile: every size, margin, string and punctuation rule of one official rule set
// (HD 36-HD/VPTW for Party documents, NĐ 30/2020/NĐ-CP for State documents), loaded from a data
// file in templates/profiles/. A revised rule set is a new file, not new code.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"

namespace vanthu::generator {

enum class Face { kRegular = 0, kBold = 1, kItalic = 2, kBoldItalic = 3 };

Face face_of(bool bold, bool italic);
bool is_bold(Face f);
bool is_italic(Face f);

struct Style {
  double size = 14;  // pt
  Face face = Face::kRegular;
  bool underline = false;
};

struct KindDef {
  std::string code;           // "CT"
  std::string name;           // printed name, "CHỈ THỊ"; empty for a letter (Công văn)
  std::string number_format;  // overrides Profile::number_format when set
  bool letter = false;        // Công văn: no kind name; the subject "V/v …" goes under the number
  bool no_subject = false;    // kinds printed without a trích yếu (Giấy giới thiệu)
};

struct Profile {
  std::string name;  // file stem, e.g. "party-hd36-2018"
  std::vector<std::string> aliases;
  std::string family;  // "party" or "state"
  std::string source;  // file it was loaded from

  // Page, in mm.
  double page_width = 210, page_height = 297;
  double margin_top = 20, margin_bottom = 20, margin_left = 30, margin_right = 15;

  // Header block.
  double header_left_fraction = 0.45;   // share of the text width for the left column
  std::vector<std::string> motto;       // right column lines, e.g. "ĐẢNG CỘNG SẢN VIỆT NAM"
  std::vector<Style> motto_styles;
  int motto_rule_under = 0;             // rule under this motto line (0-based), as long as it
  Style superior, issuer;
  std::string issuer_mark = "*";        // "*" or "rule"
  double issuer_rule_fraction = 0.4;    // when issuer_mark is "rule": share of the name's width
  Style number;
  std::string number_format = "Số {number}-{kind}/{issuer}";
  int number_min_digits = 2;
  std::string draft_number = "     ";   // printed in place of the number in a draft
  Style date;
  std::string date_format = "{place}, ngày {day} tháng {month} năm {year}";
  int day_min_digits = 2;
  int month_pad_below = 3;              // months below this get a leading zero
  double header_gap = 18;               // pt between the header block and the kind name

  // Title block.
  Style kind, organ_line, subject;
  std::string subject_separator = "-----";  // text, or "rule"
  double subject_rule_fraction = 0.33;
  double title_gap = 12;                    // pt between the title block and the body
  std::map<std::string, KindDef> kinds;
  Style letter_subject;                      // "V/v …" under the number of a Công văn
  std::string letter_subject_prefix = "V/v ";
  std::string addressee_label = "Kính gửi:";
  Style addressee;

  // Body.
  Style body;
  double leading = 1.2;      // baseline distance / font size
  double indent = 10;        // mm, first-line indent
  double para_after = 6;     // pt after each paragraph
  Style item_heading;        // "1. Heading" own-line headings and run-in leads
  Style note_lead;           // "* Riêng …:"
  std::string end_mark = "./.";
  Style heading;    // centred headings ("QUYẾT ĐỊNH:")
  Style section;    // "I. MỤC ĐÍCH, YÊU CẦU"
  Style table;      // table cells; header cells are bold
  int orphan_lines = 2, widow_lines = 2;
  double footnote_ref_scale = 0.6;  // superscript size / body size
  double footnote_ref_rise = 0.4;   // raise / body size

  // Footnotes.
  Style footnote;
  double footnote_leading = 1.15;
  double footnote_rule_fraction = 0.33;
  double footnote_gap = 8;     // pt between the body and the separator rule
  double footnote_para_after = 1;

  // Closing: Nơi nhận + signature.
  std::string recipients_label = "Nơi nhận:";
  Style recipients_label_style, recipient;
  std::string recipient_prefix = "- ";
  std::string recipient_end = ",";
  std::string archive_end = ".";
  std::string archive_prefix = "Lưu ";  // added unless the archive line starts with "Lưu"
  std::string purpose_format = "({purpose})";
  double closing_gap = 12;   // pt between the body and the Nơi nhận/signature block
  double signature_left_fraction = 0.45;
  Style authority, position, signer;
  double signature_space = 25;  // mm for the hand signature and seal

  // Page numbers.
  Style page_number;
  int first_numbered_page = 2;
  double page_number_baseline = 12;  // mm from the top edge

  // Drafts.
  std::string draft_mark = "DỰ THẢO";
  Style draft_style;

  const KindDef* find_kind(const std::string& code) const;
};

// Finds the profile file for a name or alias ("dang", "nha-nuoc", "party-hd36-2018") under
// `profiles_dir` and loads it. Problems are reported in `diags`.
std::optional<Profile> load_profile(const std::string& name_or_alias,
                                    const std::string& profiles_dir, Diagnostics& diags,
                                    const SourceLoc& requested_at = {});

std::optional<Profile> load_profile_file(const std::string& path, Diagnostics& diags);

// Names (file stems) of all profiles in a directory, sorted.
std::vector<std::string> list_profiles(const std::string& profiles_dir);

}  // namespace vanthu::generator
