// Segment building, reading and merging (see segment.h).
#include "archive/engine/segment.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <queue>
#include <stdexcept>

#include "archive/text/fold.h"
#include "archive/text/tokenizer.h"

namespace vanthu::archive::engine {

// On disk: 16 bytes a term, then one entry more whose offsets end the last term.
struct DiskTerm {
  uint32_t str_off;
  uint32_t df;  // top bit: dense
  uint64_t post_off;
};
static_assert(sizeof(DiskTerm) == 16);

namespace {

constexpr uint32_t kDenseBit = 0x80000000u;
constexpr char kMagic[8] = {'V', 'T', 'X', 'S', 'E', 'G', '\r', '\n'};
constexpr uint32_t kVersion = 3;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t ndocs;
  uint64_t nterms;
  uint32_t npool;
  uint32_t reserved;
  uint64_t off_ids, off_hashes, off_dates, off_kinds, off_issuers, off_signers;
  uint64_t off_pool_off, off_pool, pool_len;
  uint64_t off_terms, off_term_bytes, term_bytes_len;
  uint64_t off_post, post_len;
  uint64_t file_size;
};

void align(std::string& out) {
  while (out.size() % 8) out.push_back('\0');
}

template <typename T>
uint64_t put_array(std::string& out, const T* data, std::size_t n) {
  align(out);
  const uint64_t at = out.size();
  out.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  return at;
}

void put_varint(std::string& out, uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

uint8_t impact(uint32_t tf, uint32_t len, double avgdl) {
  const double t = tf;
  const double part = t * (kBm25K1 + 1) / (t + kBm25K1 * (1 - kBm25B + kBm25B * len / avgdl));
  const long q = std::lround(255.0 * part / (kBm25K1 + 1));
  return static_cast<uint8_t>(std::clamp<long>(q, 1, 255));
}

// Encodes one posting list (local docs ascending, impacts 1…255) as the segment stores it.
void encode_postings(std::string& out, const std::vector<uint32_t>& docs,
                     const std::vector<uint8_t>& imp, uint32_t ndocs, TermEntry& e) {
  e.df = static_cast<uint32_t>(docs.size());
  e.dense = static_cast<uint64_t>(docs.size()) * 4 >= ndocs ? 1 : 0;
  const std::size_t start = out.size();
  if (e.dense) {
    out.append(ndocs, '\0');
    for (std::size_t i = 0; i < docs.size(); ++i) out[start + docs[i]] = static_cast<char>(imp[i]);
  } else {
    int64_t prev = -1;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      put_varint(out, static_cast<uint32_t>(docs[i] - prev - 1));
      out.push_back(static_cast<char>(imp[i]));
      prev = docs[i];
    }
  }
  e.post_len = out.size() - start;
}

struct Sections {
  std::string out;
  Header h{};
};

// Writes the per-document arrays and the pool; terms and postings follow.
void put_docs(Sections& s, const std::vector<int64_t>& ids, const std::vector<uint64_t>& hashes,
              const std::vector<uint32_t>& dates, const std::vector<uint32_t>& kinds,
              const std::vector<uint32_t>& issuers, const std::vector<uint32_t>& signers,
              const std::vector<std::string>& pool) {
  std::memcpy(s.h.magic, kMagic, 8);
  s.h.version = kVersion;
  s.h.ndocs = static_cast<uint32_t>(ids.size());
  s.h.npool = static_cast<uint32_t>(pool.size());
  s.out.assign(sizeof(Header), '\0');
  s.h.off_ids = put_array(s.out, ids.data(), ids.size());
  s.h.off_hashes = put_array(s.out, hashes.data(), hashes.size());
  s.h.off_dates = put_array(s.out, dates.data(), dates.size());
  s.h.off_kinds = put_array(s.out, kinds.data(), kinds.size());
  s.h.off_issuers = put_array(s.out, issuers.data(), issuers.size());
  s.h.off_signers = put_array(s.out, signers.data(), signers.size());
  std::vector<uint32_t> offs{0};
  std::string bytes;
  for (const auto& p : pool) {
    bytes += p;
    offs.push_back(static_cast<uint32_t>(bytes.size()));
  }
  s.h.off_pool_off = put_array(s.out, offs.data(), offs.size());
  s.h.off_pool = put_array(s.out, bytes.data(), bytes.size());
  s.h.pool_len = bytes.size();
}

void put_terms(Sections& s, const std::vector<TermEntry>& entries, const std::string& term_bytes,
               const std::string& postings) {
  s.h.nterms = entries.size();
  std::vector<DiskTerm> disk;
  disk.reserve(entries.size() + 1);
  for (const TermEntry& e : entries)
    disk.push_back({e.str_off, e.df | (e.dense ? kDenseBit : 0), e.post_off});
  disk.push_back({static_cast<uint32_t>(term_bytes.size()), 0, postings.size()});
  s.h.off_terms = put_array(s.out, disk.data(), disk.size());
  s.h.off_term_bytes = put_array(s.out, term_bytes.data(), term_bytes.size());
  s.h.term_bytes_len = term_bytes.size();
  s.h.off_post = put_array(s.out, postings.data(), postings.size());
  s.h.post_len = postings.size();
  align(s.out);
  s.h.file_size = s.out.size();
  std::memcpy(s.out.data(), &s.h, sizeof(Header));
}

// Decodes a posting list of segment `seg` into (local doc, impact) pairs.
template <typename F>
void for_each_posting(const Segment& seg, const TermEntry& e, F&& f) {
  const uint8_t* p = seg.postings(e);
  if (e.dense) {
    for (uint32_t d = 0; d < seg.docs(); ++d)
      if (p[d]) f(d, p[d]);
    return;
  }
  const uint8_t* end = p + e.post_len;
  int64_t doc = -1;
  while (p < end) {
    uint32_t gap = 0;
    int shift = 0;
    while (p < end && (*p & 0x80) && shift < 28) gap |= uint32_t(*p++ & 0x7F) << shift, shift += 7;
    if (p >= end) break;
    gap |= uint32_t(*p++) << shift;
    if (p >= end) break;
    doc += int64_t(gap) + 1;
    if (doc >= seg.docs()) break;
    f(static_cast<uint32_t>(doc), *p++);
  }
}

}  // namespace

// ---- building -----------------------------------------------------------------------------------

SegmentBuilder::SegmentBuilder() = default;
SegmentBuilder::~SegmentBuilder() = default;

std::string_view SegmentBuilder::store_text(std::string_view s) {
  if (arena_left_ < s.size()) {
    const std::size_t block = std::max<std::size_t>(1 << 20, s.size());
    pair_text_.emplace_back(new char[block]);
    arena_at_ = pair_text_.back().get();
    arena_left_ = block;
  }
  std::memcpy(arena_at_, s.data(), s.size());
  const std::string_view out(arena_at_, s.size());
  arena_at_ += s.size();
  arena_left_ -= s.size();
  return out;
}

uint32_t SegmentBuilder::term_id(std::string_view term) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : term) h = (h ^ c) * 1099511628211ull;
  h |= 1;  // 0 marks a free slot
  if (dict_count_ * 2 >= dict_hash_.size()) {
    std::vector<uint64_t> hashes(std::max<std::size_t>(1 << 14, dict_hash_.size() * 2), 0);
    std::vector<uint32_t> ids(hashes.size());
    const std::size_t mask = hashes.size() - 1;
    for (std::size_t i = 0; i < dict_hash_.size(); ++i) {
      if (!dict_hash_[i]) continue;
      std::size_t k = (dict_hash_[i] >> 7) & mask;
      while (hashes[k]) k = (k + 1) & mask;
      hashes[k] = dict_hash_[i];
      ids[k] = dict_id_[i];
    }
    dict_hash_.swap(hashes);
    dict_id_.swap(ids);
  }
  const std::size_t mask = dict_hash_.size() - 1;
  std::size_t k = (h >> 7) & mask;
  while (dict_hash_[k]) {
    if (dict_hash_[k] == h && terms_[dict_id_[k]] == term) return dict_id_[k];
    k = (k + 1) & mask;
  }
  const auto id = static_cast<uint32_t>(terms_.size());
  terms_.push_back(store_text(term));
  tf_.push_back(0);
  dict_hash_[k] = h;
  dict_id_[k] = id;
  ++dict_count_;
  return id;
}

void SegmentBuilder::count_id(uint32_t id) {
  if (tf_[id]++ == 0) touched_.push_back(id);
}

uint32_t SegmentBuilder::pair_id(uint32_t first, uint32_t second) {
  const uint64_t key = (uint64_t(first) << 32 | second) + 1;
  if (pair_count_ * 2 >= pairs_.size()) {
    // Grow (and rehash) at half full.
    std::vector<PairSlot> grown(std::max<std::size_t>(1 << 16, pairs_.size() * 2), PairSlot{0, 0});
    const std::size_t mask = grown.size() - 1;
    for (const PairSlot& p : pairs_) {
      if (!p.key) continue;
      std::size_t h = (p.key * 0x9E3779B97F4A7C15ull) >> 20 & mask;
      while (grown[h].key) h = (h + 1) & mask;
      grown[h] = p;
    }
    pairs_.swap(grown);
  }
  const std::size_t mask = pairs_.size() - 1;
  std::size_t h = (key * 0x9E3779B97F4A7C15ull) >> 20 & mask;
  while (pairs_[h].key) {
    if (pairs_[h].key == key) return pairs_[h].id;
    h = (h + 1) & mask;
  }
  // A new pair: its text "first second".
  std::string text;
  text.reserve(terms_[first].size() + 1 + terms_[second].size());
  text.append(terms_[first]).append(1, ' ').append(terms_[second]);
  const auto id = static_cast<uint32_t>(terms_.size());
  terms_.push_back(store_text(text));
  tf_.push_back(0);
  pairs_[h] = PairSlot{key, id};
  ++pair_count_;
  return id;
}

SegmentBuilder::SyllableIds SegmentBuilder::syllable_ids(std::string_view raw) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : raw) h = (h ^ c) * 1099511628211ull;
  h |= 1;
  if (syl_count_ * 2 >= syl_hash_.size()) {
    std::vector<uint64_t> hashes(std::max<std::size_t>(1 << 14, syl_hash_.size() * 2), 0);
    std::vector<uint32_t> at(hashes.size());
    const std::size_t mask = hashes.size() - 1;
    for (std::size_t i = 0; i < syl_hash_.size(); ++i) {
      if (!syl_hash_[i]) continue;
      std::size_t k = (syl_hash_[i] >> 7) & mask;
      while (hashes[k]) k = (k + 1) & mask;
      hashes[k] = syl_hash_[i];
      at[k] = syl_text_[i];
    }
    syl_hash_.swap(hashes);
    syl_text_.swap(at);
  }
  const std::size_t mask = syl_hash_.size() - 1;
  std::size_t k = (h >> 7) & mask;
  while (syl_hash_[k]) {
    if (syl_hash_[k] == h && syl_raw_[syl_text_[k]] == raw) return syl_ids_[syl_text_[k]];
    k = (k + 1) & mask;
  }
  SyllableIds ids{term_id(text::folded_term(raw)), UINT32_MAX};
  bool ascii = true;
  for (char c : raw) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (!ascii) {
    const std::string ex = text::exact_term(raw);
    if (ex != terms_[ids.folded]) ids.exact = term_id(std::string(1, text::kExactPrefix) + ex);
  }
  syl_hash_[k] = h;
  syl_text_[k] = static_cast<uint32_t>(syl_raw_.size());
  syl_raw_.push_back(store_text(raw));
  syl_ids_.push_back(ids);
  ++syl_count_;
  return ids;
}

// The same terms as text::index_tokens gives, and the pairs, without folding a syllable twice.
void SegmentBuilder::analyse_field(std::string_view field) {
  prev_ = UINT32_MAX;
  text::syllables(field, spans_);
  for (std::size_t i = 0; i < spans_.size();) {
    const std::size_t j = text::number_last(field, spans_, i);
    for (std::size_t k = i; k <= j; ++k) {
      const text::Span sp = spans_[k];
      const SyllableIds ids = syllable_ids(field.substr(sp.begin, sp.end - sp.begin));
      count_id(ids.folded);
      if (ids.exact != UINT32_MAX) count_id(ids.exact);
      ++doc_len_;
      if (prev_ != UINT32_MAX) count_id(pair_id(prev_, ids.folded));
      prev_ = ids.folded;
    }
    if (j > i) {
      // A document number as one whole term, and each beginning of it with a letter in it
      // ("15-ct/hu", "15-ct"), so that a query for part of a number finds it.
      const std::string whole =
          text::number_term(field.substr(spans_[i].begin, spans_[j].end - spans_[i].begin));
      count(whole);
      bool letter = false;
      for (std::size_t c = 0; c + 1 < whole.size(); ++c) {
        letter = letter || (whole[c] >= 'a' && whole[c] <= 'z');
        if ((whole[c + 1] == '-' || whole[c + 1] == '/') && letter)
          count(std::string_view(whole).substr(0, c + 1));
      }
    }
    i = j + 1;
  }
}

uint32_t SegmentBuilder::pool_id(const std::string& s) {
  auto it = pool_ids_.find(s);
  if (it != pool_ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(pool_.size());
  pool_.push_back(s);
  pool_ids_.emplace(s, id);
  return id;
}

void SegmentBuilder::add(const DocInfo& info, std::string_view body) {
  if (!ids_.empty() && info.id <= ids_.back())
    throw std::logic_error("segment documents must be added in ascending id order");
  const auto local = static_cast<uint32_t>(ids_.size());
  ids_.push_back(info.id);
  hashes_.push_back(content_hash(info, body));
  dates_.push_back(date_key(info.date));
  kinds_.push_back(pool_id(filter_form(info.kind)));
  issuers_.push_back(pool_id(filter_form(info.issuer)));
  signers_.push_back(pool_id(filter_form(info.signer)));
  doc_len_ = 0;
  analyse_field(info.symbol);
  analyse_field(info.subject);
  analyse_field(info.issuer);
  analyse_field(info.signer);
  analyse_field(body);
  // The document's own number: "#1269-cv/tu", and the whole number itself when the symbol is
  // written in a way the tokenizer does not take for a number.
  if (!info.symbol.empty()) {
    std::string own;
    for (const auto& w : text::split_words(info.symbol))
      if (w.number) {
        own = text::number_term(info.symbol.substr(w.span.begin, w.span.end - w.span.begin));
        break;
      }
    if (own.empty()) own = text::number_term(info.symbol);
    if (!own.empty()) {
      if (tf_[term_id(own)] == 0) count(own);
      count("#" + own);
    }
  }
  // Filters as terms too, so that a filtered query can start from the documents that pass.
  if (const std::string k = filter_form(info.kind); !k.empty()) count("!k:" + k);
  if (date_key(info.date)) count("!y:" + info.date.substr(0, 4));
  for (uint32_t t : touched_) {
    log_.push_back(uint64_t(t) << 32 | local);
    log_tf_.push_back(static_cast<uint8_t>(std::min<uint32_t>(tf_[t], 255)));
    tf_[t] = 0;
  }
  touched_.clear();
  lengths_.push_back(std::max<uint32_t>(doc_len_, 1));
}

std::string SegmentBuilder::finish() {
  const auto n = static_cast<uint32_t>(ids_.size());
  double avgdl = 1;
  if (n) {
    double sum = 0;
    for (uint32_t l : lengths_) sum += l;
    avgdl = std::max(1.0, sum / n);
  }
  Sections s;
  put_docs(s, ids_, hashes_, dates_, kinds_, issuers_, signers_, pool_);
  // Terms in byte order: by their first eight bytes as a number, the rest only on a tie.
  std::vector<std::pair<uint64_t, uint32_t>> keyed(terms_.size());
  for (uint32_t i = 0; i < keyed.size(); ++i) {
    uint64_t k = 0;
    const std::string_view t = terms_[i];
    for (std::size_t b = 0; b < 8; ++b)
      k = k << 8 | (b < t.size() ? static_cast<unsigned char>(t[b]) : 0);
    keyed[i] = {k, i};
  }
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return terms_[a.second] < terms_[b.second];
  });
  // Postings grouped by term (counting sort; stable, so documents stay ascending).
  std::vector<uint64_t> start(terms_.size() + 1, 0);
  for (uint64_t e : log_) ++start[(e >> 32) + 1];
  for (std::size_t t = 0; t < terms_.size(); ++t) start[t + 1] += start[t];
  std::vector<uint32_t> docs(log_.size());
  std::vector<uint8_t> tfs(log_.size());
  {
    std::vector<uint64_t> at(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < log_.size(); ++i) {
      const uint64_t k = at[log_[i] >> 32]++;
      docs[k] = static_cast<uint32_t>(log_[i]);
      tfs[k] = log_tf_[i];
    }
    std::vector<uint64_t>().swap(log_);
    std::vector<uint8_t>().swap(log_tf_);
  }
  std::vector<TermEntry> entries;
  entries.reserve(keyed.size());
  std::string term_bytes, postings;
  std::vector<uint8_t> imp;
  std::vector<uint32_t> tdocs;
  for (const auto& [key, t] : keyed) {
    TermEntry e{};
    e.str_off = static_cast<uint32_t>(term_bytes.size());
    e.str_len = static_cast<uint32_t>(terms_[t].size());
    term_bytes += terms_[t];
    const std::size_t b = start[t], len = start[t + 1] - start[t];
    tdocs.assign(docs.begin() + static_cast<std::ptrdiff_t>(b),
                 docs.begin() + static_cast<std::ptrdiff_t>(b + len));
    imp.resize(len);
    for (std::size_t i = 0; i < len; ++i) imp[i] = impact(tfs[b + i], lengths_[tdocs[i]], avgdl);
    e.post_off = postings.size();
    encode_postings(postings, tdocs, imp, n, e);
    entries.push_back(e);
  }
  put_terms(s, entries, term_bytes, postings);
  return std::move(s.out);
}

// ---- reading ------------------------------------------------------------------------------------

std::shared_ptr<const Segment> Segment::open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("cannot open index segment " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    throw std::runtime_error("index segment " + path + " is truncated");
  }
  void* m = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED) throw std::runtime_error("cannot map index segment " + path);
  std::shared_ptr<Segment> s(new Segment());
  s->name_ = path;
  s->base_ = static_cast<const uint8_t*>(m);
  s->size_ = static_cast<std::size_t>(st.st_size);
  s->mapped_ = true;
  s->parse();
  return s;
}

std::shared_ptr<const Segment> Segment::from_bytes(std::string bytes, std::string name) {
  std::shared_ptr<Segment> s(new Segment());
  s->name_ = std::move(name);
  s->owned_ = std::move(bytes);
  s->base_ = reinterpret_cast<const uint8_t*>(s->owned_.data());
  s->size_ = s->owned_.size();
  s->parse();
  return s;
}

Segment::~Segment() {
  if (mapped_) munmap(const_cast<uint8_t*>(base_), size_);
}

void Segment::parse() {
  auto bad = [&](const std::string& what) {
    return std::runtime_error("index segment " + name_ + " is damaged (" + what +
                              "); run `vanthu index rebuild`");
  };
  if (size_ < sizeof(Header)) throw bad("too short");
  Header h;
  std::memcpy(&h, base_, sizeof h);
  if (std::memcmp(h.magic, kMagic, 8) != 0) throw bad("not a segment");
  if (h.version != kVersion) throw bad("version " + std::to_string(h.version));
  if (h.file_size != size_) throw bad("size");
  auto section = [&](uint64_t off, uint64_t len, const char* what) {
    if (off % 8 || off > size_ || len > size_ - off) throw bad(what);
    return base_ + off;
  };
  ndocs_ = h.ndocs;
  npool_ = h.npool;
  nterms_ = h.nterms;
  ids_ = reinterpret_cast<const int64_t*>(section(h.off_ids, uint64_t(ndocs_) * 8, "ids"));
  hashes_ =
      reinterpret_cast<const uint64_t*>(section(h.off_hashes, uint64_t(ndocs_) * 8, "hashes"));
  dates_ = reinterpret_cast<const uint32_t*>(section(h.off_dates, uint64_t(ndocs_) * 4, "dates"));
  kinds_ = reinterpret_cast<const uint32_t*>(section(h.off_kinds, uint64_t(ndocs_) * 4, "kinds"));
  issuers_ =
      reinterpret_cast<const uint32_t*>(section(h.off_issuers, uint64_t(ndocs_) * 4, "issuers"));
  signers_ =
      reinterpret_cast<const uint32_t*>(section(h.off_signers, uint64_t(ndocs_) * 4, "signers"));
  pool_off_ = reinterpret_cast<const uint32_t*>(
      section(h.off_pool_off, (uint64_t(npool_) + 1) * 4, "pool offsets"));
  pool_bytes_ = reinterpret_cast<const char*>(section(h.off_pool, h.pool_len, "pool"));
  if (nterms_ >= size_ / sizeof(DiskTerm)) throw bad("term count");
  term_entries_ = reinterpret_cast<const DiskTerm*>(
      section(h.off_terms, (nterms_ + 1) * sizeof(DiskTerm), "terms"));
  term_bytes_ =
      reinterpret_cast<const char*>(section(h.off_term_bytes, h.term_bytes_len, "term bytes"));
  term_bytes_len_ = h.term_bytes_len;
  post_ = section(h.off_post, h.post_len, "postings");
  post_len_ = h.post_len;
  if (pool_off_[0] != 0 || pool_off_[npool_] != h.pool_len) throw bad("pool");
  for (uint32_t i = 0; i < npool_; ++i)
    if (pool_off_[i] > pool_off_[i + 1]) throw bad("pool");
  for (uint32_t d = 0; d < ndocs_; ++d) {
    if (kinds_[d] >= npool_ || issuers_[d] >= npool_ || signers_[d] >= npool_)
      throw bad("document metadata");
    if (d && ids_[d] <= ids_[d - 1]) throw bad("document order");
  }
  for (uint64_t i = 0; i < nterms_; ++i) {
    const DiskTerm &a = term_entries_[i], &b = term_entries_[i + 1];
    const uint32_t df = a.df & ~kDenseBit;
    if (a.str_off > b.str_off || b.str_off > term_bytes_len_ || a.post_off > b.post_off ||
        b.post_off > post_len_ || ((a.df & kDenseBit) && b.post_off - a.post_off != ndocs_) ||
        df > ndocs_)
      throw bad("term " + std::to_string(i));
  }
}

std::string_view Segment::pool(uint32_t i) const {
  return {pool_bytes_ + pool_off_[i], pool_off_[i + 1] - pool_off_[i]};
}

std::string_view Segment::term(uint64_t i) const {
  return {term_bytes_ + term_entries_[i].str_off,
          term_entries_[i + 1].str_off - term_entries_[i].str_off};
}

TermEntry Segment::entry(uint64_t i) const {
  const DiskTerm &a = term_entries_[i], &b = term_entries_[i + 1];
  TermEntry e;
  e.str_off = a.str_off;
  e.str_len = b.str_off - a.str_off;
  e.df = a.df & ~kDenseBit;
  e.dense = (a.df & kDenseBit) ? 1 : 0;
  e.post_off = a.post_off;
  e.post_len = b.post_off - a.post_off;
  return e;
}

std::optional<TermEntry> Segment::find(std::string_view t) const {
  uint64_t lo = 0, hi = nterms_;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (term(mid) < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < nterms_ && term(lo) == t) return entry(lo);
  return std::nullopt;
}

int64_t Segment::local(int64_t id) const {
  const int64_t* e = ids_ + ndocs_;
  const int64_t* p = std::lower_bound(ids_, e, id);
  return p != e && *p == id ? p - ids_ : -1;
}

// ---- merging ------------------------------------------------------------------------------------

std::string merge_segments(const std::vector<const Segment*>& parts,
                           const std::vector<std::vector<uint8_t>>& dead) {
  // New local numbers, in order of parts (ids must stay ascending: the caller passes parts whose
  // live ids do not interleave, or the documents get sorted below).
  struct Doc {
    int64_t id;
    std::size_t part;
    uint32_t local;
  };
  std::vector<Doc> docs;
  for (std::size_t p = 0; p < parts.size(); ++p)
    for (uint32_t d = 0; d < parts[p]->docs(); ++d)
      if (dead[p].empty() || !dead[p][d]) docs.push_back({parts[p]->ids()[d], p, d});
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < docs.size(); ++i)
    if (docs[i].id == docs[i - 1].id)
      throw std::logic_error("document " + std::to_string(docs[i].id) + " is live in two segments");
  std::vector<std::vector<int64_t>> remap(parts.size());
  for (std::size_t p = 0; p < parts.size(); ++p) remap[p].assign(parts[p]->docs(), -1);
  for (std::size_t i = 0; i < docs.size(); ++i) remap[docs[i].part][docs[i].local] = int64_t(i);
  const auto n = static_cast<uint32_t>(docs.size());

  std::vector<std::string> pool;
  std::unordered_map<std::string, uint32_t> pool_ids;
  auto pool_id = [&](std::string_view s) {
    auto it = pool_ids.find(std::string(s));
    if (it != pool_ids.end()) return it->second;
    const auto id = static_cast<uint32_t>(pool.size());
    pool.emplace_back(s);
    pool_ids.emplace(std::string(s), id);
    return id;
  };
  std::vector<int64_t> ids(n);
  std::vector<uint64_t> hashes(n);
  std::vector<uint32_t> dates(n), kinds(n), issuers(n), signers(n);
  for (uint32_t i = 0; i < n; ++i) {
    const Segment& s = *parts[docs[i].part];
    const uint32_t d = docs[i].local;
    ids[i] = docs[i].id;
    hashes[i] = s.hashes()[d];
    dates[i] = s.dates()[d];
    kinds[i] = pool_id(s.pool(s.kinds()[d]));
    issuers[i] = pool_id(s.pool(s.issuers()[d]));
    signers[i] = pool_id(s.pool(s.signers()[d]));
  }
  Sections out;
  put_docs(out, ids, hashes, dates, kinds, issuers, signers, pool);

  // k-way merge of the sorted term lists.
  using Cursor = std::pair<std::string_view, std::size_t>;  // term, part
  std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heap;
  std::vector<uint64_t> next(parts.size(), 0);
  for (std::size_t p = 0; p < parts.size(); ++p)
    if (parts[p]->terms()) heap.emplace(parts[p]->term(0), p);
  std::vector<TermEntry> entries;
  std::string term_bytes, postings;
  std::vector<std::pair<uint32_t, uint8_t>> list;
  std::vector<uint32_t> ldocs;
  std::vector<uint8_t> limp;
  while (!heap.empty()) {
    const std::string term(heap.top().first);
    list.clear();
    while (!heap.empty() && heap.top().first == term) {
      const std::size_t p = heap.top().second;
      heap.pop();
      const Segment& s = *parts[p];
      for_each_posting(s, s.entry(next[p]), [&](uint32_t d, uint8_t imp) {
        if (remap[p][d] >= 0) list.emplace_back(static_cast<uint32_t>(remap[p][d]), imp);
      });
      if (++next[p] < s.terms()) heap.emplace(s.term(next[p]), p);
    }
    if (list.empty()) continue;
    std::sort(list.begin(), list.end());
    ldocs.resize(list.size());
    limp.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      ldocs[i] = list[i].first, limp[i] = list[i].second;
    TermEntry e{};
    e.str_off = static_cast<uint32_t>(term_bytes.size());
    e.str_len = static_cast<uint32_t>(term.size());
    term_bytes += term;
    e.post_off = postings.size();
    encode_postings(postings, ldocs, limp, n, e);
    entries.push_back(e);
  }
  put_terms(out, entries, term_bytes, postings);
  return std::move(out.out);
}

uint64_t content_hash(const DocInfo& d, std::string_view body) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bits
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;  // field separator (0xFF never occurs in UTF-8)
  };
  for (const std::string* f : {&d.kind, &d.symbol, &d.issuer, &d.date, &d.subject, &d.signer})
    mix(*f);
  mix(body);
  return h;
}

// ---- small helpers ------------------------------------------------------------------------------

uint32_t date_key(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return 0;
  uint32_t v = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == 4 || i == 7) continue;
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + uint32_t(s[i] - '0');
  }
  return v;
}

std::string filter_form(std::string_view s) {
  return text::collapse_white_space(text::fold(text::clean_text(s)));
}

}  // namespace vanthu::archive::engine
