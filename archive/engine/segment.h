// One immutable segment of vanthu's full-text index: a set of documents with their terms,
// posting lists and the metadata that filters need, in one file read through mmap.
//
// Terms of a document (archive/text/tokenizer.h for syllables and numbers):
//  - every syllable folded ("dang"), and exact with a '=' prefix when it differs ("=đảng");
//  - every pair of adjacent syllables, folded, joined by a space ("dang vien"), so that a
//    two-syllable word or a phrase is one posting list instead of an AND of two very common ones;
//  - every document number as one whole term ("1269-cv/tu"; also each beginning of it that has a
//    letter: "1269-cv"), and the document's own symbol once
//    more with a '#' prefix ("#1269-cv/tu") so that the document itself ranks before those that
//    cite it.
//  - the kind and the year, for filters: "!k:qd", "!y:2023" (no query word can spell them).
// The fields symbol, subject, issuer, signer and text are analysed separately (no pair crosses
// two fields).
//
// Each posting carries an impact: the BM25 term-frequency part tf·(k1+1)/(tf+k1·(1−b+b·dl/avgdl))
// quantised to 1…255 (0 means absent). The idf is applied at query time, from the document
// frequencies of all segments. A term in at least a quarter of the segment's documents is stored
// dense (one impact byte per document); rarer ones as (document gap varint, impact byte) pairs.
//
// File layout (little-endian; every section 8-byte aligned):
//   Header | ids i64[n] | content hashes u64[n] | dates u32[n] | kinds u32[n] | issuers u32[n] |
//   signers u32[n] | pool offsets u32[np+1] | pool bytes | terms DiskTerm[nt+1] (sorted by term
//   bytes) | term bytes | postings
// The pool holds the folded kind, issuer and signer strings the filters compare with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "archive/text/tokenizer.h"

namespace vanthu::archive::engine {

inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

// What the index keeps about a document besides its terms.
struct DocInfo {
  int64_t id = 0;
  std::string kind, symbol, issuer, date, subject, signer;  // as in the catalog
};

// A term as the reader sees it. On disk each term takes 16 bytes (DiskTerm in segment.cpp): the
// lengths come from the next entry (there is one more entry at the end), the dense flag is the
// top bit of df.
struct TermEntry {
  uint32_t str_off = 0, str_len = 0;
  uint32_t df = 0;
  uint32_t dense = 0;  // 1: postings are one impact byte per document
  uint64_t post_off = 0, post_len = 0;
};

// Builds a segment in memory, document by document, then writes it.
class SegmentBuilder {
 public:
  SegmentBuilder();
  ~SegmentBuilder();
  void add(const DocInfo& info, std::string_view text);
  std::size_t docs() const { return ids_.size(); }
  // Rough memory held, to decide when to flush.
  std::size_t memory() const { return log_.size() * 9 + ids_.size() * 32; }
  // The whole file, in memory.
  std::string finish();

 private:
  uint32_t term_id(std::string_view term);
  uint32_t pair_id(uint32_t first, uint32_t second);
  void count_id(uint32_t id);
  void count(std::string_view term) { count_id(term_id(term)); }
  void analyse_field(std::string_view text);
  uint32_t pool_id(const std::string& s);

  // Every other term (syllables, numbers) by its text: open addressing, (hash, id) per slot,
  // the text in terms_; a few tens of thousands of entries, so it stays in cache.
  std::vector<uint64_t> dict_hash_;
  std::vector<uint32_t> dict_id_;
  std::size_t dict_count_ = 0;
  std::string_view store_text(std::string_view s);
  // A syllable as written ("Đảng") → its folded and exact term ids (exact: UINT32_MAX when
  // equal to the folded one): the same few thousand syllables make up every text, so each is
  // folded once per segment.
  struct SyllableIds {
    uint32_t folded, exact;
  };
  SyllableIds syllable_ids(std::string_view raw);
  std::vector<uint64_t> syl_hash_;
  std::vector<uint32_t> syl_text_;  // index into syl_raw_
  std::vector<SyllableIds> syl_ids_;
  std::vector<std::string_view> syl_raw_;
  std::size_t syl_count_ = 0;
  std::vector<text::Span> spans_;
  std::vector<std::string_view> terms_;  // by id (views into pair_text_)
  // Pairs of adjacent syllables by the ids of their two folded terms (open addressing; key 0 is
  // free): most of the distinct terms, looked up once per syllable, so kept off dict_.
  struct PairSlot {
    uint64_t key;  // (first << 32 | second) + 1; 0: free
    uint32_t id;
  };
  std::vector<PairSlot> pairs_;
  std::size_t pair_count_ = 0;
  std::vector<std::unique_ptr<char[]>> pair_text_;  // arena blocks holding every term's text
  std::size_t arena_left_ = 0;
  char* arena_at_ = nullptr;
  // Every posting in the order made: (term id << 32 | document), and its tf capped at 255.
  // Appending is sequential; finish() groups them by term with a counting sort.
  std::vector<uint64_t> log_;
  std::vector<uint8_t> log_tf_;
  std::vector<uint32_t> tf_;       // by term id, for the document being added
  std::vector<uint32_t> touched_;  // term ids with tf_ > 0
  std::unordered_map<std::string, uint32_t> pool_ids_;
  std::vector<std::string> pool_;
  std::vector<int64_t> ids_;
  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> dates_, kinds_, issuers_, signers_, lengths_;
  uint32_t doc_len_ = 0;
  uint32_t prev_ = UINT32_MAX;  // folded term id of the previous syllable of the field
};

// A segment file, mapped read-only (or held in memory for the unsaved tail).
class Segment {
 public:
  // Throws std::runtime_error naming the file when it is not a valid segment.
  static std::shared_ptr<const Segment> open_file(const std::string& path);
  static std::shared_ptr<const Segment> from_bytes(std::string bytes, std::string name);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  uint32_t docs() const { return ndocs_; }
  const int64_t* ids() const { return ids_; }
  const uint64_t* hashes() const { return hashes_; }
  const uint32_t* dates() const { return dates_; }
  const uint32_t* kinds() const { return kinds_; }
  const uint32_t* issuers() const { return issuers_; }
  const uint32_t* signers() const { return signers_; }
  uint32_t pool_size() const { return npool_; }
  std::string_view pool(uint32_t i) const;
  uint64_t terms() const { return nterms_; }
  std::string_view term(uint64_t i) const;
  TermEntry entry(uint64_t i) const;
  // The entry of `term`, if the segment has it.
  std::optional<TermEntry> find(std::string_view term) const;
  const uint8_t* postings(const TermEntry& e) const { return post_ + e.post_off; }
  // Local index of document `id`, or -1 (ids are ascending within a segment).
  int64_t local(int64_t id) const;
  const std::string& name() const { return name_; }
  std::size_t bytes() const { return size_; }

 private:
  Segment() = default;
  void parse();
  std::string name_;
  std::string owned_;
  const uint8_t* base_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  uint32_t ndocs_ = 0, npool_ = 0;
  uint64_t nterms_ = 0;
  const int64_t* ids_ = nullptr;
  const uint64_t* hashes_ = nullptr;
  const uint32_t *dates_ = nullptr, *kinds_ = nullptr, *issuers_ = nullptr, *signers_ = nullptr;
  const uint32_t* pool_off_ = nullptr;
  const char* pool_bytes_ = nullptr;
  const struct DiskTerm* term_entries_ = nullptr;
  const char* term_bytes_ = nullptr;
  uint64_t term_bytes_len_ = 0;
  const uint8_t* post_ = nullptr;
  uint64_t post_len_ = 0;
};

// Writes one segment made of the live documents of `parts` (in order; `dead[i]` lists the local
// documents of parts[i] to leave out, may be empty): a merge, without analysing any text again.
std::string merge_segments(const std::vector<const Segment*>& parts,
                           const std::vector<std::vector<uint8_t>>& dead);

// A fingerprint of what was indexed for a document (its metadata and text), kept per document
// so that verify can tell a stale entry.
uint64_t content_hash(const DocInfo& d, std::string_view body);

// "2023-05-10" → 20230510; 0 when empty or not a date.
uint32_t date_key(std::string_view iso);
// Folded, white space collapsed: how filters compare kinds, issuers and signers.
std::string filter_form(std::string_view s);

}  // namespace vanthu::archive::engine
