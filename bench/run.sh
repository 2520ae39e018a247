#!/usr/bin/env bash
# bench/run.sh: vanthu's rendering benchmark, and the peer tools on the same documents, in one
# session. Results and the figures behind docs/benchmarks.md:
#
#   1. builds build-bench/ (Release, -DVANTHU_BUILD_BENCH=ON) and runs bench/render_bench
#      (in-process: one Renderer reused, RUNS renders per document, stage split, peak RSS;
#      it falls back to a fresh Renderer per render, and says so, if reuse fails);
#   2. times the `vanthu render` command end to end for seeds 000 and 002: hyperfine when
#      installed, else a loop taking the median wall time of CLI_RUNS runs; peak RSS from
#      /usr/bin/time -v;
#   3. runs the peers (Typst, LibreOffice, XeLaTeX) from $PEERS_DIR on the same documents, on a
#      copy of that folder (it may not be writable); a peer that is not installed is skipped;
#   4. paired rounds (bench/paired.py): vanthu and each installed peer run interleaved, one
#      document per process (cold) and many per process (warm), so that the ratios
#      peer / vanthu (wall and CPU time) hold on a noisy machine;
#   5. prints the summary tables (bench/summary.py) and writes them to $BENCH_OUT/summary.md.
#
# Environment: RUNS, CLI_RUNS, HYPERFINE, PEERS_DIR, PEERS, PEER_RUNS, PEER_WARM_RUNS,
# PAIRED_ROUNDS, PAIRED_WARM_ROUNDS, PAIRED_WARM_DOCS, BUILD_DIR, BENCH_OUT (defaults below).
#
#   bench/run.sh
#   RUNS=500 CLI_RUNS=50 bench/run.sh
#   PEERS_DIR=/tmp/peers PEER_RUNS=10 PEER_WARM_RUNS=5 bench/run.sh
#   PEERS=typst bench/run.sh        # a subset of peers; PEERS=none skips them
#
# Needs: cmake, ninja, a C++20 compiler and the project's libraries (scripts/install-deps),
# python3; optional: hyperfine, /usr/bin/time (Debian package `time`), and the peers' tools
# (see $PEERS_DIR/README.md: node + npm, libreoffice-writer-nogui, texlive-xetex, poppler-utils,
# fonts-liberation2). Nothing is installed system-wide by this script; it only runs
# `npm install` inside its private copy of the peers folder when Typst's package is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build-bench}"
OUT="${BENCH_OUT:-$BUILD/bench-out}"
RUNS="${RUNS:-200}"              # render_bench: timed renders per document
CLI_RUNS="${CLI_RUNS:-30}"       # whole-process runs of `vanthu render` per document
HYPERFINE="${HYPERFINE:-hyperfine}"  # HYPERFINE=none: use the plain loop
PEERS_DIR="${PEERS_DIR:-/work/shared/peers}"
PEERS="${PEERS:-typst libreoffice xelatex}"
PEER_RUNS="${PEER_RUNS:-10}"           # the peers' cold runs (their run.sh's RUNS)
PEER_WARM_RUNS="${PEER_WARM_RUNS:-5}"  # the peers' warm runs (their run.sh's WARM_RUNS)
DOCS="000 002"
SEEDS="$ROOT/tests/data/seeds"

rm -rf "$OUT"
mkdir -p "$OUT/cli"

say() { printf '\n== %s\n' "$*"; }

say "machine"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')"
  echo "memory: $(grep -m1 '^MemTotal' /proc/meminfo | sed 's/^[^:]*: *//')"
  echo "kernel: $(uname -srm)"
  echo "os: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
  echo "compiler: $(c++ --version | head -1)"
  echo "loadavg: $(cat /proc/loadavg)"
} | tee "$OUT/machine.txt"

# ------------------------------------------------------------------ build
# Release, but at -O2: GCC 12 at -O3 reports a false -Wrestrict in std::string code
# (generator/diag/diagnostic.cpp), which -Werror turns into a build failure.
say "build ($BUILD)"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" -DVANTHU_BUILD_BENCH=ON -DVANTHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target render_bench vanthu
VANTHU="$BUILD/app/vanthu"

# ------------------------------------------------------------------ in-process
say "in-process: render_bench --runs $RUNS"
"$BUILD/bench/render_bench" --runs "$RUNS" --out "$OUT/inproc" "$SEEDS/000.yaml" "$SEEDS/002.yaml" \
  | tee "$OUT/render_bench.txt"

# ------------------------------------------------------------------ whole process
say "whole process: vanthu render, $CLI_RUNS runs per document"
cli_loop() {  # median wall time of CLI_RUNS runs, written in hyperfine's JSON shape
  local json="$1"; shift
  "$@" >/dev/null 2>&1  # warm-up
  local times=()
  for _ in $(seq "$CLI_RUNS"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
    times+=("$(( t1 - t0 ))")
  done
  python3 - "$json" "${times[@]}" <<'EOF'
import json, statistics, sys
ns = [int(x) for x in sys.argv[2:]]
s = [x / 1e9 for x in ns]
json.dump({"results": [{"median": statistics.median(s), "mean": statistics.mean(s),
                        "min": min(s), "max": max(s), "times": s}],
           "timer": "bash loop"}, open(sys.argv[1], "w"))
print("median %.1f ms (min %.1f, max %.1f) of %d runs" % (
    statistics.median(s) * 1e3, min(s) * 1e3, max(s) * 1e3, len(s)))
EOF
}
for d in $DOCS; do
  cmd=("$VANTHU" render "$SEEDS/$d.yaml" -o "$OUT/cli/$d.pdf")
  echo "command: ${cmd[*]}"
  if command -v "$HYPERFINE" >/dev/null; then
    "$HYPERFINE" -N --warmup 3 --runs "$CLI_RUNS" --export-json "$OUT/cli/$d.json" \
      --command-name "vanthu render $d.yaml" "${cmd[*]}"
  else
    echo "(hyperfine not installed: bash loop, median of $CLI_RUNS)"
    cli_loop "$OUT/cli/$d.json" "${cmd[@]}"
  fi
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "${cmd[@]}" 2> "$OUT/cli/$d.time.txt" >/dev/null
    grep -E 'Maximum resident|Elapsed \(wall' "$OUT/cli/$d.time.txt"
  else
    echo "(/usr/bin/time not installed: no peak RSS; apt-get install time)"
  fi
done

# ------------------------------------------------------------------ peers
PEERS_RESULTS=""
if [ "$PEERS" = none ]; then
  say "peers: skipped (PEERS=none)"
elif [ ! -f "$PEERS_DIR/run.sh" ]; then
  say "peers: skipped ($PEERS_DIR/run.sh not found; set PEERS_DIR)"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  cp -r "$PEERS_DIR" "$WORK/peers"
  say "peers: $PEERS_DIR copied to $WORK/peers; PEERS=\"$PEERS\" RUNS=$PEER_RUNS WARM_RUNS=$PEER_WARM_RUNS"
  if [[ " $PEERS " == *" typst "* ]] && [ ! -d "$WORK/peers/typst/node_modules/@myriaddreamin/typst-ts-node-compiler" ] \
     && command -v npm >/dev/null; then
    (cd "$WORK/peers/typst" && npm install --no-audit --no-fund --loglevel=error) \
      || echo "npm install failed: the peers' run.sh will skip Typst"
  fi
  {
    command -v node >/dev/null && echo "node: $(node --version)"
    [ -f "$WORK/peers/typst/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json" ] &&
      echo "typst-ts-node-compiler: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
        "$WORK/peers/typst/node_modules/@myriaddreamin/typst-ts-node-compiler/package.json")"
    command -v soffice >/dev/null && echo "libreoffice: $(soffice --version 2>/dev/null | head -1)"
    command -v xelatex >/dev/null && echo "xelatex: $(xelatex --version 2>/dev/null | head -1)"
    true
  } | tee "$OUT/peer-versions.txt"
  # The peers' run.sh skips a peer whose tool is missing; its output folder must stay relative.
  (cd "$WORK/peers" && PEERS="$PEERS" RUNS="$PEER_RUNS" WARM_RUNS="$PEER_WARM_RUNS" bash run.sh) \
    | tee "$OUT/peers.txt"
  rm -rf "$OUT/peers-out"
  cp -r "$WORK/peers/out" "$OUT/peers-out"
  PEERS_RESULTS="$OUT/peers-out/results.jsonl"
fi

# ------------------------------------------------------------------ paired rounds
# The machine is shared and noisy, so the ratios come from interleaved rounds: each round runs
# vanthu and every installed peer once, in rotated order (bench/paired.py), and the ratio is the
# median over rounds of peer / vanthu.
#   cold: one process makes one PDF (vanthu render vs the peers' one-document commands);
#   warm: one process makes many (render_bench's median ms per render with one Renderer, vs
#         Typst --repeat N and one soffice run converting N copies, as wall / N).
PAIRED_ROUNDS="${PAIRED_ROUNDS:-10}"
PAIRED_WARM_ROUNDS="${PAIRED_WARM_ROUNDS:-5}"
PAIRED_WARM_DOCS="${PAIRED_WARM_DOCS:-50}"
has_peer() { [[ " $PEERS " == *" $1 "* ]] && [ -n "${WORK:-}" ]; }
say "paired rounds: cold x$PAIRED_ROUNDS, warm x$PAIRED_WARM_ROUNDS ($PAIRED_WARM_DOCS docs per warm run)"
mkdir -p "$OUT/paired"
FONT_DIR=""
command -v fc-match >/dev/null && FONT_DIR="$(dirname "$(fc-match -f '%{file}' 'Liberation Serif:style=Regular')")"
TAB=$'\t'
for d in $DOCS; do
  cold="$OUT/paired/cold-$d.tsv"; warm="$OUT/paired/warm-$d.tsv"; P="${WORK:-}/peers"; T="$OUT/paired/tmp-$d"
  mkdir -p "$T/typst" "$T/lo" "$T/lob" "$T/tex" "$T/copies"
  echo "vanthu${TAB}1${TAB}wall${TAB}${TAB}$VANTHU render $SEEDS/$d.yaml -o $T/vanthu.pdf" > "$cold"
  echo "vanthu${TAB}1${TAB}result:median_ms:cpu_ms${TAB}${TAB}$BUILD/bench/render_bench --runs $PAIRED_WARM_DOCS --warmup 3 $SEEDS/$d.yaml" > "$warm"
  if has_peer typst && [ -d "$P/typst/node_modules/@myriaddreamin/typst-ts-node-compiler" ] && [ -n "$FONT_DIR" ]; then
    echo "typst${TAB}1${TAB}wall${TAB}$P${TAB}node typst/compile.js --font-dir $FONT_DIR typst/doc$d.typ $T/typst/cold.pdf" >> "$cold"
    echo "typst${TAB}$PAIRED_WARM_DOCS${TAB}wall${TAB}$P${TAB}node typst/compile.js --font-dir $FONT_DIR --repeat $PAIRED_WARM_DOCS typst/doc$d.typ $T/typst/warm.pdf" >> "$warm"
  fi
  if has_peer libreoffice && command -v soffice >/dev/null; then
    lo="soffice -env:UserInstallation=file://$P/out/lo-profile --headless --convert-to pdf"
    echo "libreoffice${TAB}1${TAB}wall${TAB}$P${TAB}$lo --outdir $T/lo libreoffice/doc$d.fodt" >> "$cold"
    copies=""
    for i in $(seq -w 1 "$PAIRED_WARM_DOCS"); do
      cp "$P/libreoffice/doc$d.fodt" "$T/copies/doc$d-$i.fodt"; copies+=" $T/copies/doc$d-$i.fodt"
    done
    echo "libreoffice${TAB}$PAIRED_WARM_DOCS${TAB}wall${TAB}$P${TAB}$lo --outdir $T/lob$copies" >> "$warm"
  fi
  if has_peer xelatex && command -v xelatex >/dev/null; then
    echo "xelatex${TAB}1${TAB}wall${TAB}$P${TAB}TEXINPUTS=$P/xelatex: xelatex -interaction=batchmode -halt-on-error -output-directory=$T/tex xelatex/doc$d.tex" >> "$cold"
  fi
  echo "-- $d cold (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$ROOT/bench/paired.py" --rounds "$PAIRED_ROUNDS" --ref vanthu --json "$OUT/paired/cold-$d.json" "$cold" || echo "paired cold run failed for $d"
  echo "-- $d warm (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$ROOT/bench/paired.py" --rounds "$PAIRED_WARM_ROUNDS" --ref vanthu --json "$OUT/paired/warm-$d.json" "$warm" || echo "paired warm run failed for $d"
  rm -rf "$T"
done

# ------------------------------------------------------------------ summary
say "summary (medians; ratios = tool / vanthu from the paired rounds: median and min-max over rounds)"
python3 "$ROOT/bench/summary.py" "$OUT" "$PEERS_RESULTS" "$DOCS" | tee "$OUT/summary.md"
echo
echo "outputs: $OUT (machine.txt, render_bench.txt, cli/, peers.txt, peers-out/, paired/, summary.md)"
