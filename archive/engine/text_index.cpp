// The index directory, its manifest, catching up with the catalog, and query execution
// (see text_index.h).
#include "archive/engine/text_index.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "archive/catalog.h"
#include "archive/durable.h"

namespace vanthu::archive::engine {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr int kManifestVersion = 1;
constexpr std::size_t kMaxSegments = 16;
constexpr uint32_t kWindow = 1u << 16;

// ---- the manifest -------------------------------------------------------------------------------

struct Manifest {
  int64_t applied = 0;      // changes up to this seq are in the segments
  int64_t applied_doc = 0;  // document_id of change `applied`: tells a replaced catalog apart
  int64_t next_file = 1;
  bool unreadable = false;  // the file is there but cannot be read
  struct Seg {
    std::string file;
    std::vector<int64_t> dead;  // ids hidden (changed or deleted after the segment was written)
  };
  std::vector<Seg> segs;
};

std::string stamp_of(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "none";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// An unreadable manifest counts as none: the index is then built again from the catalog.
Manifest read_manifest(const std::string& dir) {
  Manifest m;
  std::ifstream in(dir + "/" + kManifest);
  if (!in) return m;
  Manifest bad;
  bad.unreadable = true;
  try {
    const json j = json::parse(in);
    if (j.at("version").get<int>() != kManifestVersion) return bad;
    m.applied = j.at("applied").get<int64_t>();
    m.applied_doc = j.at("applied_doc").get<int64_t>();
    m.next_file = j.at("next_file").get<int64_t>();
    for (const auto& s : j.at("segments")) {
      Manifest::Seg seg;
      seg.file = s.at("file").get<std::string>();
      if (seg.file.find('/') != std::string::npos || seg.file.rfind("seg-", 0) != 0) return bad;
      seg.dead = s.at("dead").get<std::vector<int64_t>>();
      std::sort(seg.dead.begin(), seg.dead.end());
      m.segs.push_back(std::move(seg));
    }
  } catch (const std::exception&) {
    return bad;
  }
  return m;
}

void write_manifest(const std::string& dir, const Manifest& m) {
  json j;
  j["version"] = kManifestVersion;
  j["applied"] = m.applied;
  j["applied_doc"] = m.applied_doc;
  j["next_file"] = m.next_file;
  j["segments"] = json::array();
  for (const auto& s : m.segs) j["segments"].push_back({{"file", s.file}, {"dead", s.dead}});
  write_durable(dir + "/" + kManifest, j.dump(1) + "\n", 0644);
}

// ---- the catalog side ---------------------------------------------------------------------------

int64_t max_change(Catalog& db) {
  auto st = db.prepare("SELECT coalesce(max(seq), 0) FROM index_changes");
  st.step();
  return st.integer(0);
}

int64_t change_doc(Catalog& db, int64_t seq) {
  auto st = db.prepare("SELECT document_id FROM index_changes WHERE seq = ?");
  st.bind(1, seq);
  return st.step() ? st.integer(0) : -1;
}

bool manifest_fits(Catalog& db, const Manifest& m, int64_t max) {
  if (m.applied == 0) return true;
  return m.applied <= max && change_doc(db, m.applied) == m.applied_doc;
}

std::vector<int64_t> changed_ids(Catalog& db, int64_t after, int64_t upto) {
  auto st = db.prepare(
      "SELECT DISTINCT document_id FROM index_changes WHERE seq > ? AND seq <= ? ORDER BY 1");
  st.bind(1, after).bind(2, upto);
  std::vector<int64_t> out;
  while (st.step()) out.push_back(st.integer(0));
  return out;
}

// Indexes the current state of the documents changed in (after, upto], in id order; calls
// `flush` with each builder of `per_segment` documents (and the last, possibly empty).
// A read transaction unless the caller already has one, so the change log and the documents
// are read at one point in time.
class ReadTxn {
 public:
  explicit ReadTxn(Catalog& db) : db_(db), own_(!db.in_transaction()) {
    if (own_) db_.exec("BEGIN");
  }
  ~ReadTxn() {
    if (own_) {
      try {
        db_.exec("COMMIT");
      } catch (...) {
      }
    }
  }
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;

 private:
  Catalog& db_;
  bool own_;
};

// Calls f(DocInfo&&, text) for each document of `ids` (sorted) that has a text, in id order,
// reading ranges of ids in short read transactions (a long one would keep SQLite from
// checkpointing its WAL while an import writes). A document that changes meanwhile is read in its
// newer state; its later change in the log makes the index read it again, so nothing is lost.
template <typename F>
void for_each_document(Catalog& db, const std::vector<int64_t>& ids, F&& f) {
  constexpr std::size_t kChunk = 2000;
  for (std::size_t i = 0; i < ids.size(); i += kChunk) {
    const std::size_t j = std::min(ids.size(), i + kChunk) - 1;
    ReadTxn txn(db);
    auto st = db.prepare(
        "SELECT d.id, d.kind, d.symbol, d.issuer, d.date, d.subject, d.signer, t.text "
        "FROM documents d JOIN document_text t ON t.document_id = d.id "
        "WHERE d.id BETWEEN ? AND ? ORDER BY d.id");
    st.bind(1, ids[i]).bind(2, ids[j]);
    while (st.step()) {
      const int64_t id = st.integer(0);
      if (!std::binary_search(ids.begin() + static_cast<std::ptrdiff_t>(i),
                              ids.begin() + static_cast<std::ptrdiff_t>(j) + 1, id))
        continue;
      DocInfo info;
      info.id = id;
      info.kind = st.text(1);
      info.symbol = st.text(2);
      info.issuer = st.text(3);
      info.date = st.text(4);
      info.subject = st.text(5);
      info.signer = st.text(6);
      f(std::move(info), st.text(7));
    }
  }
}

// Indexes the current state of the documents `ids` (sorted); calls `flush` with each builder of
// `per_segment` documents (and the last, possibly empty).
template <typename F>
void index_documents(Catalog& db, const std::vector<int64_t>& ids, std::size_t per_segment,
                     F&& flush) {
  auto b = std::make_unique<SegmentBuilder>();
  for_each_document(db, ids, [&](DocInfo&& info, const std::string& text) {
    b->add(info, text);
    if (b->docs() >= per_segment) {
      flush(*b);
      b = std::make_unique<SegmentBuilder>();
    }
  });
  flush(*b);
}

// The same, on `workers` threads, each with its own builders (the calling thread reads the
// catalog): documents are handed out in batches, in order, so each builder still gets ascending
// ids. `flush` is called under a lock.
template <typename F>
void index_documents_parallel(Catalog& db, const std::vector<int64_t>& ids, std::size_t per_segment,
                              unsigned workers, F&& flush) {
  if (workers <= 1) {
    index_documents(db, ids, per_segment, flush);
    return;
  }
  struct Batch {
    std::vector<DocInfo> info;
    std::vector<std::string> text;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Batch> queue;
  bool done = false;
  std::exception_ptr error;
  std::mutex flush_mu;
  auto work = [&] {
    try {
      auto b = std::make_unique<SegmentBuilder>();
      for (;;) {
        Batch batch;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return !queue.empty() || done || error; });
          if (error) return;
          if (queue.empty()) break;
          batch = std::move(queue.front());
          queue.pop_front();
        }
        cv.notify_all();
        for (std::size_t i = 0; i < batch.info.size(); ++i) {
          b->add(batch.info[i], batch.text[i]);
          if (b->docs() >= per_segment) {
            std::lock_guard lock(flush_mu);
            flush(*b);
            b = std::make_unique<SegmentBuilder>();
          }
        }
      }
      std::lock_guard lock(flush_mu);
      flush(*b);
    } catch (...) {
      std::lock_guard lock(mu);
      if (!error) error = std::current_exception();
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < workers; ++i) threads.emplace_back(work);
  try {
    Batch batch;
    auto push = [&] {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return queue.size() < 2 * workers || error; });
      if (error) return false;
      queue.push_back(std::move(batch));
      batch = Batch{};
      cv.notify_all();
      return true;
    };
    bool ok = true;
    for_each_document(db, ids, [&](DocInfo&& info, std::string&& text) {
      if (!ok) return;
      batch.info.push_back(std::move(info));
      batch.text.push_back(std::move(text));
      if (batch.info.size() == 500) ok = push();
    });
    if (ok && !batch.info.empty()) push();
  } catch (...) {
    std::lock_guard lock(mu);
    if (!error) error = std::current_exception();
  }
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

// An exclusive lock on the index directory (flock), for writers.
class DirLock {
 public:
  explicit DirLock(const std::string& dir) {
    fd_ = ::open((dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return;
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~DirLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

std::string seg_name(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "seg-%06lld.vtx", static_cast<long long>(n));
  return buf;
}

}  // namespace

// ---- snapshots ----------------------------------------------------------------------------------

struct TextIndex::Snapshot {
  std::string stamp;    // of the manifest file it was loaded from
  int64_t applied = 0;  // from the manifest
  int64_t applied_doc = 0;
  int64_t seen = 0;  // changes up to here are reflected (segments + tails)
  std::vector<std::shared_ptr<const Segment>> segs;  // persisted, then in-memory tails
  std::vector<std::vector<uint8_t>> dead;            // per segment, by local document
  std::vector<std::size_t> dead_count;
  std::size_t persisted = 0;  // how many of segs are files
  std::size_t tail_docs = 0;

  std::size_t live() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < segs.size(); ++i) n += segs[i]->docs() - dead_count[i];
    return n;
  }
  void hide(const std::vector<int64_t>& ids) {
    for (std::size_t s = 0; s < segs.size(); ++s)
      for (int64_t id : ids) {
        const int64_t l = segs[s]->local(id);
        if (l < 0) continue;
        if (dead[s].empty()) dead[s].assign(segs[s]->docs(), 0);
        if (!dead[s][l]) dead[s][l] = 1, ++dead_count[s];
      }
  }
  void add_tail(Catalog& db, int64_t after, int64_t upto) {
    const std::vector<int64_t> ids = changed_ids(db, after, upto);
    hide(ids);
    index_documents(db, ids, SIZE_MAX, [&](SegmentBuilder& b) {
      if (!b.docs()) return;
      tail_docs += b.docs();
      segs.push_back(Segment::from_bytes(b.finish(), "(memory)"));
      dead.emplace_back();
      dead_count.push_back(0);
    });
    seen = upto;
  }
};

TextIndex::TextIndex(std::string dir) : dir_(std::move(dir)) {}

std::shared_ptr<TextIndex> TextIndex::of(Catalog& db) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<TextIndex>> all;
  const std::string dir = (fs::path(db.path()).parent_path() / "index").string();
  std::lock_guard lock(mu);
  auto& p = all[dir];
  if (!p) p = std::make_shared<TextIndex>(dir);
  return p;
}

std::shared_ptr<const TextIndex::Snapshot> TextIndex::load(Catalog& db, bool any_size) {
  ReadTxn txn(db);
  auto s = std::make_shared<Snapshot>();
  s->stamp = stamp_of(dir_ + "/" + kManifest);
  const int64_t max = max_change(db);
  Manifest m = read_manifest(dir_);
  if (!manifest_fits(db, m, max)) m = Manifest{};
  for (const auto& ms : m.segs) {
    std::shared_ptr<const Segment> seg;
    try {
      seg = Segment::open_file(dir_ + "/" + ms.file);
    } catch (const std::exception&) {
      // A missing or damaged segment: start again from the catalog.
      m = Manifest{};
      s = std::make_shared<Snapshot>();
      s->stamp = stamp_of(dir_ + "/" + kManifest);
      break;
    }
    s->segs.push_back(seg);
    s->dead.emplace_back();
    s->dead_count.push_back(0);
    s->hide(ms.dead);
  }
  // Much to catch up with (a new or damaged index, a large import): write it as segments first
  // rather than hold it all in memory.
  if (!any_size && static_cast<std::size_t>(max - m.applied) > kTailFlush) return nullptr;
  s->persisted = s->segs.size();
  s->applied = m.applied;
  s->applied_doc = m.applied_doc;
  s->add_tail(db, m.applied, max);
  return s;
}

std::shared_ptr<const TextIndex::Snapshot> TextIndex::refresh(Catalog& db) {
  for (bool any_size = false;; any_size = true) {
    {
      std::lock_guard lock(mu_);
      if (snap_ && snap_->stamp == stamp_of(dir_ + "/" + kManifest)) {
        ReadTxn txn(db);
        const int64_t max = max_change(db);
        if (max == snap_->seen) return snap_;
        const bool same_history =
            max > snap_->seen &&
            (!snap_->applied || change_doc(db, snap_->applied) == snap_->applied_doc);
        if (same_history &&
            (any_size ||
             static_cast<std::size_t>(max - snap_->seen) + snap_->tail_docs <= kTailFlush)) {
          auto s = std::make_shared<Snapshot>(*snap_);
          s->add_tail(db, snap_->seen, max);
          snap_ = s;
          return snap_;
        }
      }
      if (auto s = load(db, any_size)) {
        snap_ = s;
        return snap_;
      }
    }
    if (any_size) break;
    // Too much for memory: write segments, then read them (what arrived meanwhile goes to
    // memory, whatever its size). An index directory that cannot be written keeps everything in
    // memory instead.
    try {
      sync(db);
    } catch (const std::exception&) {
    }
  }
  std::lock_guard lock(mu_);
  return snap_;
}

// ---- writing ------------------------------------------------------------------------------------

bool TextIndex::sync(Catalog& db) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  DirLock lock(dir_);
  if (!lock.ok()) return false;
  {
    Manifest m;
    std::vector<std::string> written;
    try {
      std::optional<ReadTxn> txn;
      txn.emplace(db);
      const int64_t max = max_change(db);
      m = read_manifest(dir_);
      bool fits = manifest_fits(db, m, max);
      std::vector<std::shared_ptr<const Segment>> segs;
      if (fits) {
        for (const auto& ms : m.segs) {
          try {
            segs.push_back(Segment::open_file(dir_ + "/" + ms.file));
          } catch (const std::exception&) {
            fits = false;
            break;
          }
        }
      }
      if (!fits) {
        Manifest fresh;
        fresh.next_file = m.next_file;
        m = fresh;
        segs.clear();
      }
      if (max == m.applied && m.segs.size() <= kMaxSegments) return true;

      // New segments for the changed documents; their older versions are hidden.
      const std::vector<int64_t> changed = changed_ids(db, m.applied, max);
      txn.reset();
      for (std::size_t i = 0; i < m.segs.size(); ++i) {
        for (int64_t id : changed)
          if (segs[i]->local(id) >= 0) m.segs[i].dead.push_back(id);
        std::sort(m.segs[i].dead.begin(), m.segs[i].dead.end());
        m.segs[i].dead.erase(std::unique(m.segs[i].dead.begin(), m.segs[i].dead.end()),
                             m.segs[i].dead.end());
      }
      const unsigned workers =
          max - m.applied < 20000 ? 1 : std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
      index_documents_parallel(db, changed, kSegmentDocs, workers, [&](SegmentBuilder& b) {
        if (!b.docs()) return;
        const std::string name = seg_name(m.next_file++);
        write_durable(dir_ + "/" + name, b.finish(), 0644, false);
        written.push_back(name);
        segs.push_back(Segment::open_file(dir_ + "/" + name));
        m.segs.push_back({name, {}});
      });

      // Merges (hidden documents go with them): the smallest segments while there are too many;
      // and small segments, four or more below half the target size, into one of at most the
      // target size, so that many small syncs (an import in batches) do not leave the
      // dictionary repeated in many files.
      auto live = [&](std::size_t i) { return segs[i]->docs() - m.segs[i].dead.size(); };
      std::vector<std::size_t> order(m.segs.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(),
                [&](std::size_t a, std::size_t b) { return live(a) < live(b); });
      std::vector<std::size_t> pick;
      if (m.segs.size() > kMaxSegments) {
        pick.assign(order.begin(),
                    order.begin() + static_cast<std::ptrdiff_t>(m.segs.size() - kMaxSegments + 1));
      } else {
        std::size_t small = 0;
        for (std::size_t i : order) small += live(i) < kSegmentDocs / 2;
        std::size_t total = 0;
        for (std::size_t k = 0; small >= 4 && k < small; ++k) {
          if (pick.size() >= 2 && total + live(order[k]) > kSegmentDocs) break;
          pick.push_back(order[k]);
          total += live(order[k]);
        }
      }
      if (pick.size() >= 2) {
        std::sort(pick.begin(), pick.end());
        std::vector<const Segment*> parts;
        std::vector<std::vector<uint8_t>> dead;
        for (std::size_t i : pick) {
          parts.push_back(segs[i].get());
          std::vector<uint8_t> d(segs[i]->docs(), 0);
          for (int64_t id : m.segs[i].dead) {
            const int64_t l = segs[i]->local(id);
            if (l >= 0) d[static_cast<std::size_t>(l)] = 1;
          }
          dead.push_back(std::move(d));
        }
        const std::string name = seg_name(m.next_file++);
        write_durable(dir_ + "/" + name, merge_segments(parts, dead), 0644, false);
        written.push_back(name);
        Manifest::Seg merged{name, {}};
        std::vector<Manifest::Seg> rest;
        bool placed = false;
        for (std::size_t i = 0; i < m.segs.size(); ++i) {
          if (std::binary_search(pick.begin(), pick.end(), i)) {
            if (!placed) rest.push_back(merged), placed = true;
            continue;
          }
          rest.push_back(m.segs[i]);
        }
        m.segs = std::move(rest);
      }
      m.applied = max;
      m.applied_doc = max ? change_doc(db, max) : 0;
      fsync_path(dir_, true);
      write_manifest(dir_, m);
    } catch (const std::exception&) {
      for (const auto& w : written) fs::remove(dir_ + "/" + w, ec);
      throw;
    }
    // Files no manifest names any more: merged segments, leftovers of an interrupted sync.
    std::set<std::string> keep;
    for (const auto& s : m.segs) keep.insert(s.file);
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      const std::string n = e.path().filename().string();
      if ((n.rfind("seg-", 0) == 0 || n.rfind(".tmp-", 0) == 0) && !keep.count(n))
        fs::remove(e.path(), ec);
    }
    // Readers load the new manifest on their next refresh (its stamp changed); this one too.
    std::lock_guard guard(mu_);
    snap_.reset();
  }
  return true;
}

void TextIndex::rebuild(Catalog& db) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  {
    DirLock lock(dir_);
    if (!lock.ok()) throw std::runtime_error("cannot lock the index directory " + dir_);
    Manifest m = read_manifest(dir_);
    Manifest fresh;
    fresh.next_file = m.next_file;
    write_manifest(dir_, fresh);
    // Every document with a text is a change to apply from scratch.
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec("DELETE FROM index_changes");
      db.exec(
          "INSERT INTO index_changes (document_id) SELECT document_id FROM document_text "
          "ORDER BY document_id");
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
  {
    std::lock_guard guard(mu_);
    snap_.reset();
  }
  sync(db);
}

// ---- reading ------------------------------------------------------------------------------------

IndexStats TextIndex::stats(Catalog& db) {
  auto s = refresh(db);
  IndexStats st;
  st.segments = s->persisted;
  st.documents = s->live();
  st.tail = s->tail_docs;
  for (std::size_t i = 0; i < s->persisted; ++i) st.bytes += s->segs[i]->bytes();
  return st;
}

Inspection TextIndex::inspect(Catalog& db) {
  Inspection out;
  ReadTxn txn(db);
  const int64_t max = max_change(db);
  Manifest m = read_manifest(dir_);
  if (m.unreadable) out.damaged.push_back(dir_ + "/" + kManifest + " cannot be read");
  if (!manifest_fits(db, m, max)) {
    out.damaged.push_back(dir_ + "/" + kManifest +
                          " does not belong to this catalog's history (it will be rebuilt)");
    m = Manifest{};
  }
  Snapshot s;
  for (const auto& ms : m.segs) {
    try {
      s.segs.push_back(Segment::open_file(dir_ + "/" + ms.file));
    } catch (const std::exception& e) {
      out.damaged.push_back(e.what());
      continue;
    }
    s.dead.emplace_back();
    s.dead_count.push_back(0);
    s.hide(ms.dead);
  }
  s.persisted = s.segs.size();
  s.add_tail(db, m.applied, max);
  for (std::size_t i = 0; i < s.segs.size(); ++i)
    for (uint32_t d = 0; d < s.segs[i]->docs(); ++d)
      if (s.dead[i].empty() || !s.dead[i][d])
        out.live[s.segs[i]->ids()[d]] = s.segs[i]->hashes()[d];
  auto st = db.prepare(
      "SELECT d.id, d.kind, d.symbol, d.issuer, d.date, d.subject, d.signer, t.text "
      "FROM documents d JOIN document_text t ON t.document_id = d.id");
  DocInfo info;
  while (st.step()) {
    info.id = st.integer(0);
    info.kind = st.text(1);
    info.symbol = st.text(2);
    info.issuer = st.text(3);
    info.date = st.text(4);
    info.subject = st.text(5);
    info.signer = st.text(6);
    out.expected[info.id] = content_hash(info, st.text(7));
  }
  return out;
}

Inspection inspect_index(Catalog& db) {
  TextIndex fresh((fs::path(db.path()).parent_path() / "index").string());
  return fresh.inspect(db);
}

// ---- queries ------------------------------------------------------------------------------------

namespace {

enum class Role { kRequired, kScored, kExact, kOwn };

struct Term {
  std::string text;
  Role role;
  uint32_t weight = 0;  // idf × 64 (required, scored)
};

struct Cursor {
  const uint8_t* p = nullptr;
  const uint8_t* end = nullptr;
  int64_t doc = -1;  // current posting's document; >= limit when exhausted
  uint8_t imp = 0;
  int64_t limit = 0;

  void next() {
    uint32_t gap = 0;
    int shift = 0;
    while (p < end && (*p & 0x80) && shift < 28) gap |= uint32_t(*p++ & 0x7F) << shift, shift += 7;
    if (end - p < 2) {  // no last gap byte and impact: the list is over (or damaged)
      p = end;
      doc = limit;
      return;
    }
    gap |= uint32_t(*p++) << shift;
    doc += int64_t(gap) + 1;
    imp = *p++;
    if (doc >= limit) doc = limit;
  }
};

struct SegTerm {
  TermEntry e;
  Role role;
  uint32_t weight;
  Cursor cur;
};

// One candidate in the top-k heap; `a` orders first (score or date), then `b`, then the id.
struct Cand {
  uint64_t a;
  uint32_t b;
  int64_t id;
  uint32_t acc;
  uint8_t tier;
  bool operator>(const Cand& o) const {
    if (a != o.a) return a > o.a;
    if (b != o.b) return b > o.b;
    return id > o.id;
  }
};
struct Worse {
  bool operator()(const Cand& x, const Cand& y) const { return x > y; }  // min-heap
};

class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) {}
  // Cheap pre-check on the first key.
  bool may_enter(uint64_t a) const { return heap_.size() < k_ || a >= heap_.top().a; }
  // The smallest first key that may still enter (0 while there is room).
  uint64_t threshold() const { return heap_.size() < k_ || k_ == 0 ? 0 : heap_.top().a; }
  void push(const Cand& c) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push(c);
    } else if (c > heap_.top()) {
      heap_.pop();
      heap_.push(c);
    }
  }
  std::vector<Cand> sorted() {
    std::vector<Cand> out;
    while (!heap_.empty()) out.push_back(heap_.top()), heap_.pop();
    std::reverse(out.begin(), out.end());
    return out;
  }

 private:
  std::size_t k_;
  std::priority_queue<Cand, std::vector<Cand>, Worse> heap_;
};

struct SegFilter {
  bool any = false;
  std::vector<uint8_t> kind_ok, issuer_ok, signer_ok;  // by pool index; empty = all
  uint32_t from = 0, to = 0;
};

SegFilter seg_filter(const Segment& s, const Filter& f) {
  SegFilter sf;
  sf.from = f.from;
  sf.to = f.to;
  auto make = [&](const std::string& want, bool equal, std::vector<uint8_t>& ok) {
    if (want.empty()) return;
    ok.assign(s.pool_size(), 0);
    for (uint32_t i = 0; i < s.pool_size(); ++i) {
      const std::string_view p = s.pool(i);
      ok[i] = equal ? p == want : p.find(want) != std::string_view::npos;
    }
  };
  make(f.kind, true, sf.kind_ok);
  make(f.issuer, false, sf.issuer_ok);
  make(f.signer, false, sf.signer_ok);
  sf.any = !sf.kind_ok.empty() || !sf.issuer_ok.empty() || !sf.signer_ok.empty() || f.from || f.to;
  return sf;
}

inline bool passes(const Segment& s, const SegFilter& f, uint32_t d) {
  if (!f.any) return true;
  if (!f.kind_ok.empty() && !f.kind_ok[s.kinds()[d]]) return false;
  if (!f.issuer_ok.empty() && !f.issuer_ok[s.issuers()[d]]) return false;
  if (!f.signer_ok.empty() && !f.signer_ok[s.signers()[d]]) return false;
  const uint32_t date = s.dates()[d];
  if (f.from && date < f.from) return false;
  if (f.to && (date > f.to || date == 0)) return false;
  return true;
}

// The dense-term passes, built for AVX2 too where the compiler can choose at run time.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define VANTHU_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VANTHU_CLONES
#endif

VANTHU_CLONES void dense_required(uint32_t* acc, uint8_t* cnt, const uint8_t* p, uint32_t len,
                                  uint32_t w) {
  for (uint32_t i = 0; i < len; ++i) {
    acc[i] += w * p[i];
    cnt[i] += p[i] != 0;
  }
}

VANTHU_CLONES void dense_scored(uint32_t* acc, const uint8_t* p, uint32_t len, uint32_t w) {
  for (uint32_t i = 0; i < len; ++i) acc[i] += w * p[i];
}

VANTHU_CLONES void dense_exact(uint32_t* acc, uint8_t* tier, const uint8_t* p, uint32_t len,
                               uint32_t w) {
  for (uint32_t i = 0; i < len; ++i) {
    acc[i] += w * p[i];
    tier[i] += p[i] != 0;
  }
}

VANTHU_CLONES void dense_own(uint8_t* tier, const uint8_t* p, uint32_t len) {
  for (uint32_t i = 0; i < len; ++i) tier[i] += (p[i] != 0) * 64;
}

VANTHU_CLONES uint32_t count_equal(const uint8_t* cnt, uint32_t len, uint8_t need) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < len; ++i) n += cnt[i] == need;
  return n;
}

struct Scratch {
  std::vector<uint32_t> acc;
  std::vector<uint8_t> cnt, tier;
  std::vector<uint32_t> cand;
  std::vector<uint32_t> cacc;
  std::vector<uint8_t> ccnt, ctier;
};

// Runs the query on one segment.
void run_segment(const Segment& s, const std::vector<uint8_t>& dead, std::vector<SegTerm>& terms,
                 std::size_t nreq, const SegFilter& filter, bool by_date, TopK& top, int64_t& total,
                 Scratch& sc) {
  const uint32_t n = s.docs();
  for (auto& t : terms) {
    t.cur = Cursor{};
    if (!t.e.dense) {
      t.cur.p = s.postings(t.e);
      t.cur.end = t.cur.p + t.e.post_len;
      t.cur.limit = n;
      t.cur.next();
    }
  }
  auto emit = [&](uint32_t d, uint32_t acc, uint8_t tier) {
    if (!dead.empty() && dead[d]) return;
    if (!passes(s, filter, d)) return;
    ++total;
    const uint64_t a = by_date ? s.dates()[d] : (uint64_t(tier) << 32 | acc);
    if (!top.may_enter(a)) return;
    top.push(Cand{a, by_date ? 0u : s.dates()[d], s.ids()[d], acc, tier});
  };
  SegTerm& driver = terms[0];
  sc.acc.resize(kWindow);
  sc.cnt.resize(kWindow);
  sc.tier.resize(kWindow);
  for (uint32_t lo = 0; lo < n; lo += kWindow) {
    const uint32_t hi = std::min<uint32_t>(n, lo + kWindow);
    const uint32_t len = hi - lo;
    // Candidate mode: the rarest required term is sparse and has few documents here.
    if (!driver.e.dense) {
      while (driver.cur.doc < lo) driver.cur.next();
      sc.cand.clear();
      sc.cacc.clear();
      while (driver.cur.doc < hi) {
        sc.cand.push_back(static_cast<uint32_t>(driver.cur.doc));
        sc.cacc.push_back(driver.weight * driver.cur.imp);
        driver.cur.next();
      }
      if (sc.cand.empty()) continue;
      if (sc.cand.size() * 16 < len) {
        const std::size_t m = sc.cand.size();
        sc.ccnt.assign(m, 1);
        sc.ctier.assign(m, 0);
        for (std::size_t ti = 1; ti < terms.size(); ++ti) {
          SegTerm& t = terms[ti];
          auto apply = [&](std::size_t j, uint8_t v) {
            switch (t.role) {
              case Role::kRequired:
                sc.cacc[j] += t.weight * v;
                sc.ccnt[j] += 1;
                break;
              case Role::kScored:
                sc.cacc[j] += t.weight * v;
                break;
              case Role::kExact:
                sc.cacc[j] += t.weight * v;
                sc.ctier[j] += 1;
                break;
              case Role::kOwn:
                sc.ctier[j] += 64;
                break;
            }
          };
          if (t.e.dense) {
            const uint8_t* p = s.postings(t.e);
            for (std::size_t j = 0; j < m; ++j)
              if (const uint8_t v = p[sc.cand[j]]) apply(j, v);
          } else {
            std::size_t j = 0;
            while (t.cur.doc < lo) t.cur.next();
            while (t.cur.doc < hi && j < m) {
              if (t.cur.doc < sc.cand[j]) {
                t.cur.next();
              } else if (t.cur.doc > sc.cand[j]) {
                ++j;
              } else {
                apply(j, t.cur.imp);
                t.cur.next();
                ++j;
              }
            }
          }
        }
        for (std::size_t j = 0; j < m; ++j)
          if (sc.ccnt[j] == nreq) emit(sc.cand[j], sc.cacc[j], sc.ctier[j]);
        continue;
      }
      // Many candidates: fall through to the window pass, the driver first.
      std::fill_n(sc.acc.begin(), len, 0u);
      std::fill_n(sc.cnt.begin(), len, uint8_t{0});
      std::fill_n(sc.tier.begin(), len, uint8_t{0});
      for (std::size_t j = 0; j < sc.cand.size(); ++j) {
        sc.acc[sc.cand[j] - lo] = sc.cacc[j];
        sc.cnt[sc.cand[j] - lo] = 1;
      }
    } else {
      std::fill_n(sc.acc.begin(), len, 0u);
      std::fill_n(sc.cnt.begin(), len, uint8_t{0});
      std::fill_n(sc.tier.begin(), len, uint8_t{0});
    }
    uint32_t* acc = sc.acc.data();
    uint8_t* cnt = sc.cnt.data();
    uint8_t* tier = sc.tier.data();
    for (std::size_t ti = driver.e.dense ? 0 : 1; ti < terms.size(); ++ti) {
      SegTerm& t = terms[ti];
      const uint32_t w = t.weight;
      if (t.e.dense) {
        const uint8_t* p = s.postings(t.e) + lo;
        switch (t.role) {
          case Role::kRequired:
            dense_required(acc, cnt, p, len, w);
            break;
          case Role::kScored:
            dense_scored(acc, p, len, w);
            break;
          case Role::kExact:
            dense_exact(acc, tier, p, len, w);
            break;
          case Role::kOwn:
            dense_own(tier, p, len);
            break;
        }
      } else {
        while (t.cur.doc < lo) t.cur.next();
        for (; t.cur.doc < hi; t.cur.next()) {
          const auto i = static_cast<uint32_t>(t.cur.doc - lo);
          switch (t.role) {
            case Role::kRequired:
              acc[i] += w * t.cur.imp;
              cnt[i] += 1;
              break;
            case Role::kScored:
              acc[i] += w * t.cur.imp;
              break;
            case Role::kExact:
              acc[i] += w * t.cur.imp;
              tier[i] += 1;
              break;
            case Role::kOwn:
              tier[i] += 64;
              break;
          }
        }
      }
    }
    const auto need = static_cast<uint8_t>(nreq);
    if (!dead.empty() || filter.any) {
      for (uint32_t i = 0; i < len; ++i)
        if (cnt[i] == need) emit(lo + i, acc[i], tier[i]);
      continue;
    }
    // No filter and nothing hidden: count the matches in one vectorised pass, then look only at
    // the documents that beat the k-th best so far.
    total += count_equal(cnt, len, need);
    uint64_t theta = top.threshold();
    const uint32_t* dates = s.dates() + lo;
    for (uint32_t i = 0; i < len; ++i) {
      if (cnt[i] != need) continue;
      const uint64_t a = by_date ? dates[i] : (uint64_t(tier[i]) << 32 | acc[i]);
      if (a < theta) continue;
      top.push(Cand{a, by_date ? 0u : dates[i], s.ids()[lo + i], acc[i], tier[i]});
      theta = top.threshold();
    }
  }
}

}  // namespace

Result TextIndex::search(Catalog& db, const Query& q, const Filter& f, bool by_date,
                         std::size_t offset, std::size_t limit) {
  auto snap = refresh(db);
  Result r;
  // Terms, each once, with its role (a required term is also scored).
  std::vector<Term> terms;
  std::set<std::string> seen;
  auto add = [&](const std::vector<std::string>& v, Role role) {
    for (const auto& t : v)
      if (!t.empty() && seen.insert(t).second) terms.push_back({t, role, 0});
  };
  add(q.required, Role::kRequired);
  add(q.own, Role::kOwn);
  add(q.exact, Role::kExact);
  add(q.scored, Role::kScored);
  std::size_t nreq = 0;
  for (const auto& t : terms) nreq += t.role == Role::kRequired;
  if (nreq == 0 || nreq > 250) return r;

  double N = 0;
  for (const auto& s : snap->segs) N += s->docs();
  for (auto& t : terms) {
    double df = 0;
    for (const auto& s : snap->segs)
      if (const auto e = s->find(t.text)) df += e->df;
    if (t.role == Role::kRequired && df == 0) return r;
    const double idf = std::log(1 + (N - df + 0.5) / (df + 0.5));
    t.weight = static_cast<uint32_t>(std::clamp(std::lround(idf * 64), 1L, 1023L));
  }

  TopK top(offset + limit);
  Scratch sc;
  for (std::size_t si = 0; si < snap->segs.size(); ++si) {
    const Segment& s = *snap->segs[si];
    std::vector<SegTerm> st;
    bool missing = false;
    for (const auto& t : terms) {
      const auto e = s.find(t.text);
      if (!e) {
        if (t.role == Role::kRequired) missing = true;
        continue;
      }
      st.push_back({*e, t.role, t.weight, {}});
    }
    if (missing) continue;
    // The rarest required term drives; the others follow in any order.
    std::stable_sort(st.begin(), st.end(), [](const SegTerm& a, const SegTerm& b) {
      const bool ra = a.role == Role::kRequired, rb = b.role == Role::kRequired;
      if (ra != rb) return ra;
      return ra && a.e.df < b.e.df;
    });
    run_segment(s, snap->dead[si], st, nreq, seg_filter(s, f), by_date, top, r.total, sc);
  }
  const double scale = 64.0 * 255.0 / (kBm25K1 + 1);
  const std::vector<Cand> all = top.sorted();
  for (std::size_t i = offset; i < all.size(); ++i) {
    const Cand& c = all[i];
    Hit h;
    h.id = c.id;
    h.score = (c.tier >= 64 ? 1e7 : 0) + (c.tier % 64) * 1e4 + c.acc / scale;
    r.hits.push_back(h);
  }
  return r;
}

}  // namespace vanthu::archive::engine
