// Page filling with break permissions and footnotes at the foot of the referencing page.
#include "layout/paginator.h"

#include <algorithm>
#include <deque>

namespace vanthu::generator {

namespace {

struct Placed {
  const VItem* item;
  double y;  // top of the item, from the top of the content area
};

struct PageFill {
  std::size_t end = 0;                 // first item not on this page
  std::vector<Placed> body;
  std::vector<const VItem*> notes;     // footnote lines on this page, in order
  std::deque<const VItem*> carry;      // footnote lines continued on the next page
  double notes_height = 0;
};

class Filler {
 public:
  Filler(const VList& list, const Profile& p) : list_(list), p_(p) {
    avail_ = (p.page_height - p.margin_top - p.margin_bottom) * 72.0 / 25.4;
  }

  // Fills one page starting at item `start`, stopping before `limit` or at the first item
  // that does not fit.
  PageFill fill(std::size_t start, const std::deque<const VItem*>& carry_in,
                std::size_t limit) const {
    PageFill f;
    f.end = start;
    double body = 0;
    const double gap = p_.footnote_gap;
    // Footnote lines continued from the previous page come first, up to half the page.
    for (const VItem* l : carry_in) {
      const double add = l->height + (f.notes.empty() ? gap : 0);
      if (f.carry.empty() && f.notes_height + add <= avail_ / 2) {
        f.notes.push_back(l);
        f.notes_height += add;
      } else {
        f.carry.push_back(l);
      }
    }
    std::size_t j = start;
    const std::size_t n = std::min(limit, list_.items.size());
    while (j < n && list_.items[j].kind == VItem::Kind::kGlue) ++j;
    if (j < n && list_.items[j].table > 0 && !list_.items[j].table_header) {
      // A table continued from the previous page: repeat its header row first.
      for (std::size_t k = j; k-- > 0;) {
        const VItem& h = list_.items[k];
        if (h.table != list_.items[j].table) break;
        if (h.table_header) {
          f.body.push_back({&h, 0});
          body += h.height;
          break;
        }
      }
    }
    while (j < n) {
      const VItem& it = list_.items[j];
      if (it.kind == VItem::Kind::kGlue && body == 0) {  // no space at the head of a page
        ++j;
        continue;
      }
      std::vector<const VItem*> need;
      for (int fn : it.footnotes) {
        auto found = list_.footnotes.find(fn);
        if (found == list_.footnotes.end()) continue;
        for (const VItem& l : found->second) need.push_back(&l);
      }
      double need_h = 0;
      for (const VItem* l : need) need_h += l->height;
      const bool notes_start = f.notes.empty() && !need.empty();
      const double sep = notes_start ? gap : 0;
      const double base = body + it.height + f.notes_height + sep;
      if (f.carry.empty() && base + need_h <= avail_) {
        f.body.push_back({&it, body});
        body += it.height;
        for (const VItem* l : need) f.notes.push_back(l);
        f.notes_height += sep + need_h;
      } else if (!need.empty() && it.kind == VItem::Kind::kLine && f.carry.empty() &&
                 base + keep_after(j, n) + min_note_lines(need) <= avail_) {
        // The reference line fits with the start of its note: split the note, leaving room
        // for the lines that must stay on this page with the reference (widow control).
        f.body.push_back({&it, body});
        body += it.height;
        f.notes_height += sep;
        const double reserve = keep_after(j, n);
        for (const VItem* l : need) {
          if (f.carry.empty() && body + reserve + f.notes_height + l->height <= avail_) {
            f.notes.push_back(l);
            f.notes_height += l->height;
          } else {
            f.carry.push_back(l);
          }
        }
      } else if (!need.empty() && !f.carry.empty() && base <= avail_) {
        // An earlier note is already continued: this one follows it on the next page.
        f.body.push_back({&it, body});
        body += it.height;
        for (const VItem* l : need) f.carry.push_back(l);
      } else if (need.empty() && base - sep <= avail_) {
        f.body.push_back({&it, body});
        body += it.height;
      } else {
        break;
      }
      ++j;
    }
    f.end = j;
    return f;
  }

  // Height of the items after j that cannot be separated from it by a page break.
  double keep_after(std::size_t j, std::size_t n) const {
    double h = 0;
    for (std::size_t k = j + 1; k < n && !list_.items[k].break_before; ++k) h += list_.items[k].height;
    return h;
  }

  double min_note_lines(const std::vector<const VItem*>& need) const {
    double h = 0;
    for (std::size_t i = 0; i < need.size() && i < 2; ++i) h += need[i]->height;
    return h;
  }

  double avail() const { return avail_; }

 private:
  const VList& list_;
  const Profile& p_;
  double avail_ = 0;
};

}  // namespace

LaidOut paginate(const VList& list, const Profile& p, const FontMetrics& fonts) {
  LaidOut out;
  out.width = p.page_width * 72.0 / 25.4;
  out.height = p.page_height * 72.0 / 25.4;
  out.info = list.info;
  const double top = p.margin_top * 72.0 / 25.4;
  const double left = p.margin_left * 72.0 / 25.4;
  const double text_w = out.width - left - p.margin_right * 72.0 / 25.4;
  const double bottom = out.height - p.margin_bottom * 72.0 / 25.4;
  Filler filler(list, p);
  const std::size_t n = list.items.size();

  std::size_t i = 0;
  std::deque<const VItem*> carry;
  while (i < n || !carry.empty()) {
    PageFill f = filler.fill(i, carry, n);
    if (f.end < n) {
      // The item at f.end does not fit: break at the last allowed place on this page.
      std::size_t b = f.end;
      while (b > i && !list.items[b].break_before) --b;
      if (b == i) b = std::max(f.end, i + 1);  // nothing allowed: break where it overflowed
      if (b != f.end) f = filler.fill(i, carry, b);
      if (f.end == i && f.notes.empty()) f = filler.fill(i, carry, i + 1);  // oversized item
      if (f.end == i && f.notes.empty() && i < n) {
        // Nothing at all fits (an item taller than a page): place it alone, overfull.
        f.body.push_back({&list.items[i], 0});
        f.end = i + 1;
      }
    }
    Page page;
    for (const Placed& pl : f.body) {
      for (TextRun r : pl.item->runs) {
        r.baseline += top + pl.y;
        page.runs.push_back(std::move(r));
      }
      for (Rule r : pl.item->rules) {
        r.y1 += top + pl.y;
        r.y2 += top + pl.y;
        page.rules.push_back(r);
      }
    }
    if (!f.notes.empty()) {
      double y = bottom - f.notes_height;
      const double rule_y = y + p.footnote_gap / 2;
      page.rules.push_back({left, rule_y, left + text_w * p.footnote_rule_fraction, rule_y, 0.5});
      y += p.footnote_gap;
      for (const VItem* l : f.notes) {
        for (TextRun r : l->runs) {
          r.baseline += y;
          page.runs.push_back(std::move(r));
        }
        y += l->height;
      }
    }
    out.pages.push_back(std::move(page));
    i = f.end;
    carry = std::move(f.carry);
  }

  // Page numbers: centred over the text width, in the top margin.
  for (std::size_t k = 0; k < out.pages.size(); ++k) {
    const int number = static_cast<int>(k) + 1;
    if (number < p.first_numbered_page) continue;
    const std::string s = std::to_string(number);
    const Style& st = p.page_number;
    const double w = fonts.width(st.face, st.size, s);
    out.pages[k].runs.push_back(
        {left + (text_w - w) / 2, p.page_number_baseline * 72.0 / 25.4, st.face, st.size, s});
  }
  return out;
}

}  // namespace vanthu::generator
