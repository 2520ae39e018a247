#!/usr/bin/env bash
# bench/search_run.sh: the archive's ingest and search on the peers' synthetic corpus and
# 300-query mix, and the peer engines (SQLite FTS5, Xapian, Lucene++) on the same work, one after
# the other in one session, then the summary tables (bench/search_summary.py).
#
#   bench/search_run.sh                 # N = 100,000 and 1,000,000
#   bench/search_run.sh 100000          # one size
#   PEERS=none bench/search_run.sh      # vanthu only
#
# Environment: PEERS_DIR (default ../shared/peers/search), WORK (a writable copy of it and the
# data, default /tmp/vanthu-search-bench; the 1 M run needs ~25 GB there: corpus 2.7 GB, vanthu's
# archive 4 GB, the peers' indexes and FTS5's copy of the text), BUILD_DIR (default build-bench).
# Not part of CI. Needs the peers' Debian packages (see their README: python3-xapian,
# liblucene++-dev, libboost-dev, hunspell-vi) and Debian's own python3 for Xapian.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS_DIR="${PEERS_DIR:-$ROOT/../shared/peers/search}"
WORK="${WORK:-/tmp/vanthu-search-bench}"
BUILD="${BUILD_DIR:-$ROOT/build-bench}"
PEERS="${PEERS:-fts5 xapian lucene}"
NS="${*:-100000 1000000}"

echo "free disk in $(dirname "$WORK"):"; df -h "$(dirname "$WORK")" | tail -1
mkdir -p "$WORK"
[ -f "$WORK/gen_corpus.py" ] || cp -r "$PEERS_DIR"/. "$WORK"/
mkdir -p "$WORK/data"

# Release, but at -O2: GCC 12 at -O3 reports a false -Wrestrict in std::string code.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" -DVANTHU_BUILD_BENCH=ON -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target search_bench vanthu

cd "$WORK"
/usr/bin/python3 queries.py
for n in $NS; do
  [ -f "data/corpus-$n.jsonl" ] || /usr/bin/python3 gen_corpus.py -n "$n"
  echo "== vanthu, N=$n"
  "$BUILD/bench/search_bench" --corpus "data/corpus-$n.jsonl" --queries data/queries.json \
    --archive "$WORK/vanthu-$n" --sync-every $((n / 4)) --json "data/result-vanthu-$n.json" \
    2>/dev/null | tee "data/vanthu-$n.log"
  /usr/bin/time -v "$BUILD/app/vanthu" index rebuild --archive "$WORK/vanthu-$n" \
    2> "data/vanthu-rebuild-$n.time" | tee "data/vanthu-rebuild-$n.log"
  grep -E "Maximum resident" "data/vanthu-rebuild-$n.time" || true
  "$BUILD/bench/search_bench" --skip-build --queries data/queries.json \
    --archive "$WORK/vanthu-$n" --json "data/result-vanthu-q-$n.json" | tee "data/vanthu-q-$n.log"
  for p in $PEERS; do
    case "$p" in
      fts5) /usr/bin/python3 bench_fts5.py -n "$n" > "data/fts5-$n.log" 2>&1 ;;
      xapian) /usr/bin/python3 bench_xapian.py -n "$n" > "data/xapian-$n.log" 2>&1 ;;
      lucene)
        if [ ! -x lucene/build/bench_lucene ]; then
          mkdir -p lucene/build
          g++ -std=c++17 -O2 -o lucene/build/bench_lucene lucene/bench_lucene.cpp \
            $(pkg-config --cflags --libs liblucene++)
        fi
        lucene/build/bench_lucene "$n" > "data/lucene-$n.log" 2>&1 ;;
      none) ;;
    esac
  done
done
python3 "$ROOT/bench/search_summary.py" "$WORK/data" $NS | tee "$WORK/data/summary.md"
