// Query parsing, FTS5 MATCH construction and the search itself (see search.h).
#include "archive/search.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

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
  t.phrases.push_back(text::number_term(t.text));
  std::string syllables;
  for (const auto& s : w.syllables)
    syllables += (syllables.empty() ? "" : " ") + text::folded_term(piece(seg, s));
  t.phrases.push_back(syllables);
  t.kinds = "NF";
  return t;
}

// A word or a phrase of plain syllables.
QueryTerm syllable_query_term(std::string_view seg, const std::vector<text::Span>& syl,
                              bool quoted) {
  QueryTerm t;
  t.text = piece(seg, {syl.front().begin, syl.back().end});
  t.quoted = quoted;
  std::string folded, exact;
  for (const auto& s : syl) {
    const std::string p = piece(seg, s);
    const std::string f = text::folded_term(p);
    const std::string e = text::exact_term(p);
    folded += (folded.empty() ? "" : " ") + f;
    exact += exact.empty() ? "" : " ";
    if (e != f) {
      t.marked = true;
      exact += text::kExactPrefix + e;
    } else {
      exact += f;
    }
  }
  if (t.marked) {
    t.phrases = {exact, folded};
    t.kinds = "EF";
  } else {
    t.phrases = {folded};
    t.kinds = "F";
  }
  return t;
}

std::string fts_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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
      for (std::size_t k = 0; k < words.size(); ++k) {
        const text::Word& w = words[k];
        // "Số 12/QĐ-UBND": the word "số" in front of a number is part of how it is written.
        if (!seg.quoted && !w.number && k + 1 < words.size() && words[k + 1].number &&
            text::folded_term(piece(seg.text, w.span)) == "so")
          continue;
        q.terms.push_back(w.number ? number_query_term(seg.text, w, seg.quoted)
                                   : syllable_query_term(seg.text, w.syllables, seg.quoted));
      }
    }
    if (q.terms.size() > kMaxQueryTerms) {
      q.terms.resize(kMaxQueryTerms);
      cut = true;
    }
    if (cut)
      q.notes.push_back("only the first " + std::to_string(kMaxQueryTerms) + " words (and " +
                        std::to_string(kMaxPhraseSyllables) + " per phrase) were searched for");

    for (const QueryTerm& t : q.terms) {
      if (!q.match.empty()) q.match += " AND ";
      if (t.phrases.size() > 1) q.match += "(";
      for (std::size_t p = 0; p < t.phrases.size(); ++p) {
        if (p) q.match += " OR ";
        q.match += fts_string(t.phrases[p]);
        q.phrases.push_back(t.phrases[p]);
      }
      if (t.phrases.size() > 1) q.match += ")";
      q.kinds += t.kinds;
    }
    if (q.terms.size() == 1 && q.terms[0].number) q.number = q.terms[0].phrases[0];
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

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string finish_snippet(const std::string& raw, const SearchRequest& req) {
  std::string s = collapse(raw);
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
  auto folded = [](const std::string& s) { return collapse(text::fold(text::clean_text(s))); };
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
  const Filters f = filters(req, r.date_from, r.date_to);
  const int words = std::clamp(req.snippet_words, 1, 64);

  std::vector<std::pair<int64_t, double>> page;  // id, score
  std::string rank_fn;
  if (r.parsed.match.empty()) {
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
    while (st.step()) page.emplace_back(st.integer(0), 0.0);
  } else {
    // Documents per phrase, for the idf part of vi_rank: counted once per query here, so that
    // scoring a single row (date order, snippets) does not count them again.
    std::map<std::string, int64_t> seen;
    std::string counts;
    for (const std::string& p : r.parsed.phrases) {
      auto it = seen.find(p);
      if (it == seen.end()) {
        auto c = db.prepare("SELECT count(*) FROM document_search WHERE document_search MATCH ?");
        c.bind(1, fts_string(p));
        c.step();
        it = seen.emplace(p, c.integer(0)).first;
      }
      counts += (counts.empty() ? "" : ",") + std::to_string(it->second);
    }
    rank_fn = "vi_rank('" + r.parsed.kinds + "', '" + counts + "')";
    // Documents are joined only when a filter or the order needs them (a look-up per match).
    const bool by_date = req.sort == SortOrder::kDate;
    auto from = [&](bool join) {
      return std::string(" FROM document_search") +
             (join ? " JOIN documents d ON d.id = document_search.rowid" : "") +
             " WHERE document_search MATCH ?" + f.sql;
    };
    const bool join = !f.sql.empty() || by_date;

    auto count = db.prepare("SELECT count(*)" + from(!f.sql.empty()));
    count.bind(1, r.parsed.match);
    for (std::size_t i = 0; i < f.args.size(); ++i) count.bind(static_cast<int>(i) + 2, f.args[i]);
    count.step();
    r.total = count.integer(0);

    if (r.total > req.offset) {
      // Ties (equal scores, equal dates) go to the newer document: by date when the documents are
      // joined anyway, else by id.
      const std::string ties = join ? ", d.date DESC, d.id DESC" : ", document_search.rowid DESC";
      auto st = db.prepare(std::string("SELECT document_search.rowid") +
                           (by_date ? ", 0" : ", document_search.rank") + from(join) +
                           (by_date ? "" : " AND document_search.rank MATCH ?") +
                           (by_date ? " ORDER BY d.date DESC, d.id DESC" : " ORDER BY 2" + ties) +
                           " LIMIT ? OFFSET ?");
      int i = 1;
      st.bind(i++, r.parsed.match);
      for (const auto& a : f.args) st.bind(i++, a);
      if (!by_date) st.bind(i++, rank_fn);
      st.bind(i++, static_cast<int64_t>(req.limit));
      st.bind(i, static_cast<int64_t>(req.offset));
      while (st.step()) page.emplace_back(st.integer(0), by_date ? 0.0 : -st.real(1));
    }
  }

  for (const auto& [id, score] : page) {
    auto d = store.document(id);
    if (!d) continue;
    SearchHit h;
    h.doc = std::move(*d);
    h.score = score;
    r.hits.push_back(std::move(h));
  }
  if (r.parsed.match.empty()) return r;

  // Snippets (and, in date order, the score) for the rows of this page only: one look-up by
  // rowid each. The body's snippet is preferred; a document matched only in its metadata gets
  // the best other column's.
  const std::string snip = "'\x02', '\x03', '…', " + std::to_string(words);
  auto one = db.prepare("SELECT snippet(document_search, 4, " + snip +
                        "), snippet(document_search, -1, " + snip +
                        "), rank FROM document_search WHERE document_search MATCH ? AND "
                        "rank MATCH ? AND rowid = ?");
  for (SearchHit& h : r.hits) {
    one.reset();
    one.bind(1, r.parsed.match).bind(2, rank_fn).bind(3, h.doc.id);
    if (!one.step()) continue;
    const std::string body = one.text(0);
    h.snippet = finish_snippet(body.find('\x02') != std::string::npos ? body : one.text(1), req);
    if (req.sort == SortOrder::kDate) h.score = -one.real(2);
  }
  return r;
}

}  // namespace vanthu::archive
