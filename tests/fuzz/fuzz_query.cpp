// libFuzzer target: any bytes as a search query, through the parser and the whole search (index,
// ranking, phrase check, snippets) on a small archive made once per process. The first byte picks
// the order and a filter; the rest is the query. Besides crashes, hangs and sanitizer reports it
// checks the search's contract:
//  - parse_query and search never throw on any query;
//  - at most `limit` hits, no more than the total (unless the total is approximate), each a
//    document of the archive, each once;
//  - in relevance order, scores do not increase; in date order, dates do not increase;
//  - every snippet is valid UTF-8 with balanced highlight markers.
//
// Built as `fuzz_query` (-fsanitize=fuzzer, clang, -DVANTHU_FUZZ=ON) and always as
// `fuzz_query_replay` (replay_main.cpp), which runs a corpus through the same function.
//   build-fuzz/tests/fuzz/fuzz_query -max_len=512 <scratch copy of tests/data/fuzz/query>
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "archive/archive.h"
#include "archive/search.h"
#include "archive/text/fold.h"

namespace {

namespace ar = vanthu::archive;

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "fuzz_query: contract violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

struct Fixture {
  std::string dir;
  std::unique_ptr<ar::Archive> archive;
  std::set<int64_t> ids;

  Fixture() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/vanthu-fuzz-query-XXXXXX";
    if (!mkdtemp(tmpl.data())) fail("mkdtemp");
    dir = tmpl;
    archive = std::make_unique<ar::Archive>(dir, true);
    struct D {
      const char *kind, *symbol, *date, *subject, *signer, *text;
    };
    const D docs[] = {
        {"CT", "15-CT/HU", "2023-05-10", "Về công tác kết nạp đảng viên", "Nguyễn Văn An",
         "Tăng cường kết nạp đảng viên mới; phát triển đảng viên ở cơ sở."},
        {"KH", "07-KH/HU", "2023-06-01", "Kế hoạch thực hiện Chỉ thị số 15-CT/HU", "Trần Thị Bình",
         "Thực hiện Chỉ thị số 15-CT/HU ngày 10/5/2023. Ủy ban, uỷ ban, hoà, hòa."},
        {"QĐ", "12/QĐ-UBND", "2022-01-05", "Quyết định khen thưởng", "Lê Văn Cường",
         "Đang làm việc; đảng; Đặng; đang; kêt nạp Ðảng viên (OCR)."},
        {"TB", "", "", "", "", ""},
        {"BC", "3-BC/TU", "2021-12-31", "Báo cáo tình hình", "Phạm Minh Đức",
         "Báo cáo số 3-BC/TU về phòng, chống thiên tai, lũ quét, sạt lở đất."},
    };
    for (const D& d : docs) {
      ar::DocumentRecord r;
      r.kind = d.kind;
      r.symbol = d.symbol;
      r.issuer = "HUYỆN ỦY SƠN HÀ";
      r.date = d.date;
      r.subject = d.subject;
      r.signer = d.signer;
      r.sha256 = std::string(64, '0');
      r.profile = "dang";
      ar::WriteTransaction txn(archive->catalog());
      ids.insert(archive->store().add_document(r, d.text));
      txn.commit();
    }
  }
  ~Fixture() {
    archive.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

bool valid_utf8(const std::string& s) { return ar::text::sanitize_utf8(s) == s; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static Fixture fx;
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string query(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    (void)ar::parse_query(query);
  } catch (...) {
    fail("parse_query threw", query);
  }
  ar::SearchRequest req;
  req.query = query;
  req.limit = 1 + mode % 4;
  req.offset = (mode >> 2) % 3;
  req.sort = (mode & 0x10) ? ar::SortOrder::kDate : ar::SortOrder::kRelevance;
  if (mode & 0x20) req.kind = "ct";
  if (mode & 0x40) req.date_from = "2022";
  if (mode & 0x80) req.signer = "van";
  req.highlight_open = "[";
  req.highlight_close = "]";
  ar::SearchResult r;
  try {
    r = ar::search(fx.archive->catalog(), fx.archive->store(), req);
  } catch (const std::exception& e) {
    fail("search threw", query + "\n" + e.what());
  }
  if (r.hits.size() > static_cast<std::size_t>(req.limit)) fail("more hits than the limit", query);
  if (!r.total_approximate && static_cast<int64_t>(r.hits.size()) + req.offset > r.total &&
      !r.hits.empty())
    fail("more hits than the total", query);
  std::set<int64_t> seen;
  for (std::size_t i = 0; i < r.hits.size(); ++i) {
    const auto& h = r.hits[i];
    if (!fx.ids.count(h.doc.id) || !seen.insert(h.doc.id).second)
      fail("a hit that is not a document, or twice", query);
    if (i && req.sort == ar::SortOrder::kRelevance && h.score > r.hits[i - 1].score + 1e-9)
      fail("scores increase", query);
    if (i && req.sort == ar::SortOrder::kDate && h.doc.date > r.hits[i - 1].doc.date)
      fail("dates increase", query);
    if (!valid_utf8(h.snippet)) fail("snippet is not UTF-8", query + "\n" + h.snippet);
    int depth = 0;
    for (char c : h.snippet) {
      depth += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (depth < 0 || depth > 1) fail("unbalanced highlight", query + "\n" + h.snippet);
    }
    if (depth != 0) fail("unbalanced highlight", query + "\n" + h.snippet);
  }
  return 0;
}
