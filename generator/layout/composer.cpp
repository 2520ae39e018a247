// Composer: document model → vertical list, by the rule profile.
#include "layout/composer.h"


#include <algorithm>
#include <cmath>

#include "layout/line_breaker.h"
#include "text/unicode.h"

namespace vanthu::generator {

double mm_to_pt(double mm) { return mm * 72.0 / 25.4; }

namespace {

std::string pad(long v, int digits) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < digits) s.insert(s.begin(), '0');
  return s;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

// Baseline of a line of `size` pt in a line box of `height` pt: the ink box is centred.
double baseline_in(double height, double size) {
  return (height + (kAscent - kDescent) * size) / 2;
}

// Appends the end mark "./." to the last text, replacing a final full stop.
void append_end_mark(RichText& rt, const std::string& mark) {
  for (auto it = rt.spans.rbegin(); it != rt.spans.rend(); ++it) {
    if (it->footnote) continue;
    while (!it->text.empty() && it->text.back() == ' ') it->text.pop_back();
    if (!it->text.empty() && it->text.back() == '.' && !mark.empty() && mark[0] == '.')
      it->text.pop_back();
    it->text += mark;
    return;
  }
}

RichText* last_text(std::vector<Block>& blocks) {
  if (blocks.empty()) return nullptr;
  Block& b = blocks.back();
  if (auto* p = std::get_if<Paragraph>(&b.value)) return &p->text;
  if (auto* n = std::get_if<Note>(&b.value)) return n->text.empty() ? &n->lead : &n->text;
  if (auto* it = std::get_if<Item>(&b.value)) {
    if (RichText* r = last_text(it->body)) return r;
    if (!it->text.empty()) return &it->text;
    if (!it->lead.empty()) return &it->lead;
    return &it->heading;
  }
  return nullptr;
}

}  // namespace

std::string format_symbol(const Profile& p, const Document& d) {
  // The symbol is the number line without its "Số"/"Số:" prefix.
  std::string line = format_number_line(p, d);
  std::size_t sp = line.find(' ');
  return sp == std::string::npos ? line : text::collapse_spaces(line.substr(sp + 1));
}

std::string format_number_line(const Profile& p, const Document& d) {
  std::string num = d.number ? pad(*d.number, p.number_min_digits) : p.draft_number;
  const KindDef* k = p.find_kind(d.kind.value);
  const std::string& fmt = k && !k->number_format.empty() ? k->number_format : p.number_format;
  std::string s = replace_all(fmt, "{number}", num);
  s = replace_all(s, "{kind}", d.kind.value);
  return replace_all(s, "{issuer}", d.issuer_code.value);
}

std::string format_date_line(const Profile& p, const Document& d) {
  std::string s = replace_all(p.date_format, "{place}", d.place.value);
  if (d.date) {
    s = replace_all(s, "{day}", pad(d.date->day, p.day_min_digits));
    s = replace_all(s, "{month}",
                    d.date->month < p.month_pad_below ? pad(d.date->month, 2) : std::to_string(d.date->month));
    s = replace_all(s, "{year}", std::to_string(d.date->year));
  } else {
    s = replace_all(s, "{day}", "     ");
    s = replace_all(s, "{month}", "     ");
    s = replace_all(s, "{year}", "      ");
  }
  return s;
}

double Composer::text_left() const { return mm_to_pt(p_.margin_left); }
double Composer::text_width() const {
  return mm_to_pt(p_.page_width - p_.margin_left - p_.margin_right);
}

void Composer::check_coverage(const std::string& s, Face face, const SourceLoc& loc,
                              const std::string& field) {
  for (char32_t cp : text::decode(s)) {
    if (cp == ' ') continue;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || !fonts_.has_glyph(face, cp)) {
      std::string shown = cp < 0x20 ? "" : "'" + text::encode(std::u32string(1, cp)) + "' ";
      diags_.error("missing-glyph", loc, field,
                   "character " + shown + "(" + text::codepoint_name(cp) + ") is not in the font " +
                       fonts_.face_name(face),
                   "replace it with a character the font has, or remove it");
      return;  // one report per text is enough
    }
  }
}

Composer::Frag Composer::frag(const Text& t, const Style& s) {
  check_coverage(t.value, s.face, t.loc, t.field);
  return Frag{t.value, s.face, s.size, 0, 0, s.underline};
}

std::vector<Composer::Frag> Composer::frags_of(const RichText& rt, Face base, double size,
                                               bool bold_all, bool italic_all) {
  std::vector<Frag> out;
  for (const auto& sp : rt.spans) {
    if (sp.footnote) {
      Frag f{std::to_string(sp.footnote), Face::kRegular, size * p_.footnote_ref_scale,
             size * p_.footnote_ref_rise, sp.footnote, false};
      out.push_back(f);
      continue;
    }
    const bool bold = bold_all || sp.bold || is_bold(base);
    const bool italic = italic_all || sp.italic || is_italic(base);
    const Face face = face_of(bold, italic);
    check_coverage(sp.text, face, rt.loc, rt.field);
    out.push_back({sp.text, face, size, 0, 0, false});
  }
  return out;
}

std::vector<VItem> Composer::set_paragraph(const std::vector<Frag>& frags, const ParaSpec& spec,
                                           const SourceLoc&, const std::string&) {
  // Split fragments into words at spaces; a word may span several fragments (styles, notes).
  struct Piece {
    const Frag* frag;
    std::string text;
    double width;
  };
  struct Word {
    std::vector<Piece> pieces;
    double width = 0;
    double space = 0;  // natural space after the word
    std::vector<int> notes;
  };
  std::vector<Word> words(1);
  for (const Frag& f : frags) {
    if (f.footnote) {
      words.back().pieces.push_back({&f, f.text, fonts_.width(f.face, f.size, f.text)});
      words.back().notes.push_back(f.footnote);
      continue;
    }
    std::size_t pos = 0;
    while (pos <= f.text.size()) {
      std::size_t sp = f.text.find(' ', pos);
      std::string part = f.text.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
      if (!part.empty()) words.back().pieces.push_back({&f, part, fonts_.width(f.face, f.size, part)});
      if (sp == std::string::npos) break;
      if (!words.back().pieces.empty()) {
        words.back().space = fonts_.width(f.face, f.size, " ");
        words.emplace_back();
      } else if (words.size() > 1) {
        // Consecutive spaces (a draft's blank number) widen the gap instead of collapsing.
        words[words.size() - 2].space += fonts_.width(f.face, f.size, " ");
      }
      pos = sp + 1;
    }
  }
  if (words.back().pieces.empty()) words.pop_back();
  std::vector<VItem> lines;
  if (words.empty()) return lines;
  double max_size = 0;
  for (const Frag& f : frags) max_size = std::max(max_size, f.rise > 0 ? 0.0 : f.size);
  if (max_size == 0) max_size = frags.front().size;

  BreakInput in;
  for (std::size_t i = 0; i < words.size(); ++i) {
    Word& w = words[i];
    for (auto& pc : w.pieces) w.width += pc.width;
    in.box.push_back(w.width);
    in.glue.push_back(w.space);
    // "chính trị - xã hội": a line must not start with the dash, which would read as a list
    // item, so the space before a lone dash does not break.
    // Nor may a line end with it: pdftotext and other extractors take a line-final hyphen
    // for a hyphenation and drop it. So a lone dash is bound to both of its neighbours.
    auto lone_dash = [&](std::size_t k) {
      return k < words.size() && words[k].pieces.size() == 1 &&
             (words[k].pieces[0].text == "-" || words[k].pieces[0].text == "–");
    };
    in.nobreak.push_back(lone_dash(i + 1) || lone_dash(i));
  }
  in.first_width = spec.width - spec.indent;
  in.width = spec.width - spec.hang;
  in.justify = spec.align == Align::kJustify;
  LineBreaker lb;
  std::vector<BreakLine> br = spec.align == Align::kJustify ? lb.breaks(in) : lb.greedy(in);
  if (spec.align == Align::kCenter && br.size() > 1) {
    // Balance centred lines ("ỦY BAN NHÂN DÂN / TỈNH QUẢNG TRỊ", not a lone last word): the
    // narrowest width that still gives the same number of lines.
    BreakInput narrow = in;
    double lo = 0, hi = in.width;
    for (int k = 0; k < 20; ++k) {
      const double mid = (lo + hi) / 2;
      narrow.first_width = narrow.width = mid;
      auto t = lb.greedy(narrow);
      bool fits = t.size() == br.size();
      for (const auto& l : t) fits = fits && !l.overfull;
      (fits ? hi : lo) = mid;
    }
    narrow.first_width = narrow.width = hi;
    br = lb.greedy(narrow);
    for (auto& l : br) l.overfull = false;
  }

  const double height = max_size * spec.leading;
  const double base = baseline_in(height, max_size);
  for (std::size_t li = 0; li < br.size(); ++li) {
    const BreakLine& l = br[li];
    const bool last = li + 1 == br.size();
    VItem item;
    item.kind = VItem::Kind::kLine;
    item.height = height;
    const double avail = li == 0 ? in.first_width : in.width;
    double x = spec.left + (li == 0 ? spec.indent : spec.hang);
    if (spec.align == Align::kCenter) x += std::max(0.0, (avail - l.natural) / 2);
    if (spec.align == Align::kRight) x += std::max(0.0, avail - l.natural);
    double extra = 0;  // added to every gap: stretch when justifying, shrink when too long
    if (l.last > l.first && !l.overfull &&
        ((spec.align == Align::kJustify && !last) || l.natural > avail))
      extra = (avail - l.natural) / (l.last - l.first);
    for (int wi = l.first; wi <= l.last; ++wi) {
      const Word& w = words[wi];
      for (std::size_t pi = 0; pi < w.pieces.size(); ++pi) {
        const Piece& pc = w.pieces[pi];
        TextRun r{x, base - pc.frag->rise, pc.frag->face, pc.frag->size, pc.text};
        // A real space after the word keeps extracted text word-separated.
        if (pi + 1 == w.pieces.size() && wi < l.last) r.text += " ";
        if (pc.frag->underline)
          item.rules.push_back({x, base + 0.12 * pc.frag->size, x + pc.width, base + 0.12 * pc.frag->size,
                                0.05 * pc.frag->size});
        item.runs.push_back(std::move(r));
        x += pc.width;
      }
      if (wi < l.last) {
        if (words[wi].pieces.back().frag->underline && spec.align != Align::kJustify)
          item.rules.push_back({x, base + 0.12 * max_size, x + w.space + extra, base + 0.12 * max_size,
                                0.05 * max_size});
        x += w.space + extra;
      }
      item.footnotes.insert(item.footnotes.end(), w.notes.begin(), w.notes.end());
    }
    lines.push_back(std::move(item));
  }
  return lines;
}

VItem Composer::block_of(std::vector<VItem> lines) {
  VItem b;
  b.kind = VItem::Kind::kBlock;
  for (auto& l : lines) {
    for (auto r : l.runs) {
      r.baseline += b.height;
      b.runs.push_back(std::move(r));
    }
    for (auto r : l.rules) {
      r.y1 += b.height;
      r.y2 += b.height;
      b.rules.push_back(r);
    }
    b.footnotes.insert(b.footnotes.end(), l.footnotes.begin(), l.footnotes.end());
    b.height += l.height;
  }
  return b;
}

std::vector<VItem> Composer::centered(const std::vector<Text>& lines, const Style& s, double left,
                                      double width) {
  std::vector<VItem> out;
  for (const Text& t : lines) {
    auto ls = set_paragraph({frag(t, s)}, {left, width, 0, 0, Align::kCenter, 1.2}, t.loc, t.field);
    out.insert(out.end(), ls.begin(), ls.end());
  }
  return out;
}

void Composer::header(const Document& d, VList& out) {
  const double left = text_left(), width = text_width();
  const double lw = width * p_.header_left_fraction;
  const double rl = left + lw, rw = width - lw;

  // Left column: superior body, issuing body, "*" (or a short rule), number line.
  std::vector<VItem> lcol = centered(d.superior, p_.superior, left, lw);
  auto iss = centered(d.issuer, p_.issuer, left, lw);
  lcol.insert(lcol.end(), iss.begin(), iss.end());
  if (p_.issuer_mark == "rule") {
    double w = 0;
    for (const auto& t : d.issuer) w = std::max(w, fonts_.width(p_.issuer.face, p_.issuer.size, t.value));
    w = std::min(w, lw) * p_.issuer_rule_fraction;
    VItem rule;
    rule.height = 8;
    rule.rules.push_back({left + (lw - w) / 2, 3.5, left + (lw + w) / 2, 3.5, 0.5});
    lcol.push_back(rule);
  } else {
    Text mark{p_.issuer_mark, d.issuer.empty() ? SourceLoc{} : d.issuer.back().loc, "header.issuer"};
    auto m = centered({mark}, Style{p_.issuer.size, Face::kRegular, false}, left, lw);
    lcol.insert(lcol.end(), m.begin(), m.end());
  }
  Text num{format_number_line(p_, d), d.issuer_code.loc, "header.number"};
  auto numl = centered({num}, p_.number, left, lw);
  const KindDef* kind = p_.find_kind(d.kind.value);
  if (kind && kind->letter) {  // Công văn: "V/v …" under the number
    std::vector<Text> v = d.subject;
    if (!v.empty()) v[0].value = p_.letter_subject_prefix + v[0].value;
    auto vl = centered(v, p_.letter_subject, left, lw);
    if (!vl.empty()) {  // 6 pt below the number (NĐ 30, ô 5b)
      VItem gap;
      gap.height = 6;
      numl.push_back(gap);
    }
    numl.insert(numl.end(), vl.begin(), vl.end());
  }

  // Right column: motto lines (rule under one of them), then place and date.
  std::vector<VItem> rcol;
  double rule_y = -1;  // bottom of the motto rule, from the top of the column
  double col_y = 0;
  for (std::size_t i = 0; i < p_.motto.size(); ++i) {
    const Style& ms = p_.motto_styles[i];
    Text t{p_.motto[i], {p_.source}, "header.motto"};
    auto ls = centered({t}, ms, rl, rw);
    if (static_cast<int>(i) == p_.motto_rule_under && !ls.empty()) {
      // A solid rule as long as the motto line, just under its descenders.
      const double tw = std::min(fonts_.width(ms.face, ms.size, p_.motto[i]), rw);
      VItem& last = ls.back();
      // A clear gap below the descenders ("lập", "Hạnh"), as in the official specimens.
      const double y = baseline_in(last.height, ms.size) + kDescent * ms.size + 2.5;
      last.rules.push_back({rl + (rw - tw) / 2, y, rl + (rw + tw) / 2, y, 0.6});
      double before = 0;
      for (std::size_t k = 0; k + 1 < ls.size(); ++k) before += ls[k].height;
      rule_y = col_y + before + y;
    }
    for (auto& l : ls) {
      col_y += l.height;
      rcol.push_back(std::move(l));
    }
  }
  Text date{format_date_line(p_, d), d.place.loc, "header.date"};
  auto datel = centered({date}, p_.date, rl, rw);

  VItem block;
  block.kind = VItem::Kind::kBlock;
  double y = 0;
  if (d.is_draft()) {  // "DỰ THẢO" in a box, top right
    const Style& s = p_.draft_style;
    double w = fonts_.width(s.face, s.size, p_.draft_mark);
    double h = s.size * 1.6;
    double x = left + width - w - 8;
    block.runs.push_back({x, baseline_in(h, s.size), s.face, s.size, p_.draft_mark});
    block.rules.push_back({x - 4, 0.5, x + w + 4, 0.5, 0.8});
    block.rules.push_back({x - 4, h - 0.5, x + w + 4, h - 0.5, 0.8});
    block.rules.push_back({x - 4, 0.5, x - 4, h - 0.5, 0.8});
    block.rules.push_back({x + w + 4, 0.5, x + w + 4, h - 0.5, 0.8});
    y = h + 4;
  }
  auto place = [&](const std::vector<VItem>& col, double y0) {
    double yy = y0;
    for (const auto& l : col) {
      for (auto r : l.runs) {
        r.baseline += yy;
        block.runs.push_back(r);
      }
      for (auto r : l.rules) {
        r.y1 += yy;
        r.y2 += yy;
        block.rules.push_back(r);
      }
      yy += l.height;
    }
    return yy;
  };
  const double lend = place(lcol, y);
  const double rend = place(rcol, y);
  // The number and the date share one baseline row, below both columns' upper parts.
  const double row = std::max(lend, std::max(rend, rule_y >= 0 ? y + rule_y + 2 : 0.0));
  const double e1 = place(numl, row);
  const double e2 = place(datel, row);
  block.height = std::max(e1, e2) + p_.header_gap;
  block.break_before = true;
  out.items.push_back(std::move(block));
}

void Composer::addressees(const Document& d, VList& out) {
  if (d.addressees.empty()) return;
  const double left = text_left(), width = text_width();
  const Style& st = p_.addressee;
  const double label_x = left + width * 0.2;
  const double label_w = fonts_.width(st.face, st.size, p_.addressee_label + " ");
  Text label{p_.addressee_label, {p_.source}, "title.addressee_label"};
  std::vector<VItem> lines;
  if (d.addressees.size() == 1) {
    Text one = d.addressees[0];
    one.value = p_.addressee_label + " " + one.value + ".";
    lines = set_paragraph({frag(one, st)}, {label_x, left + width - label_x, 0, label_w, Align::kLeft, 1.2},
                          one.loc, one.field);
  } else {
    lines = set_paragraph({frag(label, st)}, {label_x, left + width - label_x, 0, 0, Align::kLeft, 1.2},
                          label.loc, label.field);
    // One addressee per line, "- " under the colon, ";" after each and "." after the last.
    const double colon_x = label_x + fonts_.width(st.face, st.size, p_.addressee_label) -
                           fonts_.width(st.face, st.size, ":");
    const double dash_w = fonts_.width(st.face, st.size, "- ");
    for (std::size_t i = 0; i < d.addressees.size(); ++i) {
      Text t = d.addressees[i];
      t.value = "- " + t.value + (i + 1 == d.addressees.size() ? "." : ";");
      auto ls = set_paragraph({frag(t, st)}, {colon_x, left + width - colon_x, 0, dash_w, Align::kLeft, 1.2},
                              t.loc, t.field);
      lines.insert(lines.end(), ls.begin(), ls.end());
    }
  }
  VItem b = block_of(std::move(lines));
  b.height += p_.title_gap;
  b.break_before = false;
  out.items.push_back(std::move(b));
}

void Composer::title(const Document& d, VList& out) {
  const double left = text_left(), width = text_width();
  std::vector<VItem> lines;
  const KindDef* k = p_.find_kind(d.kind.value);
  if (k && k->letter) return;  // a Công văn has no title block
  Text kind{k ? k->name : d.kind.value, d.kind.loc, "kind"};
  auto kl = centered({kind}, p_.kind, left, width);
  lines.insert(lines.end(), kl.begin(), kl.end());
  if (!d.organ_line.empty()) {
    auto ol = centered({d.organ_line}, p_.organ_line, left, width);
    lines.insert(lines.end(), ol.begin(), ol.end());
  }
  auto sl = centered(d.subject, p_.subject, left, width);
  lines.insert(lines.end(), sl.begin(), sl.end());
  if (p_.subject_separator == "rule") {
    double w = 0;
    for (const auto& t : d.subject) w = std::max(w, fonts_.width(p_.subject.face, p_.subject.size, t.value));
    w = std::min(w, width) * p_.subject_rule_fraction;
    VItem r;
    r.height = 10;
    r.rules.push_back({left + (width - w) / 2, 4.5, left + (width + w) / 2, 4.5, 0.5});
    lines.push_back(r);
  } else if (!p_.subject_separator.empty()) {
    Text sep{p_.subject_separator, {p_.source}, "title.subject_separator"};
    auto s = centered({sep}, Style{p_.subject.size, Face::kRegular, false}, left, width);
    lines.insert(lines.end(), s.begin(), s.end());
  }
  VItem b = block_of(std::move(lines));
  b.height += p_.title_gap;
  b.break_before = false;  // never separated from the header
  out.items.push_back(std::move(b));
}

void Composer::add(VList& out, std::vector<VItem> lines, bool keep_with_next) {
  if (lines.empty()) return;
  const int n = static_cast<int>(lines.size());
  // The space between paragraphs is where a page normally breaks; a heading forbids it.
  if (!out.items.empty() && out.items.back().kind == VItem::Kind::kLine) {
    VItem g;
    g.kind = VItem::Kind::kGlue;
    g.height = p_.para_after;
    g.break_before = !keep_next_;
    out.items.push_back(g);
  }
  for (int i = 0; i < n; ++i) {
    VItem& l = lines[i];
    // Widow and orphan control: no break leaving fewer than orphan_lines lines of a paragraph
    // at the foot of a page or fewer than widow_lines at the head of the next.
    if (i == 0)
      l.break_before = false;  // the break, if any, is at the space before the paragraph
    else
      l.break_before = i >= p_.orphan_lines && n - i >= p_.widow_lines;
    out.items.push_back(std::move(l));
  }
  keep_next_ = keep_with_next;
}

void Composer::body(const std::vector<Block>& blocks, VList& out, int depth) {
  (void)depth;
  const double left = text_left(), width = text_width();
  const double indent = mm_to_pt(p_.indent);
  const Style& bs = p_.body;
  ParaSpec spec{left, width, indent, 0, Align::kJustify, p_.leading};
  for (const Block& b : blocks) {
    if (auto* para = std::get_if<Paragraph>(&b.value)) {
      add(out, set_paragraph(frags_of(para->text, bs.face, bs.size), spec, para->text.loc, para->text.field), false);
    } else if (auto* it = std::get_if<Item>(&b.value)) {
      // "1." and "1.1." take a final dot; "a)" and "Điều 1." are printed as written.
      const bool has_end = !it->number.empty() && (it->number.back() == ')' || it->number.back() == '.');
      Text num{has_end ? it->number : it->number + ".", it->loc, "body.item"};
      // An article number ("Điều 1.") is bold, like an item heading (NĐ 30 Phụ lục I).
      const Style& num_style = it->number.rfind("Điều", 0) == 0 ? p_.item_heading : bs;
      if (!it->heading.empty()) {
        std::vector<Frag> fr{frag(num, p_.item_heading)};
        fr.back().text += " ";
        auto h = frags_of(it->heading, p_.item_heading.face, p_.item_heading.size);
        fr.insert(fr.end(), h.begin(), h.end());
        ParaSpec hs = spec;
        hs.align = Align::kLeft;
        add(out, set_paragraph(fr, hs, it->heading.loc, it->heading.field), true);
        if (!it->text.empty())
          add(out, set_paragraph(frags_of(it->text, bs.face, bs.size), spec, it->text.loc, it->text.field), false);
      } else {
        std::vector<Frag> fr;
        if (!it->lead.empty()) {
          fr.push_back(frag(num, p_.item_heading));
          fr.back().text += " ";
          auto l = frags_of(it->lead, p_.item_heading.face, p_.item_heading.size);
          fr.insert(fr.end(), l.begin(), l.end());
        } else {
          fr.push_back(frag(num, num_style));
        }
        if (!it->text.empty()) {
          fr.back().text += " ";
          auto t = frags_of(it->text, bs.face, bs.size);
          fr.insert(fr.end(), t.begin(), t.end());
        }
        const RichText& src = it->text.empty() ? it->lead : it->text;
        add(out, set_paragraph(fr, spec, src.loc, src.field), it->text.empty() && !it->body.empty());
      }
      body(it->body, out, depth + 1);
    } else if (auto* h = std::get_if<Heading>(&b.value)) {
      ParaSpec hs{left, width, 0, 0, Align::kCenter, p_.leading};
      add(out, set_paragraph(frags_of(h->text, p_.heading.face, p_.heading.size), hs, h->text.loc,
                             h->text.field),
          true);
    } else if (auto* sec = std::get_if<Section>(&b.value)) {
      std::vector<Frag> fr{frag(Text{sec->number + ". ", sec->loc, "body.section"}, p_.section)};
      auto t = frags_of(sec->title, p_.section.face, p_.section.size);
      fr.insert(fr.end(), t.begin(), t.end());
      ParaSpec ss = spec;
      ss.align = Align::kLeft;
      add(out, set_paragraph(fr, ss, sec->title.loc, sec->title.field), true);
    } else if (auto* tb = std::get_if<Table>(&b.value)) {
      table(*tb, out);
    } else if (auto* n = std::get_if<Note>(&b.value)) {
      Text mk{n->marker + " ", n->lead.loc, n->lead.field};
      std::vector<Frag> fr{frag(mk, bs)};
      auto l = frags_of(n->lead, p_.note_lead.face, p_.note_lead.size);
      fr.insert(fr.end(), l.begin(), l.end());
      if (!n->text.empty()) {
        fr.back().text += " ";
        auto t = frags_of(n->text, bs.face, bs.size);
        fr.insert(fr.end(), t.begin(), t.end());
      }
      add(out, set_paragraph(fr, spec, n->lead.loc, n->lead.field), false);
    }
  }
}

void Composer::table(const Table& t, VList& out) {
  const double left = text_left(), width = text_width();
  const Style& st = p_.table;
  const double pad = 3, rule = 0.5;
  std::vector<double> xs{left};
  for (double w : t.widths) xs.push_back(xs.back() + width * w / 100);
  auto row = [&](const std::vector<RichText>& cells, bool header) {
    VItem item;
    item.kind = VItem::Kind::kBlock;
    double h = 0;
    std::vector<std::vector<VItem>> cols;
    for (std::size_t c = 0; c < cells.size() && c + 1 < xs.size(); ++c) {
      Align al = Align::kLeft;
      if (header || (c < t.align.size() && t.align[c] == "center")) al = Align::kCenter;
      else if (c < t.align.size() && t.align[c] == "right") al = Align::kRight;
      ParaSpec cs{xs[c] + pad, xs[c + 1] - xs[c] - 2 * pad, 0, 0, al, 1.15};
      auto lines = cells[c].empty()
                       ? std::vector<VItem>{}
                       : set_paragraph(frags_of(cells[c], header ? Face::kBold : st.face, st.size, header),
                                       cs, cells[c].loc, cells[c].field);
      double ch = 0;
      for (const auto& l : lines) ch += l.height;
      h = std::max(h, ch);
      cols.push_back(std::move(lines));
    }
    for (auto& lines : cols) {
      double y = pad;
      for (auto& l : lines) {
        for (auto r : l.runs) {
          r.baseline += y;
          item.runs.push_back(std::move(r));
        }
        item.footnotes.insert(item.footnotes.end(), l.footnotes.begin(), l.footnotes.end());
        y += l.height;
      }
    }
    item.height = h + 2 * pad;
    item.rules.push_back({xs.front(), 0, xs.back(), 0, rule});
    item.rules.push_back({xs.front(), item.height, xs.back(), item.height, rule});
    for (double x : xs) item.rules.push_back({x, 0, x, item.height, rule});
    return item;
  };
  std::vector<VItem> rows;
  const int id = ++tables_;
  if (!t.header.empty()) {
    rows.push_back(row(t.header, true));
    rows.back().table_header = true;
  }
  for (const auto& r : t.rows) rows.push_back(row(r, false));
  for (auto& r : rows) r.table = id;
  if (!out.items.empty() && out.items.back().kind == VItem::Kind::kLine) {
    VItem g;
    g.kind = VItem::Kind::kGlue;
    g.height = p_.para_after;
    g.break_before = !keep_next_;
    out.items.push_back(g);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // A page may break between body rows, never right after the header row.
    rows[i].break_before = i >= (t.header.empty() ? 1u : 2u);
    out.items.push_back(std::move(rows[i]));
  }
  VItem g;  // space after the table, so the next paragraph does not touch its last rule
  g.kind = VItem::Kind::kGlue;
  g.height = p_.para_after;
  g.break_before = true;
  out.items.push_back(g);
  keep_next_ = false;
}

void Composer::closing(const Document& d, VList& out) {
  const double left = text_left(), width = text_width();
  if (!d.closing.empty()) {
    ParaSpec spec{left, width, mm_to_pt(p_.indent), 0, Align::kJustify, p_.leading};
    add(out, set_paragraph(frags_of(d.closing, p_.body.face, p_.body.size), spec, d.closing.loc,
                           d.closing.field),
        false);
  }
  // Nơi nhận at the left, signature at the right, side by side, as one unbreakable block.
  // Documents built in code (the register printout) may have neither.
  if (d.recipients.empty() && d.archive_line.empty() && d.signature.name.empty()) return;
  const double lw = width * p_.signature_left_fraction;
  const double rl = left + lw, rw = width - lw;
  std::vector<VItem> lcol;
  Text label = d.recipients_label.empty()
                   ? Text{p_.recipients_label, {p_.source}, "closing.recipients_label"}
                   : d.recipients_label;
  if (!d.recipients_label.empty() && label.value.back() != ':') label.value += ":";
  auto lab = set_paragraph({frag(label, p_.recipients_label_style)},
                           {left, lw, 0, 0, Align::kLeft, 1.2}, label.loc, label.field);
  lcol.insert(lcol.end(), lab.begin(), lab.end());
  const double prefix_w = fonts_.width(p_.recipient.face, p_.recipient.size, p_.recipient_prefix);
  auto add_recipient = [&](const Text& t, const Text* purpose, const std::string& end) {
    std::string line = p_.recipient_prefix + t.value;
    if (purpose && !purpose->empty()) {
      std::string f = p_.purpose_format;
      std::size_t at = f.find("{purpose}");
      if (at != std::string::npos) f.replace(at, 9, purpose->value);
      line += " " + f;
      check_coverage(purpose->value, p_.recipient.face, purpose->loc, purpose->field);
    }
    line += end;
    Text whole{line, t.loc, t.field};
    auto ls = set_paragraph({frag(whole, p_.recipient)}, {left, lw, 0, prefix_w, Align::kLeft, 1.15},
                            t.loc, t.field);
    lcol.insert(lcol.end(), ls.begin(), ls.end());
  };
  for (const auto& r : d.recipients) add_recipient(r.text, &r.purpose, p_.recipient_end);
  Text archive = d.archive_line;
  if (archive.value.rfind("Lưu", 0) != 0) archive.value = p_.archive_prefix + archive.value;
  add_recipient(archive, nullptr, p_.archive_end);

  std::vector<VItem> rcol;
  std::vector<Text> auth;
  if (!d.signature.authority.empty() || !d.signature.collective.empty()) {
    std::string a = d.signature.authority.value;
    if (!d.signature.collective.empty()) a += (a.empty() ? "" : " ") + d.signature.collective.value;
    auth.push_back({a, d.signature.authority.empty() ? d.signature.collective.loc : d.signature.authority.loc,
                    "signature.authority"});
  }
  auto al = centered(auth, p_.authority, rl, rw);
  rcol.insert(rcol.end(), al.begin(), al.end());
  auto pl = centered(d.signature.positions, p_.position, rl, rw);
  rcol.insert(rcol.end(), pl.begin(), pl.end());
  VItem space;
  space.height = mm_to_pt(p_.signature_space);
  rcol.push_back(space);
  auto nl = centered({d.signature.name}, p_.signer, rl, rw);
  rcol.insert(rcol.end(), nl.begin(), nl.end());

  VItem lb = block_of(std::move(lcol));
  VItem rb = block_of(std::move(rcol));
  VItem both;
  both.kind = VItem::Kind::kBlock;
  both.height = std::max(lb.height, rb.height);
  for (auto* part : {&lb, &rb}) {
    for (auto& r : part->runs) both.runs.push_back(r);
    for (auto& r : part->rules) both.rules.push_back(r);
  }
  // The gap above is part of the block, so the block is never alone at the head of a page:
  // it cannot break from the last line above it.
  for (auto& r : both.runs) r.baseline += p_.closing_gap;
  for (auto& r : both.rules) {
    r.y1 += p_.closing_gap;
    r.y2 += p_.closing_gap;
  }
  both.height += p_.closing_gap;
  both.break_before = false;
  out.items.push_back(std::move(both));
}

void Composer::footnotes(const Document& d, VList& out) {
  const Style& fs = p_.footnote;
  ParaSpec spec{text_left(), text_width(), 0, 0, Align::kJustify, p_.footnote_leading};
  for (const auto& [n, rt] : d.footnotes) {
    std::vector<Frag> fr;
    fr.push_back({std::to_string(n), Face::kRegular, fs.size * p_.footnote_ref_scale,
                  fs.size * p_.footnote_ref_rise, 0, false});
    fr.back().text += " ";
    auto t = frags_of(rt, fs.face, fs.size);
    fr.insert(fr.end(), t.begin(), t.end());
    auto lines = set_paragraph(fr, spec, rt.loc, rt.field);
    if (!lines.empty()) lines.back().height += p_.footnote_para_after;
    out.footnotes[n] = std::move(lines);
  }
}

VList Composer::compose_body_only(const Document& d) {
  VList out;
  std::vector<VItem> lines = centered(d.superior, p_.superior, text_left(), text_width());
  auto issuer = centered(d.issuer, p_.issuer, text_left(), text_width());
  lines.insert(lines.end(), issuer.begin(), issuer.end());
  if (!lines.empty()) {
    VItem b = block_of(std::move(lines));
    b.height += p_.para_after;
    out.items.push_back(std::move(b));
  }
  body(d.body, out, 0);
  return out;
}

VList Composer::compose(const Document& original) {
  Document d = original;
  if (d.end_mark) {
    if (!d.closing.empty()) {
      append_end_mark(d.closing, p_.end_mark);
    } else if (RichText* last = last_text(d.body)) {
      append_end_mark(*last, p_.end_mark);
    }
  }
  VList out;
  header(d, out);
  title(d, out);
  addressees(d, out);
  body(d.body, out, 0);
  closing(d, out);
  footnotes(d, out);

  const KindDef* k = p_.find_kind(d.kind.value);
  std::string subject;
  for (const auto& s : d.subject) subject += (subject.empty() ? "" : " ") + s.value;
  out.info.title = (k ? text::sentence_case(k->name) : d.kind.value) + " " + subject;
  for (const auto& s : d.issuer) out.info.author += (out.info.author.empty() ? "" : " ") + s.value;
  out.info.subject = subject;
  out.info.keywords = d.is_draft() ? p_.draft_mark : format_symbol(p_, d);
  if (d.date) {
    out.info.year = d.date->year;
    out.info.month = d.date->month;
    out.info.day = d.date->day;
  }
  return out;
}

}  // namespace vanthu::generator
