#include "archive/extract/metadata.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "archive/extract/vn_text.h"

namespace vanthu::archive::extract {

namespace {

// ---------------------------------------------------------------------------------------------
// Kind tables. Party: HD 36-HD/VPTW as the Party profile (templates/profiles/party-hd36-2018.yaml)
// has them; State: NĐ 30/2020/NĐ-CP Phụ lục III (state-nd30-2020.yaml, plus the rest of the
// Phụ lục III table). Công văn has no kind name line in either profile.

constexpr std::array<KindInfo, 16> kPartyKinds{{
    {"CT", "CHỈ THỊ", "Chỉ thị"},
    {"KL", "KẾT LUẬN", "Kết luận"},
    {"KH", "KẾ HOẠCH", "Kế hoạch"},
    {"NQ", "NGHỊ QUYẾT", "Nghị quyết"},
    {"QĐ", "QUYẾT ĐỊNH", "Quyết định"},
    {"QĐi", "QUY ĐỊNH", "Quy định"},
    {"TB", "THÔNG BÁO", "Thông báo"},
    {"BC", "BÁO CÁO", "Báo cáo"},
    {"TTr", "TỜ TRÌNH", "Tờ trình"},
    {"HD", "HƯỚNG DẪN", "Hướng dẫn"},
    {"CTr", "CHƯƠNG TRÌNH", "Chương trình"},
    {"QC", "QUY CHẾ", "Quy chế"},
    {"TT", "THÔNG TRI", "Thông tri"},
    {"GM", "GIẤY MỜI", "Giấy mời"},
    {"GGT", "GIẤY GIỚI THIỆU", "Giấy giới thiệu"},
    {"CV", "", "Công văn"},
}};

constexpr std::array<KindInfo, 30> kStateKinds{{
    {"NQ", "NGHỊ QUYẾT", "Nghị quyết"},
    {"QĐ", "QUYẾT ĐỊNH", "Quyết định"},
    {"CT", "CHỈ THỊ", "Chỉ thị"},
    {"QC", "QUY CHẾ", "Quy chế"},
    {"QyĐ", "QUY ĐỊNH", "Quy định"},
    {"TC", "THÔNG CÁO", "Thông cáo"},
    {"TB", "THÔNG BÁO", "Thông báo"},
    {"HD", "HƯỚNG DẪN", "Hướng dẫn"},
    {"CTr", "CHƯƠNG TRÌNH", "Chương trình"},
    {"KH", "KẾ HOẠCH", "Kế hoạch"},
    {"PA", "PHƯƠNG ÁN", "Phương án"},
    {"ĐA", "ĐỀ ÁN", "Đề án"},
    {"DA", "DỰ ÁN", "Dự án"},
    {"BC", "BÁO CÁO", "Báo cáo"},
    {"BB", "BIÊN BẢN", "Biên bản"},
    {"TTr", "TỜ TRÌNH", "Tờ trình"},
    {"HĐ", "HỢP ĐỒNG", "Hợp đồng"},
    {"CĐ", "CÔNG ĐIỆN", "Công điện"},
    {"BGN", "BẢN GHI NHỚ", "Bản ghi nhớ"},
    {"BTT", "BẢN THỎA THUẬN", "Bản thỏa thuận"},
    {"GUQ", "GIẤY ỦY QUYỀN", "Giấy ủy quyền"},
    {"GM", "GIẤY MỜI", "Giấy mời"},
    {"GGT", "GIẤY GIỚI THIỆU", "Giấy giới thiệu"},
    {"GNP", "GIẤY NGHỈ PHÉP", "Giấy nghỉ phép"},
    {"PG", "PHIẾU GỬI", "Phiếu gửi"},
    {"PC", "PHIẾU CHUYỂN", "Phiếu chuyển"},
    {"PB", "PHIẾU BÁO", "Phiếu báo"},
    {"KL", "KẾT LUẬN", "Kết luận"},
    {"CV", "", "Công văn"},
    {"SY", "BẢN SAO Y", "Bản sao y"},
}};

template <size_t N>
const KindInfo* find_name(const std::array<KindInfo, N>& table, const std::string& folded) {
  for (const auto& k : table)
    if (!k.name_caps.empty() && fold(k.name_caps) == folded) return &k;
  return nullptr;
}

template <size_t N>
const KindInfo* find_code(const std::array<KindInfo, N>& table, std::string_view code) {
  for (const auto& k : table)
    if (k.code == code) return &k;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Code points.

std::u32string decode(std::string_view s) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), INT32_MAX));
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    uint8_t buf[4];
    int32_t i = 0;
    UBool err = false;
    U8_APPEND(buf, i, 4, static_cast<UChar32>(c), err);
    if (!err) out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(i));
  }
  return out;
}

bool is_letter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }
bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

std::vector<std::string> split_spaces(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep = " ") {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Strips trailing characters of `chars` (ASCII) and spaces.
std::string strip_trailing(std::string s, std::string_view chars) {
  while (!s.empty() && (chars.find(s.back()) != std::string_view::npos || s.back() == ' '))
    s.pop_back();
  return s;
}

// A line made only of rule characters: "-----", "_____", "*", "***".
bool is_decoration(const std::string& text) {
  const std::u32string u = decode(text);
  if (u.empty()) return false;
  for (char32_t c : u)
    if (c != U'-' && c != U'_' && c != U'*' && c != U'=' && c != U'—' && c != U'–' && c != U'─' &&
        c != U' ' && c != U'.')
      return false;
  return true;
}

bool is_separator(const std::string& text) {
  if (!is_decoration(text)) return false;
  const std::u32string u = decode(text);
  return std::count_if(u.begin(), u.end(), [](char32_t c) { return c != U' '; }) >= 3;
}

// "- Ban Thường vụ" / "– Ban" / "• Ban": an item line; returns the text after the mark.
std::optional<std::string> item_text(const std::string& text) {
  const std::u32string u = decode(text);
  if (u.empty()) return std::nullopt;
  const char32_t c = u[0];
  if (c != U'-' && c != U'–' && c != U'—' && c != U'•' && c != U'+' && c != U'·')
    return std::nullopt;
  if (u.size() > 1 && u[1] == c) return std::nullopt;  // "--" is a rule, not an item
  return collapse_spaces(encode(std::u32string_view(u).substr(1)));
}

// Vietnamese personal name: 2–7 words, each capitalised, letters only, not all capitals.
bool looks_like_name(const std::string& text) {
  const auto words = split_spaces(text);
  if (words.size() < 2 || words.size() > 7) return false;
  for (const auto& w : words) {
    const std::u32string u = decode(w);
    if (u.empty() || !is_letter(u[0]) || !u_isupper(static_cast<UChar32>(u[0]))) return false;
    for (size_t i = 1; i < u.size(); ++i) {
      const auto c = static_cast<UChar32>(u[i]);
      if (!u_isalpha(c) && u_charType(c) != U_NON_SPACING_MARK) return false;
      if (u_isupper(c)) return false;
    }
  }
  return true;
}

constexpr std::array<std::string_view, 9> kAuthorityPrefixes{"t/m", "k/t", "t/l",  "t/u", "tm.",
                                                             "kt.", "tl.", "tuq.", "q."};

// "T/M BAN THƯỜNG VỤ", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "Q. GIÁM ĐỐC" …
bool is_authority(const std::string& text) {
  const std::string f = fold(text);
  for (auto p : kAuthorityPrefixes) {
    if (!starts_with(f, p) || f.size() <= p.size()) continue;
    const char next = f[p.size()];
    if (next == ' ') return true;
    if (p.back() == '.' && next != '.' && next != '/') return true;  // "TM.ỦY BAN" (no space)
  }
  return false;
}

bool is_recipients_label(const std::string& text) {
  const std::string f = fold(text);
  return starts_with(f, "noi nhan") && (f.size() == 8 || f[8] == ':' || f[8] == ' ' || f[8] == '.');
}

// Day count of `month` in `year` (Gregorian).
int days_in(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// Digits only (ASCII); -1 when not, or longer than `max` digits.
long digits_value(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return -1;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Geometry.

struct Geo {
  double width = 0;  // page width, or the right edge of the text when unknown
  double mid() const { return width / 2; }
};

Geo page_geo(const PageLines& page) {
  Geo g;
  g.width = page.width;
  if (g.width <= 0)
    for (const auto& l : page.lines)
      if (l.has_geometry) g.width = std::max(g.width, l.x1);
  return g;
}

bool all_geometry(const PageLines& page) {
  return !page.lines.empty() && std::all_of(page.lines.begin(), page.lines.end(),
                                            [](const TextLine& l) { return l.has_geometry; });
}

// Bold faces tell lines apart on this page: fonts are known and some line is bold, some not.
bool bold_known(const PageLines& page) {
  bool some_bold = false, some_regular = false;
  for (const auto& l : page.lines) {
    if (l.bold < 0) return false;
    if (l.bold >= 0.5)
      some_bold = true;
    else
      some_regular = true;
  }
  return some_bold && some_regular;
}

double line_h(const TextLine& l) { return std::max(1.0, l.height()); }

// ---------------------------------------------------------------------------------------------

struct Reader {
  const std::vector<PageLines>& pages;
  ExtractedDocument& doc;

  void warn(std::string w) { doc.warnings.push_back(std::move(w)); }

  void run();

  // Header of the first page with text.
  struct Header {
    int page = -1;
    int party_title = -1, state_title = -1, motto = -1;
    int number_line = -1, date_line = -1, kind_line = -1, organ_line = -1, vv_line = -1;
    NumberLine number;
    DateLine date;
    const KindInfo* kind_by_name = nullptr;
    std::vector<bool> used;  // lines that are header components
  };
  Header h;

  void read_header();
  void read_issuer();
  void read_title();
  void read_vv();
  void read_closing();
  void read_signature(const std::vector<const TextLine*>& lines);
  void decide_family_and_kind();
  void list_missing();
};

void Reader::read_header() {
  const PageLines& page = pages[static_cast<size_t>(h.page)];
  const auto& L = page.lines;
  const int n = static_cast<int>(std::min<size_t>(L.size(), 60));
  h.used.assign(L.size(), false);

  for (int i = 0; i < n; ++i) {
    const std::string& t = L[i].text;
    const std::string f = fold(t);
    if (h.party_title < 0 && f == "dang cong san viet nam" && is_caps(t, 0.8)) {
      h.party_title = i;
      h.used[i] = true;
    } else if (h.state_title < 0 && f == "cong hoa xa hoi chu nghia viet nam" && is_caps(t, 0.8)) {
      h.state_title = i;
      h.used[i] = true;
    } else if (h.motto < 0 && starts_with(f, "doc lap") && f.find("tu do") != std::string::npos &&
               f.find("hanh phuc") != std::string::npos && f.size() < 40) {
      h.motto = i;
      h.used[i] = true;
    } else if (is_decoration(t)) {
      h.used[i] = true;
    }
  }
  for (int i = 0; i < n && h.number_line < 0; ++i) {
    NumberLine nl = parse_number_line(L[i].text);
    if (!nl.ok) continue;
    h.number_line = i;
    h.number = std::move(nl);
    h.used[i] = true;
  }
  for (int i = 0; i < n && h.date_line < 0; ++i) {
    const std::string& t = i == h.number_line ? h.number.rest : L[i].text;
    DateLine d = parse_date_line(t);
    if (!d.ok || !d.whole_line) continue;
    h.date_line = i;
    h.date = std::move(d);
    h.used[i] = true;
  }
  std::string family_hint;
  if (h.party_title >= 0 && h.state_title < 0) family_hint = "party";
  if (h.state_title >= 0 && h.party_title < 0) family_hint = "state";
  if (family_hint.empty()) family_hint = h.number.family;
  for (int i = 0; i < n && h.kind_line < 0; ++i) {
    if (h.used[i] || !is_caps(L[i].text, 0.8)) continue;
    // Below the number line when positions are known: the title block is under the header.
    if (h.number_line >= 0 && L[i].has_geometry && L[h.number_line].has_geometry &&
        L[i].y0 < L[h.number_line].y0)
      continue;
    const KindInfo* k = kind_by_name(L[i].text, family_hint);
    if (k == nullptr) continue;
    h.kind_line = i;
    h.kind_by_name = k;
    h.used[i] = true;
  }
  if (h.kind_line >= 0 && h.kind_line + 1 < static_cast<int>(L.size())) {
    const std::string& t = L[h.kind_line + 1].text;
    if (is_caps(t, 0.8, 4) && starts_with(fold(t), "cua ")) {
      h.organ_line = h.kind_line + 1;
      h.used[h.organ_line] = true;
      doc.organ_line = t;
    }
  }

  if (h.number.ok) {
    if (h.number.number) {
      doc.number = h.number.number;
      doc.symbol = h.number.symbol;
    } else {
      warn("the number line \"" + L[h.number_line].text +
           "\" has no number: an unnumbered draft? number and symbol are left empty");
    }
  }
  if (h.date.ok) {
    doc.place = h.date.place;
    doc.date = h.date.iso;
    if (!h.date.problem.empty()) warn(h.date.problem);
  }
}

// Issuing body and superior body: the left header column above the number line.
void Reader::read_issuer() {
  const PageLines& page = pages[static_cast<size_t>(h.page)];
  const auto& L = page.lines;
  const Geo g = page_geo(page);
  const int bottom = h.number_line >= 0 ? h.number_line : h.kind_line;
  if (bottom < 0) {
    warn("no number line and no kind name on page " + std::to_string(h.page + 1) +
         ": cannot tell where the issuing body is printed");
    return;
  }
  std::vector<const TextLine*> col;
  const TextLine& ref = L[bottom];
  const bool geo = ref.has_geometry && g.width > 0;
  for (int i = 0; i < static_cast<int>(L.size()); ++i) {
    if (h.used[i] || i == bottom) continue;
    const TextLine& l = L[i];
    if (geo && l.has_geometry) {
      const double hh = line_h(ref);
      if (l.y1 > ref.y0 + 0.3 * hh || l.y0 < ref.y0 - 12 * hh) continue;  // above the number line
      if (l.center() >= g.mid() || l.x1 > g.mid() + 0.1 * g.width) continue;  // left column
    } else if (i >= bottom) {
      continue;
    }
    if (!is_caps(l.text, 0.8) || parse_date_line(l.text).ok) continue;
    col.push_back(&l);
  }
  if (geo)
    std::stable_sort(col.begin(), col.end(),
                     [](const TextLine* a, const TextLine* b) { return a->y0 < b->y0; });
  if (col.empty()) {
    warn("no issuing body above the number line on page " + std::to_string(h.page + 1));
    return;
  }
  // Fonts settle it: the superior body is printed upright, the issuer bold (both profiles).
  const bool fonts =
      std::all_of(col.begin(), col.end(), [](const TextLine* l) { return l->bold >= 0; });
  const bool mixed =
      fonts &&
      std::any_of(col.begin(), col.end(), [](const TextLine* l) { return l->bold >= 0.5; }) &&
      std::any_of(col.begin(), col.end(), [](const TextLine* l) { return l->bold < 0.5; });
  const bool all_bold = fonts && std::all_of(col.begin(), col.end(),
                                             [](const TextLine* l) { return l->bold >= 0.5; });
  std::vector<std::string> sup, iss;
  if (mixed) {
    size_t i = 0;
    for (; i < col.size() && col[i]->bold < 0.5; ++i) sup.push_back(col[i]->text);
    for (; i < col.size(); ++i) {
      if (col[i]->bold < 0.5) {
        warn("an upright line \"" + col[i]->text + "\" below the bold issuing body in the header");
        continue;
      }
      iss.push_back(col[i]->text);
    }
  } else if (all_bold || col.size() == 1) {
    for (const auto* l : col) iss.push_back(l->text);
  } else {
    // No usable font information: the layout rule (HD 36: line 1 the superior body, line 2 the
    // issuer; NĐ 30: the same) — except a State body name broken after its generic part
    // ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ"), which is one issuer.
    const std::string first = fold(col[0]->text);
    static constexpr std::array<std::string_view, 4> kGeneric{
        "uy ban nhan dan", "hoi dong nhan dan", "uy ban mat tran to quoc viet nam",
        "toa an nhan dan"};
    const bool generic = std::find(kGeneric.begin(), kGeneric.end(), first) != kGeneric.end();
    if (generic) {
      for (const auto* l : col) iss.push_back(l->text);
    } else {
      sup.push_back(col[0]->text);
      for (size_t i = 1; i < col.size(); ++i) iss.push_back(col[i]->text);
      warn(
          "the superior body and the issuer were told apart by line order only (no font "
          "information): superior \"" +
          col[0]->text + "\"");
    }
  }
  doc.superior = collapse_spaces(join(sup));
  doc.issuer = collapse_spaces(join(iss));
}

// What a line after the kind name says about the subject (trích yếu) above it.
enum class SubjectStop {
  kNone,  // may be a subject line
  kEnd,   // ends the title block: separator, "Kính gửi", "Căn cứ", enacting line, first item
  kLost,  // the end was missed: this is already the closing (Nơi nhận, signature)
};

SubjectStop subject_stop(const TextLine& l) {
  const std::string f = fold(l.text);
  if (is_separator(l.text) || is_decoration(l.text)) return SubjectStop::kEnd;
  if (is_recipients_label(l.text) || is_authority(l.text)) return SubjectStop::kLost;
  if (is_caps(l.text, 0.9, 4)) return SubjectStop::kEnd;  // "HỘI ĐỒNG NHÂN DÂN …", "QUYẾT ĐỊNH:"
  if (starts_with(f, "kinh gui") || starts_with(f, "can cu") || starts_with(f, "- can cu") ||
      starts_with(f, "xet ") || starts_with(f, "theo de nghi"))
    return SubjectStop::kEnd;
  const auto u = decode(l.text);
  size_t i = 0;
  while (i < u.size() && is_digit(u[i])) ++i;
  if (i > 0 && i < u.size() && (u[i] == U'.' || u[i] == U')')) return SubjectStop::kEnd;  // "1."
  return SubjectStop::kNone;
}

// Subject (trích yếu) under the kind name, after the organ line.
void Reader::read_title() {
  if (h.kind_line < 0) return;
  const PageLines& page = pages[static_cast<size_t>(h.page)];
  const auto& L = page.lines;
  const bool bold = bold_known(page);
  const TextLine& kind = L[h.kind_line];
  const Geo g = page_geo(page);
  // Centring tells subject lines from body lines only when the kind name itself is centred.
  const bool geo = all_geometry(page) && g.width > 0 && kind.x0 > 0.2 * g.width &&
                   std::abs(kind.center() - g.mid()) < 0.15 * g.width;
  const int start = (h.organ_line >= 0 ? h.organ_line : h.kind_line) + 1;
  std::vector<std::string> lines;
  bool terminated = false;
  for (int j = start; j < static_cast<int>(L.size()) && lines.size() < 6; ++j) {
    const TextLine& l = L[j];
    if (!lines.empty() && l.blank_before) {
      terminated = true;
      break;
    }
    const SubjectStop stop = subject_stop(l);
    if (stop != SubjectStop::kNone) {
      terminated = stop == SubjectStop::kEnd || bold || geo;
      break;
    }
    if (!bold && !geo) {
      // Plain text: a sentence end means the body has begun and the subject's end was missed.
      const std::string t = strip_trailing(l.text, "");
      if (!t.empty() && (t.back() == '.' || t.back() == ';' || t.back() == ':')) break;
    }
    if (bold) {
      if (l.bold < 0.5) {
        terminated = true;
        break;
      }
    } else if (geo) {
      // Centred under the kind name, and not a full-width body line.
      if (std::abs(l.center() - kind.center()) > 0.015 * g.width || l.x1 - l.x0 > 0.8 * g.width) {
        terminated = true;
        break;
      }
    }
    lines.push_back(l.text);
  }
  if (lines.empty()) return;
  if (!terminated && !bold && !geo) {
    warn(
        "cannot tell where the subject ends without layout information (no separator, blank "
        "line or body marker after it)");
    return;
  }
  if (!bold && !geo && lines.size() > 4) {
    warn("the subject runs over more than 4 lines without layout information; not read");
    return;
  }
  doc.subject = collapse_spaces(join(lines));
}

// "V/v …" of a Công văn, under the number in the left column.
void Reader::read_vv() {
  const PageLines& page = pages[static_cast<size_t>(h.page)];
  const auto& L = page.lines;
  const Geo g = page_geo(page);
  const int n = static_cast<int>(std::min<size_t>(L.size(), 60));
  for (int i = 0; i < n; ++i) {
    const std::string f = fold(L[i].text);
    if (!starts_with(f, "v/v")) continue;
    if (f.size() > 3 && f[3] != ' ' && f[3] != ':') continue;
    h.vv_line = i;
    h.used[i] = true;
    break;
  }
  if (h.vv_line < 0 || h.kind_line >= 0) return;
  std::vector<std::string> lines;
  {
    std::u32string u = decode(L[h.vv_line].text);
    size_t k = 3;
    while (k < u.size() && (u[k] == U' ' || u[k] == U':')) ++k;
    lines.push_back(encode(std::u32string_view(u).substr(std::min(k, u.size()))));
  }
  const TextLine* last = &L[h.vv_line];
  for (int j = h.vv_line + 1; j < static_cast<int>(L.size()) && lines.size() < 5; ++j) {
    const TextLine& l = L[j];
    const std::string f = fold(l.text);
    if (starts_with(f, "kinh gui") || item_text(l.text) || is_caps(l.text, 0.9, 4) ||
        is_decoration(l.text))
      break;
    if (l.has_geometry && last->has_geometry && g.width > 0) {
      if (l.y0 < last->y1 - 0.5 * line_h(*last) || l.y0 - last->y1 > 0.8 * line_h(*last)) break;
      if (l.center() >= g.mid() || std::abs(l.center() - last->center()) > 0.15 * g.width) break;
    } else if (l.blank_before || lines.size() >= 3) {
      break;
    }
    lines.push_back(l.text);
    last = &l;
  }
  doc.subject = collapse_spaces(join(lines));
}

// Nơi nhận and the signature block, on the last page that has the label.
void Reader::read_closing() {
  int lp = -1, li = -1;
  for (int p = static_cast<int>(pages.size()) - 1; p >= h.page && lp < 0; --p) {
    const auto& L = pages[static_cast<size_t>(p)].lines;
    for (int i = static_cast<int>(L.size()) - 1; i >= 0; --i) {
      if (is_recipients_label(L[i].text)) {
        lp = p, li = i;
        break;
      }
    }
  }
  std::vector<const TextLine*> left, right;
  if (lp >= 0) {
    const PageLines& page = pages[static_cast<size_t>(lp)];
    const auto& L = page.lines;
    const TextLine& label = L[li];
    const Geo g = page_geo(page);
    // The label line may carry the first item: "Nơi nhận: - Như trên;".
    std::string after_label;
    {
      const std::u32string u = decode(label.text);
      const auto colon = u.find(U':');
      if (colon != std::u32string::npos) after_label = collapse_spaces(encode(u.substr(colon + 1)));
    }
    TextLine first_item;
    if (item_text(after_label)) {
      first_item = label;
      first_item.text = after_label;
      left.push_back(&first_item);
    }
    const bool geo = label.has_geometry && all_geometry(page) && g.width > 0;
    if (geo) {
      const double hh = line_h(label);
      for (int i = 0; i < static_cast<int>(L.size()); ++i) {
        if (i == li) continue;
        const TextLine& l = L[i];
        const bool is_left = l.x1 <= g.mid() + 0.1 * g.width && l.center() < g.mid();
        const bool is_right = l.x0 >= g.mid() - 0.1 * g.width;
        if (is_left && l.y0 >= label.y0 + 0.3 * hh)
          left.push_back(&l);
        else if (is_right && l.y0 >= label.y0 - 2.5 * hh)
          right.push_back(&l);
      }
      auto by_y = [](const TextLine* a, const TextLine* b) {
        return a->y0 < b->y0 || (a->y0 == b->y0 && a->x0 < b->x0);
      };
      std::stable_sort(left.begin() + (first_item.text.empty() ? 0 : 1), left.end(), by_y);
      std::stable_sort(right.begin(), right.end(), by_y);
    } else {
      for (int i = li + 1; i < static_cast<int>(L.size()); ++i) left.push_back(&L[i]);
    }

    // Items: "- " starts one; other lines continue it; the "Lưu" item ends the list.
    std::vector<std::string> items;
    bool archive_seen = false;
    size_t consumed = 0;
    const TextLine* prev = nullptr;
    for (; consumed < left.size(); ++consumed) {
      const TextLine& l = *left[consumed];
      if (archive_seen) break;
      if (prev != nullptr && prev->has_geometry && l.has_geometry &&
          l.y0 - prev->y1 > 1.5 * line_h(*prev))
        break;  // a gap: the list has ended (footnotes, page foot)
      if (!geo && prev != nullptr && l.blank_before) break;
      auto it = item_text(l.text);
      if (!geo && (is_authority(l.text) || (is_caps(l.text, 0.8, 3) && !it))) break;
      if (it) {
        items.push_back(*it);
      } else if (!items.empty()) {
        items.back() += " " + l.text;
      } else {
        items.push_back(l.text);  // the dash was lost (OCR): still the first item
        warn("Nơi nhận: the first item \"" + l.text + "\" does not start with \"- \"");
      }
      if (starts_with(fold(items.back()), "luu")) {
        const std::string f = fold(items.back());
        if (f.size() == 3 || f[3] == ' ' || f[3] == ':') archive_seen = true;
      }
      prev = &l;
    }
    for (auto& it : items) it = strip_trailing(collapse_spaces(it), ",;.");
    if (archive_seen) {
      doc.archive_copy = items.back();
      items.pop_back();
    } else if (!items.empty()) {
      warn("the Nơi nhận list has no \"Lưu …\" line");
    }
    for (auto& it : items)
      if (!it.empty()) doc.recipients.push_back(it);

    if (!geo) {
      for (size_t i = consumed; i < left.size(); ++i) right.push_back(left[i]);
    } else if (right.empty()) {
      // The signature is not beside the list: take what follows the list.
      for (size_t i = consumed; i < left.size(); ++i) right.push_back(left[i]);
      if (right.empty() && lp + 1 < static_cast<int>(pages.size()))
        for (const auto& l : pages[static_cast<size_t>(lp + 1)].lines) right.push_back(&l);
    }
    read_signature(right);
    return;
  }

  // No Nơi nhận: look for an authority line near the end of the last page with text.
  for (int p = static_cast<int>(pages.size()) - 1; p >= h.page; --p) {
    const auto& L = pages[static_cast<size_t>(p)].lines;
    if (L.empty()) continue;
    const int from = std::max(0, static_cast<int>(L.size()) - 15);
    for (int i = from; i < static_cast<int>(L.size()); ++i) {
      if (!is_authority(L[i].text)) continue;
      std::vector<const TextLine*> s;
      for (int j = i; j < static_cast<int>(L.size()); ++j) s.push_back(&L[j]);
      read_signature(s);
      break;
    }
    break;
  }
}

void Reader::read_signature(const std::vector<const TextLine*>& lines) {
  std::vector<std::string> auth, pos;
  std::string name;
  for (const TextLine* l : lines) {
    const std::string& t = l->text;
    if (t.empty()) continue;
    if (is_authority(t) && pos.empty()) {
      auth.push_back(t);
      continue;
    }
    if (is_caps(t, 0.7, 2) && !has_digit(t) && !looks_like_name(t)) {
      if (pos.size() >= 3) break;
      pos.push_back(t);
      continue;
    }
    if (looks_like_name(t) && (!auth.empty() || !pos.empty())) name = t;
    break;
  }
  if (auth.empty() && pos.empty()) {
    warn("no signature block (T/M …, position, name) found after the Nơi nhận list");
    return;
  }
  // "Q. GIÁM ĐỐC": the acting head's title is the position.
  if (pos.empty() && !auth.empty() && starts_with(fold(auth.back()), "q.")) {
    pos.push_back(auth.back());
    auth.pop_back();
  }
  doc.authority = collapse_spaces(join(auth));
  doc.signer_position = collapse_spaces(join(pos));
  doc.signer = name;
  if (name.empty()) warn("the signature block has no signer's name");
}

void Reader::decide_family_and_kind() {
  std::string title_family;
  if (h.party_title >= 0 && h.state_title < 0) title_family = "party";
  if (h.state_title >= 0 && h.party_title < 0) title_family = "state";
  if (h.party_title < 0 && h.state_title < 0 && h.motto >= 0) title_family = "state";
  if (h.party_title >= 0 && h.state_title >= 0)
    warn("both \"ĐẢNG CỘNG SẢN VIỆT NAM\" and the State title are in the header");
  const std::string& sym_family = h.number.family;
  if (!title_family.empty() && !sym_family.empty() && title_family != sym_family) {
    warn("the header title is of the " + title_family + " format but the number line \"Số …\" " +
         "is written in the " + sym_family + " way; family left empty");
  } else {
    doc.family = !title_family.empty() ? title_family : sym_family;
  }

  const KindInfo* by_name = h.kind_by_name;
  if (by_name != nullptr && !doc.family.empty()) {
    // Re-read the name in the decided family (QUY ĐỊNH is QĐi in one, QyĐ in the other).
    const KindInfo* k =
        kind_by_name(pages[static_cast<size_t>(h.page)].lines[h.kind_line].text, doc.family);
    if (k != nullptr) by_name = k;
  }
  // The kind code inside the symbol. State: the first group after the number is a kind code only
  // when it is one; otherwise the symbol is a Công văn's (issuer and unit codes).
  std::string code = h.number.code;
  const KindInfo* by_code = nullptr;
  bool letter_symbol = false;
  if (!code.empty()) {
    by_code = kind_by_code(code, h.number.family);
    if (h.number.family == "state" && (by_code == nullptr || by_code->code == "CV")) {
      letter_symbol = by_code == nullptr;
      by_code = nullptr;
      code.clear();
    }
  }
  const KindInfo* kind = nullptr;
  if (by_name != nullptr && !code.empty()) {
    if (by_name->code == code) {
      kind = by_name;
    } else if (by_name->code == std::string_view("QĐi") && code == "QĐ") {
      doc.kind_code = "QĐ";
      doc.kind_name = std::string(by_name->name);
      warn(
          "the kind name reads QUY ĐỊNH but the symbol's kind code is QĐ (HD 36 uses QĐi); the "
          "symbol's code was kept");
    } else {
      warn("the kind name \"" + std::string(by_name->name_caps) + "\" (" +
           std::string(by_name->code) + ") disagrees with the kind code " + code +
           " of the symbol; kind left empty");
    }
  } else if (by_name != nullptr) {
    kind = by_name;
    if (letter_symbol)
      warn("the symbol " + doc.symbol + " has no kind code, yet the kind name \"" +
           std::string(by_name->name_caps) + "\" is printed");
  } else if (by_code != nullptr) {
    kind = by_code;
  } else if (!code.empty()) {
    doc.kind_code = code;  // a Party kind code the tables do not know, e.g. "BS"
    warn("unknown kind code " + code + " in the symbol; kind name left empty");
  } else if (h.vv_line >= 0) {
    kind = kind_by_code("CV", doc.family);
  } else if (letter_symbol) {
    warn("the symbol " + doc.symbol + " has no kind code and no kind name or \"V/v\" is printed");
  }
  if (kind != nullptr) {
    doc.kind_code = std::string(kind->code);
    doc.kind_name = std::string(kind->name);
  }
}

void Reader::list_missing() {
  auto need = [&](bool ok, const char* name) {
    if (!ok) doc.missing.emplace_back(name);
  };
  need(!doc.family.empty(), "family");
  need(!doc.kind_code.empty(), "kind_code");
  need(!doc.kind_name.empty(), "kind_name");
  need(doc.number.has_value(), "number");
  need(!doc.symbol.empty(), "symbol");
  need(!doc.issuer.empty(), "issuer");
  need(!doc.place.empty(), "place");
  need(!doc.date.empty(), "date");
  need(!doc.subject.empty(), "subject");
  need(!doc.signer.empty(), "signer");
  need(!doc.signer_position.empty(), "signer_position");
  need(!doc.recipients.empty(), "recipients");
}

void Reader::run() {
  for (size_t p = 0; p < pages.size(); ++p)
    if (!pages[p].lines.empty()) {
      h.page = static_cast<int>(p);
      break;
    }
  if (h.page >= 0) {
    read_header();
    read_vv();
    read_issuer();
    read_title();
    read_closing();
    decide_family_and_kind();
  }
  list_missing();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

const KindInfo* kind_by_name(std::string_view name, std::string_view family) {
  const std::string f = fold(name);
  if (f.empty()) return nullptr;
  const KindInfo* p = find_name(kPartyKinds, f);
  const KindInfo* s = find_name(kStateKinds, f);
  if (family == "party") return p;
  if (family == "state") return s;
  if (p != nullptr && s != nullptr) return p->code == s->code ? p : nullptr;
  return p != nullptr ? p : s;
}

const KindInfo* kind_by_code(std::string_view code, std::string_view family) {
  const KindInfo* p = find_code(kPartyKinds, code);
  const KindInfo* s = find_code(kStateKinds, code);
  if (family == "party") return p;
  if (family == "state") return s;
  if (p != nullptr && s != nullptr) return p->name == s->name ? p : nullptr;
  return p != nullptr ? p : s;
}

NumberLine parse_number_line(std::string_view line_in) {
  NumberLine r;
  const std::string line = collapse_spaces(line_in);
  const std::u32string u = decode(line);
  // "Số" (also "SỐ", and OCR's "So"/"Sô"): 'S' and a letter that folds to 'o'.
  if (u.size() < 3 || (u[0] != U'S' && u[0] != U's')) return r;
  if (fold(encode(u.substr(1, 1))) != "o") return r;
  size_t i = 2;
  if (i < u.size() && is_letter(u[i])) return r;  // "Sống", "Soạn"
  while (i < u.size() && u[i] == U' ') ++i;
  if (i < u.size() && u[i] == U':') ++i;
  while (i < u.size() && u[i] == U' ') ++i;
  // The symbol, with stray spaces around '-' and '/' closed up ("28 - CT/TU").
  std::u32string sym;
  size_t j = i;
  while (j < u.size()) {
    if (u[j] == U' ') {
      size_t k = j;
      while (k < u.size() && u[k] == U' ') ++k;
      const bool joins = !sym.empty() && k < u.size() &&
                         (sym.back() == U'-' || sym.back() == U'/' || u[k] == U'-' || u[k] == U'/');
      if (!joins) break;
      j = k;
      continue;
    }
    const char32_t c = u[j];
    if (!(is_letter(c) || is_digit(c) || c == U'-' || c == U'/' || c == U'.' || c == U'&')) break;
    sym.push_back(c);
    ++j;
  }
  r.rest = collapse_spaces(encode(std::u32string_view(u).substr(j)));
  while (!sym.empty() && (sym.back() == U'.' || sym.back() == U'-' || sym.back() == U'/'))
    sym.pop_back();
  if (sym.empty() || sym.size() > 60) return r;

  size_t d = 0;
  while (d < sym.size() && is_digit(sym[d])) ++d;
  if (d > 9 || d == sym.size()) return r;
  const char32_t sep = sym[d];
  if (sep != U'-' && sep != U'/') return r;
  const std::u32string tail = sym.substr(d + 1);
  if (std::none_of(tail.begin(), tail.end(), is_letter)) return r;

  if (sep == U'-') {
    // Party: CODE '/' ISSUER
    const auto slash = tail.find(U'/');
    if (slash == std::u32string::npos || slash == 0 || slash > 6 || slash + 1 >= tail.size())
      return r;
    const std::u32string code = tail.substr(0, slash);
    if (!std::all_of(code.begin(), code.end(), is_letter)) return r;
    const std::u32string issuer = tail.substr(slash + 1);
    if (std::none_of(issuer.begin(), issuer.end(), is_letter)) return r;
    if (issuer.find(U'/') != std::u32string::npos) return r;
    r.family = "party";
    r.code = encode(code);
  } else {
    // State: [YEAR '/'] CODE ('-' GROUP)*, or a Công văn's ISSUER ('-' UNIT)*.
    std::u32string t = tail;
    if (t.size() > 5 && std::all_of(t.begin(), t.begin() + 4, is_digit) && t[4] == U'/')
      t = t.substr(5);
    size_t e = 0;
    while (e < t.size() && t[e] != U'-' && t[e] != U'/') ++e;
    const std::u32string first = t.substr(0, e);
    if (first.empty() || std::none_of(first.begin(), first.end(), is_letter)) return r;
    r.family = "state";
    r.code = encode(first);
  }
  r.ok = true;
  if (d > 0) {
    long v = 0;
    for (size_t k = 0; k < d; ++k) v = v * 10 + static_cast<long>(sym[k] - U'0');
    r.number = v;
    r.symbol = encode(sym);
  }
  return r;
}

DateLine parse_date_line(std::string_view line_in) {
  DateLine r;
  const std::vector<std::string> tok = split_spaces(collapse_spaces(line_in));
  for (size_t i = 0; i + 5 < tok.size() && !r.ok; ++i) {
    if (fold(tok[i]) != "ngay" || fold(tok[i + 2]) != "thang" || fold(tok[i + 4]) != "nam")
      continue;
    const long day = digits_value(tok[i + 1], 2);
    const long month = digits_value(tok[i + 3], 2);
    std::string ys = tok[i + 5];
    std::string trail;
    while (!ys.empty() && !(ys.back() >= '0' && ys.back() <= '9')) {
      trail.insert(trail.begin(), ys.back());
      ys.pop_back();
    }
    const long year = digits_value(ys, 4);
    if (day < 0 || month < 0 || year < 0 || ys.size() != 4) continue;
    r.ok = true;
    const bool nothing_after =
        i + 6 == tok.size() && trail.find_first_not_of(".,;)") == std::string::npos;
    if (i == 0) {
      r.whole_line = nothing_after;
    } else if (!tok[i - 1].empty() && tok[i - 1].back() == ',' && i <= 9) {
      std::vector<std::string> place(tok.begin(), tok.begin() + static_cast<long>(i));
      place.back().pop_back();
      std::string p = strip_trailing(join(place), ",");
      const std::u32string pu = decode(p);
      if (!pu.empty() && is_letter(pu[0]) && u_isupper(static_cast<UChar32>(pu[0]))) {
        r.place = p;
        r.whole_line = nothing_after;
      }
    }
    if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200 ||
        day > days_in(static_cast<int>(month), static_cast<int>(year))) {
      r.problem = "the date \"ngày " + tok[i + 1] + " tháng " + tok[i + 3] + " năm " + ys +
                  "\" is not a real date; date left empty";
    } else {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", year, month, day);
      r.iso = buf;
    }
  }
  return r;
}

void read_metadata(const std::vector<PageLines>& pages, ExtractedDocument& doc) {
  Reader reader{pages, doc, {}};
  reader.run();
}

}  // namespace vanthu::archive::extract
