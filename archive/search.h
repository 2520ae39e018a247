// Searching the archive: any string is a query (nothing in it can cause a syntax error), with
// filters, two sort orders, paging and highlighted snippets. See docs/search.md.
//
// Query language:
//  - words are ANDed; a word without marks matches every marked form ("dang" finds "đảng",
//    "đang", "Đặng", and OCR-damaged "dang"); a word with marks matches the same documents but
//    ranks those that have it with its marks first ("đảng" above "đang"). Tone placement does not
//    count as a difference ("uỷ" = "ủy", "hoà" = "hòa");
//  - "quoted words" must occur in that order, next to each other (a phrase); “curly” quotes
//    work too, and an unclosed quote runs to the end;
//  - a document number ("1269-CV/TU", "Số 12/QĐ-UBND", "5-ct/tu") finds the document with that
//    number first, then the documents that cite it;
//  - everything else (operators, brackets, '*', ':', control characters, invalid UTF-8) only
//    separates words. A query without any word lists the documents the filters let through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "archive/catalog.h"
#include "archive/store.h"

namespace vanthu::archive {

// Queries are cut to this many bytes and this many words (the rest is ignored, with a note).
inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr std::size_t kMaxQueryTerms = 32;
inline constexpr std::size_t kMaxPhraseSyllables = 32;
inline constexpr int kMaxLimit = 1000;

// One ANDed part of a query: a word, a document number or a quoted phrase.
struct QueryTerm {
  std::string text;  // as typed (NFC), for messages
  bool quoted = false;
  bool number = false;                 // a document number
  bool marked = false;                 // has marks: documents with them rank first
  bool follows = false;                // typed right after the previous term, outside quotes
  std::vector<std::string> syllables;  // folded ("dang"); a phrase has several
  std::vector<std::string> exact;      // exact terms of the marked syllables ("=đảng")
  std::string number_term;             // a document number's whole term ("1269-cv/tu")
};

struct ParsedQuery {
  std::vector<QueryTerm> terms;
  std::string number;              // the whole-number term when the query is one document number
  std::vector<std::string> notes;  // what was ignored, for the user
};

// Never throws on any input.
ParsedQuery parse_query(std::string_view input);

enum class SortOrder { kRelevance, kDate };  // kDate: newest first

struct SearchRequest {
  std::string query;
  // Filters (all optional, ANDed).
  std::string kind;       // kind code, compared folded: "QD" = "QĐ", "ct" = "CT"
  std::string issuer;     // part of the issuing body's name, folded: "son ha", "Huyện ủy"
  std::string signer;     // part of the signer's name, folded
  std::string date_from;  // YYYY, YYYY-MM or YYYY-MM-DD (from the first day), inclusive
  std::string date_to;    // YYYY, YYYY-MM or YYYY-MM-DD (to the last day), inclusive
  SortOrder sort = SortOrder::kRelevance;
  int limit = 20;  // 1 … kMaxLimit
  int offset = 0;
  std::string highlight_open = "«", highlight_close = "»";
  int snippet_words = 20;  // 1 … 64
};

struct SearchHit {
  DocumentRecord doc;
  // Relevance (higher is better): 1e7 if the document has the number searched for, + 1e4 per
  // word matched with its marks, + bm25. 0 when the query has no words.
  double score = 0;
  // Part of the text (or subject, symbol …) around the matches, each matching word between the
  // highlight markers, marks as in the original, white space collapsed.
  std::string snippet;
};

struct SearchResult {
  ParsedQuery parsed;
  std::string date_from, date_to;  // the bounds used (YYYY-MM-DD), empty when open
  int64_t total = 0;               // documents matching (all pages)
  // A phrase of three or more words is found by its pairs of adjacent words; the hits shown are
  // checked word by word, the total counts documents with every pair (it may be a little high).
  bool total_approximate = false;
  double index_ms = 0;  // time in the index itself (matching, ranking, counting), for benchmarks
  std::vector<SearchHit> hits;  // this page
};

// UserError for a malformed date, a limit outside 1 … kMaxLimit or a negative offset.
SearchResult search(Catalog& db, const Store& store, const SearchRequest& req);

}  // namespace vanthu::archive
