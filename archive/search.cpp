// Query parsing, the engine query, the check of long phrases and snippets (see search.h).
#include "archive/search.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "archive/engine/text_index.h"
#include "archive/errors.h"
#include "archive/index.h"
#include "archive/text/fold.h"
#include "archive/text/tokenizer.h"

namespace vanthu::archive {

namespace {

bool is_quote(char32_t c) { return c == U'"' || c == U'“' || c == U'”' || c == U'„'; }

struct Segment {
  std::string text;
  bool quoted = false;
};

// Splits at quotes; an unclosed quote runs to the end.
std::vector<Segment> segments(std::string_view s) {
  std::vector<Segment> out;
  Segment cur;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t c = text::next_code_point(s, i);
    if (is_quote(c)) {
      if (!cur.text.empty()) out.push_back(cur);
      cur.text.clear();
      cur.quoted = !cur.quoted;
      continue;
    }
    cur.text.append(s.substr(at, i - at));
  }
  if (!cur.text.empty()) out.push_back(cur);
  return out;
}

std::string piece(std::string_view text, text::Span s) {
  return std::string(text.substr(s.begin, s.end - s.begin));
}

QueryTerm number_query_term(std::string_view seg, const text::Word& w, bool quoted) {
  QueryTerm t;
  t.text = piece(seg, w.span);
  t.quoted = quoted;
  t.number = true;
  t.number_term = text::number_term(t.text);
  for (const auto& s : w.syllables) t.syllables.push_back(text::folded_term(piece(seg, s)));
  return t;
}

// A word or a phrase of plain syllables.
QueryTerm syllable_query_term(std::string_view seg, const std::vector<text::Span>& syl,
                              bool quoted) {
  QueryTerm t;
  t.text = piece(seg, {syl.front().begin, syl.back().end});
  t.quoted = quoted;
  for (const auto& s : syl) {
    const std::string p = piece(seg, s);
    const std::string f = text::folded_term(p);
    const std::string e = text::exact_term(p);
    t.syllables.push_back(f);
    if (e != f) {
      t.marked = true;
      t.exact.push_back(text::kExactPrefix + e);
    }
  }
  return t;
}

}  // namespace

ParsedQuery parse_query(std::string_view input) {
  ParsedQuery q;
  try {
    std::string s(input.substr(0, std::min(input.size(), kMaxQueryBytes)));
    if (input.size() > kMaxQueryBytes) {
      while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
      if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xC0) s.pop_back();
      q.notes.push_back("the query was cut to its first " + std::to_string(kMaxQueryBytes) +
                        " bytes");
    }
    s = text::clean_text(s);

    bool cut = false;
    for (const Segment& seg : segments(s)) {
      const std::vector<text::Word> words = text::split_words(seg.text);
      if (words.empty()) continue;
      if (seg.quoted && words.size() > 1) {
        std::vector<text::Span> syl;
        for (const auto& w : words)
          for (const auto& sp : w.syllables) syl.push_back(sp);
        if (syl.size() > kMaxPhraseSyllables) {
          syl.resize(kMaxPhraseSyllables);
          cut = true;
        }
        q.terms.push_back(syllable_query_term(seg.text, syl, true));
        continue;
      }
      bool after_word = false;
      for (std::size_t k = 0; k < words.size(); ++k) {
        const text::Word& w = words[k];
        // "Số 12/QĐ-UBND": the word "số" in front of a number is part of how it is written.
        if (!seg.quoted && !w.number && k + 1 < words.size() && words[k + 1].number &&
            text::folded_term(piece(seg.text, w.span)) == "so")
          continue;
        q.terms.push_back(w.number ? number_query_term(seg.text, w, seg.quoted)
                                   : syllable_query_term(seg.text, w.syllables, seg.quoted));
        q.terms.back().follows = after_word && !w.number;
        after_word = !w.number;
      }
    }
    if (q.terms.size() > kMaxQueryTerms) {
      q.terms.resize(kMaxQueryTerms);
      cut = true;
    }
    if (cut)
      q.notes.push_back("only the first " + std::to_string(kMaxQueryTerms) + " words (and " +
                        std::to_string(kMaxPhraseSyllables) + " per phrase) were searched for");

    if (q.terms.size() == 1 && q.terms[0].number) q.number = q.terms[0].number_term;
  } catch (const std::exception& e) {
    // Only resource exhaustion can get here; an empty query is still a valid answer.
    q = ParsedQuery{};
    q.notes.push_back(std::string("the query could not be read: ") + e.what());
  }
  return q;
}

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : d[m - 1];
}

// "2023" / "2023-05" / "2023-05-10" → the first (or, with `end`, last) day it covers.
std::string date_bound(const std::string& s, bool end, const char* option) {
  if (s.empty()) return s;
  auto bad = [&]() -> UserError {
    return UserError(std::string(option) + " \"" + s + "\" is not a date",
                     "write YYYY-MM-DD (e.g. 2023-05-10), YYYY-MM or YYYY");
  };
  const std::string y = s.substr(0, 4);
  if (s.size() < 4 || !digits(y) || (s.size() != 4 && s.size() != 7 && s.size() != 10)) throw bad();
  const int year = std::stoi(y);
  if (s.size() == 4) return y + (end ? "-12-31" : "-01-01");
  if (s[4] != '-' || !digits(s.substr(5, 2))) throw bad();
  const int month = std::stoi(s.substr(5, 2));
  if (month < 1 || month > 12) throw bad();
  char buf[16];
  if (s.size() == 7) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month,
                  end ? days_in_month(year, month) : 1);
    return buf;
  }
  if (s[7] != '-' || !digits(s.substr(8, 2))) throw bad();
  const int day = std::stoi(s.substr(8, 2));
  if (day < 1 || day > days_in_month(year, month)) throw bad();
  return s;
}

std::string finish_snippet(const std::string& raw, const SearchRequest& req) {
  std::string s = text::collapse_white_space(raw);
  std::string out;
  for (char c : s) {
    if (c == '\x02')
      out += req.highlight_open;
    else if (c == '\x03')
      out += req.highlight_close;
    else
      out += c;
  }
  return out;
}

struct Filters {
  std::string sql;  // " AND …" clauses on documents d
  std::vector<std::string> args;
};

Filters filters(const SearchRequest& req, const std::string& from, const std::string& to) {
  Filters f;
  auto folded = [](const std::string& s) { return engine::filter_form(s); };
  if (!req.kind.empty()) {
    f.sql += " AND vi_fold(d.kind) = ?";
    f.args.push_back(folded(req.kind));
  }
  if (!req.issuer.empty()) {
    f.sql += " AND instr(vi_fold(d.issuer), ?) > 0";
    f.args.push_back(folded(req.issuer));
  }
  if (!req.signer.empty()) {
    f.sql += " AND instr(vi_fold(d.signer), ?) > 0";
    f.args.push_back(folded(req.signer));
  }
  if (!from.empty()) {
    f.sql += " AND d.date >= ?";
    f.args.push_back(from);
  }
  if (!to.empty()) {
    f.sql += " AND d.date <= ?";
    f.args.push_back(to);
  }
  return f;
}

}  // namespace

namespace {

// What a snippet highlights: single syllables, phrases (runs of syllables) and whole numbers, all
// folded; and what a hit must contain to be shown (phrases of three or more syllables, which the
// index finds by their pairs).
struct Highlights {
  std::set<std::string> words;
  std::vector<std::vector<std::string>> phrases;
  std::set<std::string> numbers;
  std::vector<std::vector<std::string>> to_check;
};

Highlights highlights(const ParsedQuery& q) {
  Highlights h;
  for (const QueryTerm& t : q.terms) {
    if (t.number) {
      h.numbers.insert(t.number_term);
    } else if (t.syllables.size() == 1) {
      h.words.insert(t.syllables[0]);
    } else {
      h.phrases.push_back(t.syllables);
      if (t.syllables.size() >= 3) h.to_check.push_back(t.syllables);
    }
  }
  return h;
}

struct Tokens {
  std::vector<text::Span> spans;
  std::vector<std::string> folded;
  std::vector<std::pair<std::size_t, std::size_t>> numbers;  // first, last syllable
  std::vector<std::string> number_terms;
};

Tokens tokens_of(std::string_view t) {
  Tokens out;
  for (const text::Word& w : text::split_words(t)) {
    if (w.number) {
      out.numbers.emplace_back(out.spans.size(), out.spans.size() + w.syllables.size() - 1);
      out.number_terms.push_back(
          text::number_term(t.substr(w.span.begin, w.span.end - w.span.begin)));
    }
    for (const auto& s : w.syllables) {
      out.spans.push_back(s);
      out.folded.push_back(text::folded_term(t.substr(s.begin, s.end - s.begin)));
    }
  }
  return out;
}

bool has_run(const Tokens& tk, const std::vector<std::string>& run) {
  if (run.empty() || run.size() > tk.folded.size()) return run.empty();
  for (std::size_t i = 0; i + run.size() <= tk.folded.size(); ++i)
    if (std::equal(run.begin(), run.end(), tk.folded.begin() + static_cast<std::ptrdiff_t>(i)))
      return true;
  return false;
}

// The part of `t` around the matches, `words` syllables long, matches between \x02 and \x03;
// empty when nothing in `t` matches.
std::string snippet_of(std::string_view t, const Tokens& tk, const Highlights& h,
                       std::size_t words) {
  // Highlighted ranges of syllables, each with the query part it matches.
  struct Range {
    std::size_t b, e;  // inclusive
    std::string unit;
  };
  std::vector<Range> ranges;
  for (std::size_t i = 0; i < tk.folded.size(); ++i)
    if (h.words.count(tk.folded[i])) ranges.push_back({i, i, tk.folded[i]});
  for (const auto& ph : h.phrases)
    for (std::size_t i = 0; i + ph.size() <= tk.folded.size(); ++i)
      if (std::equal(ph.begin(), ph.end(), tk.folded.begin() + static_cast<std::ptrdiff_t>(i)))
        ranges.push_back({i, i + ph.size() - 1, "\"" + ph[0]});
  for (std::size_t k = 0; k < tk.numbers.size(); ++k)
    if (h.numbers.count(tk.number_terms[k]))
      ranges.push_back({tk.numbers[k].first, tk.numbers[k].second, tk.number_terms[k]});
  if (ranges.empty()) return {};
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.b != b.b ? a.b < b.b : a.e > b.e; });
  std::vector<Range> merged;
  for (const Range& r : ranges) {
    if (!merged.empty() && r.b <= merged.back().e) {
      merged.back().e = std::max(merged.back().e, r.e);
      continue;
    }
    merged.push_back(r);
  }
  // The window of `words` syllables with the most different query parts, then the most matches.
  const std::size_t n = tk.folded.size();
  std::size_t best = 0, best_units = 0, best_count = 0;
  for (std::size_t r = 0; r < merged.size(); ++r) {
    std::set<std::string> units;
    std::size_t count = 0;
    for (std::size_t k = r; k < merged.size() && merged[k].e < merged[r].b + words; ++k)
      units.insert(merged[k].unit), ++count;
    if (units.size() > best_units || (units.size() == best_units && count > best_count))
      best = r, best_units = units.size(), best_count = count;
  }
  std::size_t start = merged[best].b, last = start;
  for (std::size_t k = best; k < merged.size() && merged[k].e < start + words; ++k)
    last = merged[k].e;
  // Context before the first match: half of what the matches leave free.
  const std::size_t used = last - start + 1;
  start -= std::min(start, words > used ? (words - used) / 2 : 0);
  std::size_t end = std::min(n, start + words);  // exclusive
  if (end == n) start = n > words ? n - words : 0;
  const std::size_t from = start == 0 ? 0 : tk.spans[start].begin;
  const std::size_t to = end == n ? t.size() : tk.spans[end - 1].end;
  std::string out = start == 0 ? "" : "…";
  std::size_t at = from;
  for (const Range& r : merged) {
    if (r.e < start || r.b >= end) continue;
    const std::size_t b = tk.spans[std::max(r.b, start)].begin;
    const std::size_t e = tk.spans[std::min(r.e, end - 1)].end;
    out.append(t.substr(at, b - at));
    out += '\x02';
    out.append(t.substr(b, e - b));
    out += '\x03';
    at = e;
  }
  out.append(t.substr(at, to - at));
  if (end < n) out += "…";
  return out;
}

// The engine query of a parsed query. A kind filter, and dates within one year, are also
// required terms, so that the index starts from the documents that pass them.
engine::Query engine_query(const ParsedQuery& q, const engine::Filter& f, const std::string& from,
                           const std::string& to) {
  engine::Query eq;
  if (!f.kind.empty()) eq.required.push_back("!k:" + f.kind);
  if (!from.empty() && !to.empty() && from.compare(0, 4, to, 0, 4) == 0)
    eq.required.push_back("!y:" + from.substr(0, 4));
  for (std::size_t i = 0; i < q.terms.size(); ++i) {
    const QueryTerm& t = q.terms[i];
    if (t.number) {
      eq.required.push_back(t.number_term);
      eq.own.push_back("#" + t.number_term);
      continue;
    }
    if (t.syllables.size() == 1) {
      eq.required.push_back(t.syllables[0]);
      // Words typed next to each other rank higher where they stand next to each other.
      if (t.follows && i > 0 && q.terms[i - 1].syllables.size() == 1)
        eq.scored.push_back(q.terms[i - 1].syllables[0] + " " + t.syllables[0]);
    } else {
      for (std::size_t k = 0; k + 1 < t.syllables.size(); ++k)
        eq.required.push_back(t.syllables[k] + " " + t.syllables[k + 1]);
    }
    for (const auto& e : t.exact)
      if (eq.exact.size() < 63) eq.exact.push_back(e);
  }
  return eq;
}

}  // namespace

SearchResult search(Catalog& db, const Store& store, const SearchRequest& req) {
  if (req.limit < 1 || req.limit > kMaxLimit)
    throw UserError("--limit " + std::to_string(req.limit) + " is out of range",
                    "give 1 to " + std::to_string(kMaxLimit));
  if (req.offset < 0)
    throw UserError("--offset " + std::to_string(req.offset) + " is negative", "give 0 or more");
  SearchResult r;
  r.date_from = date_bound(req.date_from, false, "--from");
  r.date_to = date_bound(req.date_to, true, "--to");
  r.parsed = parse_query(req.query);
  const std::size_t words = static_cast<std::size_t>(std::clamp(req.snippet_words, 1, 64));

  if (r.parsed.terms.empty()) {
    const Filters f = filters(req, r.date_from, r.date_to);
    auto count = db.prepare("SELECT count(*) FROM documents d WHERE 1" + f.sql);
    for (std::size_t i = 0; i < f.args.size(); ++i) count.bind(static_cast<int>(i) + 1, f.args[i]);
    count.step();
    r.total = count.integer(0);
    auto st = db.prepare("SELECT d.id FROM documents d WHERE 1" + f.sql +
                         " ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?");
    int i = 1;
    for (const auto& a : f.args) st.bind(i++, a);
    st.bind(i++, static_cast<int64_t>(req.limit));
    st.bind(i, static_cast<int64_t>(req.offset));
    while (st.step()) {
      auto d = store.document(st.integer(0));
      if (!d) continue;
      SearchHit h;
      h.doc = std::move(*d);
      r.hits.push_back(std::move(h));
    }
    return r;
  }

  engine::Filter ef;
  ef.kind = engine::filter_form(req.kind);
  ef.issuer = engine::filter_form(req.issuer);
  ef.signer = engine::filter_form(req.signer);
  ef.from = engine::date_key(r.date_from);
  ef.to = engine::date_key(r.date_to);
  const Highlights hl = highlights(r.parsed);
  const bool check = !hl.to_check.empty();
  r.total_approximate = check;
  // Phrases of three or more syllables: ask for more, as some may fail the word-by-word check.
  const auto offset = static_cast<std::size_t>(req.offset);
  const std::size_t limit = static_cast<std::size_t>(req.limit) * (check ? 2 : 1) + (check ? 8 : 0);
  auto index = engine::TextIndex::of(db);
  const auto t0 = std::chrono::steady_clock::now();
  const engine::Result er = index->search(db, engine_query(r.parsed, ef, r.date_from, r.date_to),
                                          ef, req.sort == SortOrder::kDate, offset, limit);
  r.index_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  r.total = er.total;
  for (const engine::Hit& eh : er.hits) {
    if (r.hits.size() >= static_cast<std::size_t>(req.limit)) break;
    auto d = store.document(eh.id);
    if (!d) continue;
    SearchHit h;
    h.doc = std::move(*d);
    h.score = eh.score;
    const std::string body = store.text(eh.id).value_or("");
    const Tokens tb = tokens_of(body);
    const std::string* fields[] = {&h.doc.subject, &h.doc.symbol, &h.doc.issuer, &h.doc.signer};
    if (check) {
      std::vector<Tokens> ft;
      for (const std::string* f : fields) ft.push_back(tokens_of(*f));
      bool ok = true;
      for (const auto& run : hl.to_check) {
        bool found = has_run(tb, run);
        for (const auto& t : ft) found = found || has_run(t, run);
        ok = ok && found;
      }
      if (!ok) continue;
    }
    std::string raw = snippet_of(body, tb, hl, words);
    for (const std::string* f : fields) {
      if (!raw.empty()) break;
      raw = snippet_of(*f, tokens_of(*f), hl, words);
    }
    h.snippet = finish_snippet(raw, req);
    r.hits.push_back(std::move(h));
  }
  return r;
}

}  // namespace vanthu::archive
