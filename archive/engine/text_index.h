// vanthu's full-text index: immutable segments (segment.h) in the directory `index/` next to the
// catalog, a manifest naming them, and an in-memory tail for what the catalog changed since.
//
// The catalog stays the source of truth. Every change to a document's text or indexed metadata
// appends its id to the catalog table `index_changes` (triggers, in the writer's transaction). The
// manifest records up to which change the segments are complete (`applied`); whoever opens the
// index reads the later changes, hides the older versions of those documents and indexes their
// current state in memory. So a crash between a catalog commit and an index write loses nothing:
// the index catches up on the next use. `sync` writes the tail as a new segment (under a lock, temp
// file, fsync, rename, then the manifest the same way) and merges small segments.
//
// Queries (Query below) are conjunctions of terms with optional scoring terms, answered segment by
// segment in windows of 65,536 documents: each term's impacts are added into an accumulator
// (dense terms as one vectorised pass, sparse ones by scatter, or only at the candidates of the
// rarest term when it is rare), then the window's matches pass the filters into a top-k heap.
// Every match is counted, so totals are exact.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "archive/engine/segment.h"

namespace vanthu::archive {
class Catalog;
}

namespace vanthu::archive::engine {

struct Query {
  std::vector<std::string> required;  // every one must occur; scored by BM25
  std::vector<std::string> scored;    // optional; scored by BM25 (adjacent query words)
  std::vector<std::string> exact;     // optional; scored, and each present ranks one tier up
  std::vector<std::string> own;       // optional; present: the document's own number, top tier
};

struct Filter {
  std::string kind;           // filter_form, equal
  std::string issuer;         // filter_form, contained
  std::string signer;         // filter_form, contained
  uint32_t from = 0, to = 0;  // date_key bounds, inclusive; 0 = open
};

struct Hit {
  int64_t id = 0;
  double score = 0;  // 1e7 own number + 1e4 per exact word + BM25
};

struct Result {
  int64_t total = 0;
  std::vector<Hit> hits;
};

struct IndexStats {
  std::size_t segments = 0;
  std::size_t documents = 0;  // live, persisted + tail
  std::size_t tail = 0;       // documents indexed in memory only
  uint64_t bytes = 0;         // segment files on disk
};

// What verify needs to compare the index with the catalog.
struct Inspection {
  std::vector<std::string> damaged;      // files that cannot be used, with why
  std::map<int64_t, uint64_t> live;      // documents the index answers with: id → content hash
  std::map<int64_t, uint64_t> expected;  // documents with a text in the catalog: id → hash
};
// Reads the index at `dir` afresh (not the process's shared state) and the catalog, in one read
// transaction of `db`.
Inspection inspect_index(Catalog& db);

class TextIndex {
 public:
  // The index of the catalog at `db.path()`, shared within the process.
  static std::shared_ptr<TextIndex> of(Catalog& db);

  // Brings the index up to date with the catalog, then answers. `offset` + `limit` hits at most.
  Result search(Catalog& db, const Query& q, const Filter& f, bool by_date, std::size_t offset,
                std::size_t limit);
  // Writes what is only in memory as a segment and merges small segments. Returns false (and
  // leaves the index as it was) when the index directory cannot be written.
  bool sync(Catalog& db);
  // Throws away every segment and indexes the whole catalog again.
  void rebuild(Catalog& db);
  IndexStats stats(Catalog& db);
  Inspection inspect(Catalog& db);

  // Changes indexed in memory at most; more are written as segments first.
  static constexpr std::size_t kTailFlush = 500;
  // Documents per segment written by one sync.
  static constexpr std::size_t kSegmentDocs = 125000;

  explicit TextIndex(std::string dir);

 private:
  struct Snapshot;
  std::shared_ptr<const Snapshot> refresh(Catalog& db);
  // nullptr when more than kTailFlush changes wait and `any_size` is false.
  std::shared_ptr<const Snapshot> load(Catalog& db, bool any_size);
  std::string dir_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snap_;
};

}  // namespace vanthu::archive::engine
