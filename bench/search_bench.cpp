// Archive ingest and search on the peers' synthetic corpus and 300-query mix
// (../shared/peers/search: gen_corpus.py, queries.py), printed as figures, not checked.
//
//   search_bench --corpus DATA/corpus-N.jsonl --queries DATA/queries.json --archive DIR
//                [--skip-build] [--json OUT.json]
//
// Build: a new archive in DIR; every document is catalogued with its text through
// Store::add_document (catalog row, text row, change log; 10,000 per transaction, as a batch
// import commits). Meanwhile a second thread, on its own connection, writes the index every
// --sync-every committed documents (TextIndex::sync, which reads the committed documents back
// from the catalog and analyses them on all cores), and once more at the end. No PDF is stored
// (the corpus has none): the figures are for the catalog and the index, wall time from the first
// document read to the last segment written. --sync-every 0: index only at the end.
// Queries: each query through archive::search, the whole path a user gets (parse, index, top 20
// by relevance, exact total, metadata of the 20 hits, snippets), twice; the second pass is timed.
// Filters: the mix's kind + year become --kind and --from/--to of that year.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "archive/archive.h"
#include "archive/engine/text_index.h"
#include "archive/search.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double k = (v.size() - 1) * p / 100.0;
  const auto lo = static_cast<std::size_t>(k);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (k - lo);
}

uint64_t dir_bytes(const fs::path& p) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  return n;
}

long peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, queries, dir, json_out;
  bool skip_build = false;
  std::size_t sync_every = 125000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--corpus")
      corpus = next();
    else if (a == "--queries")
      queries = next();
    else if (a == "--archive")
      dir = next();
    else if (a == "--json")
      json_out = next();
    else if (a == "--sync-every")
      sync_every = std::stoul(next());
    else if (a == "--skip-build")
      skip_build = true;
    else {
      std::cerr << "usage: search_bench --corpus FILE --queries FILE --archive DIR [--skip-build] "
                   "[--json OUT]\n";
      return 2;
    }
  }
  if (queries.empty() || dir.empty() || (corpus.empty() && !skip_build)) {
    std::cerr << "search_bench: --corpus, --queries and --archive are needed\n";
    return 2;
  }
  json report;
  uint64_t text_bytes = 0;
  std::size_t docs = 0;
  if (!skip_build) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    vanthu::archive::Archive a(dir, /*create=*/true);
    std::ifstream in(corpus);
    if (!in) {
      std::cerr << "cannot read " << corpus << "\n";
      return 2;
    }
    const auto t0 = Clock::now();
    double parse_s = 0, sync_busy_s = 0;
    std::string line;
    auto& db = a.catalog();
    // The indexing thread.
    std::mutex mu;
    std::condition_variable cv;
    std::size_t committed = 0;
    bool loaded = false;
    int syncs = 0;
    std::thread indexer([&] {
      vanthu::archive::Archive b(dir, /*create=*/false);
      auto index = vanthu::archive::engine::TextIndex::of(b.catalog());
      std::size_t done = 0;
      for (;;) {
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return loaded || (sync_every && committed >= done + sync_every); });
          if (loaded && committed == done) break;
          done = committed;
        }
        const auto ts = Clock::now();
        index->sync(b.catalog());
        sync_busy_s += since(ts);
        ++syncs;
      }
    });
    db.exec("BEGIN IMMEDIATE");
    while (std::getline(in, line)) {
      const auto tp = Clock::now();
      const json j = json::parse(line);
      const json& m = j.at("meta");
      vanthu::archive::DocumentRecord r;
      r.kind = m.at("kind").get<std::string>();
      r.number = m.at("number").get<int64_t>();
      r.symbol = m.at("symbol").get<std::string>();
      r.issuer = m.at("issuer_name").get<std::string>();
      r.issuer_code = m.at("issuer_code").get<std::string>();
      r.date = m.at("date").get<std::string>();
      r.signer = m.at("signer").get<std::string>();
      r.place = m.at("place").get<std::string>();
      r.source = "imported";
      r.imported_at = "2026-12-06T00:00:00Z";
      r.profile = "dang";
      char sha[65];
      std::snprintf(sha, sizeof sha, "%064llx", static_cast<unsigned long long>(docs + 1));
      r.sha256 = sha;
      const std::string text = j.at("text").get<std::string>();
      parse_s += since(tp);
      text_bytes += text.size();
      a.store().add_document(r, text);
      if (++docs % 10000 == 0) {
        db.exec("COMMIT");
        {
          std::lock_guard lock(mu);
          committed = docs;
        }
        cv.notify_all();
        db.exec("BEGIN IMMEDIATE");
        std::cerr << "\rcatalogued " << docs << std::flush;
      }
    }
    db.exec("COMMIT");
    const double load_s = since(t0);
    std::cerr << "\rcatalogued " << docs << "; indexing the rest…\n";
    const auto t1 = Clock::now();
    {
      std::lock_guard lock(mu);
      committed = docs;
      loaded = true;
    }
    cv.notify_all();
    indexer.join();
    const double index_s = since(t1);
    const double total_s = since(t0);
    auto index = vanthu::archive::engine::TextIndex::of(db);
    const auto st = index->stats(db);
    const uint64_t index_bytes = dir_bytes(fs::path(dir) / "index");
    const uint64_t catalog_bytes = fs::file_size(fs::path(dir) / "catalog.sqlite");
    report["build"] = {
        {"documents", docs},
        {"text_bytes", text_bytes},
        {"catalog_s", load_s},
        {"json_parse_s", parse_s},
        {"index_after_load_s", index_s},
        {"sync_busy_s", sync_busy_s},
        {"syncs", syncs},
        {"total_s", total_s},
        {"docs_per_s_total", docs / total_s},
        {"docs_per_s_total_without_json", docs / (total_s - parse_s)},
        {"index_bytes", index_bytes},
        {"index_to_text", double(index_bytes) / double(text_bytes)},
        {"catalog_bytes", catalog_bytes},
        {"segments", st.segments},
        {"peak_rss_mb", peak_rss_mb()},
    };
    std::printf(
        "build: %zu documents, %.1f MB text\n"
        "  catalog (rows + text + change log): %.1f s (JSON parsing %.1f s of it)\n"
        "  index: %d syncs busy %.1f s in all, %.1f s after the catalog was loaded\n"
        "  ingest: %.1f s = %.0f docs/s; without JSON parsing %.0f docs/s\n"
        "  index on disk %.1f MB = %.2f x the raw text; catalog %.1f MB; %zu segments; peak RSS "
        "%ld MB\n",
        docs, text_bytes / 1e6, load_s, parse_s, syncs, sync_busy_s, index_s, total_s,
        docs / total_s, docs / (total_s - parse_s), index_bytes / 1e6,
        double(index_bytes) / double(text_bytes), catalog_bytes / 1e6, st.segments, peak_rss_mb());
  }

  // ---- queries ----
  vanthu::archive::Archive a(dir, /*create=*/false);
  std::ifstream qin(queries);
  const json qs = json::parse(qin).at("queries");
  struct Row {
    std::string cls, q;
    double ms = 0, index_ms = 0;
    int64_t total = 0;
  };
  std::vector<Row> rows;
  auto run = [&](bool timed) {
    for (const auto& q : qs) {
      vanthu::archive::SearchRequest req;
      req.query = q.at("q").get<std::string>();
      req.limit = 20;
      if (!q.at("filter").is_null()) {
        req.kind = q["filter"].at("kind").get<std::string>();
        const std::string y = std::to_string(q["filter"].at("year").get<int>());
        req.date_from = y;
        req.date_to = y;
      }
      const auto t0 = Clock::now();
      const auto r = vanthu::archive::search(a.catalog(), a.store(), req);
      const double ms = since(t0) * 1000;
      if (timed)
        rows.push_back({q.at("class").get<std::string>(), req.query, ms, r.index_ms, r.total});
    }
  };
  const auto tq = Clock::now();
  run(false);
  const double first_pass = since(tq);
  run(true);
  std::map<std::string, std::vector<double>> by_class;
  std::map<std::string, std::vector<double>> totals;
  std::vector<double> all, all_index;
  std::map<std::string, std::vector<double>> index_by_class;
  for (const auto& r : rows) {
    by_class[r.cls].push_back(r.ms);
    index_by_class[r.cls].push_back(r.index_ms);
    totals[r.cls].push_back(double(r.total));
    all.push_back(r.ms);
    all_index.push_back(r.index_ms);
  }
  std::printf("queries: %zu, first pass %.2f s (includes loading the index)\n", rows.size(),
              first_pass);
  std::printf("  all      p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms\n", pct(all, 50),
              pct(all, 95), pct(all, 99), pct(all, 100));
  std::printf("  index only (matching, ranking, exact count; no metadata or snippets):\n");
  std::printf("  all      p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms\n", pct(all_index, 50),
              pct(all_index, 95), pct(all_index, 99), pct(all_index, 100));
  for (const auto& [c, v] : index_by_class)
    std::printf("  %-8s p50 %7.2f  p95 %7.2f  max %7.2f ms\n", c.c_str(), pct(v, 50),
                pct(v, 95), pct(v, 100));
  std::printf("  whole search (parse, index, metadata and snippets of the 20 hits):\n");
  json cls = json::object();
  for (const auto& [c, v] : by_class) {
    std::printf("  %-8s p50 %7.2f  p95 %7.2f  max %7.2f ms  (n %zu, median matches %.0f)\n",
                c.c_str(), pct(v, 50), pct(v, 95), pct(v, 100), v.size(), pct(totals[c], 50));
    cls[c] = {{"n", v.size()},
              {"p50_ms", pct(v, 50)},
              {"p95_ms", pct(v, 95)},
              {"max_ms", pct(v, 100)},
              {"median_matches", pct(totals[c], 50)}};
  }
  std::vector<Row> slow = rows;
  std::sort(slow.begin(), slow.end(), [](const Row& x, const Row& y) { return x.ms > y.ms; });
  std::printf("  slowest:");
  for (std::size_t i = 0; i < 5 && i < slow.size(); ++i)
    std::printf(" [%s %s %.1f ms]", slow[i].cls.c_str(), slow[i].q.c_str(), slow[i].ms);
  std::printf("\n  peak RSS %ld MB\n", peak_rss_mb());
  report["index_only"] = {{"p50_ms", pct(all_index, 50)},
                          {"p95_ms", pct(all_index, 95)},
                          {"p99_ms", pct(all_index, 99)},
                          {"max_ms", pct(all_index, 100)}};
  report["queries"] = {{"n", rows.size()},        {"p50_ms", pct(all, 50)},
                       {"p95_ms", pct(all, 95)},  {"p99_ms", pct(all, 99)},
                       {"max_ms", pct(all, 100)}, {"classes", cls}};
  if (!json_out.empty()) std::ofstream(json_out) << report.dump(1) << "\n";
  return 0;
}
