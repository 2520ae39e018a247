#!/usr/bin/env python3
"""Search benchmark summary: vanthu (bench/search_bench) next to the peers of
../shared/peers/search (SQLite FTS5, Xapian, Lucene++) on the same corpus and query mix.

    bench/search_summary.py DATA_DIR [N ...]

Reads DATA_DIR/result-vanthu-N.json (search_bench --json; query figures may come from a separate
--skip-build run in result-vanthu-q-N.json) and DATA_DIR/result-{fts5,xapian,lucene}-N.json
(the peers' harnesses), prints markdown tables: latency over the 300 queries, per class, build
speed and index size, and the ratios peer / vanthu.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return 0.0
    k = (len(xs) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def peer(data, engine, n):
    path = os.path.join(data, "result-%s-%d.json" % (engine, n))
    if not os.path.exists(path):
        return None
    r = json.load(open(path))
    qs = r["queries"]
    ms = [q["ms"] for q in qs]
    cls = {}
    for q in qs:
        cls.setdefault(q["class"], []).append(q["ms"])
    b = r["build"]
    size = b.get("index_bytes", b.get("fts_index_bytes", 0))
    rate = b.get("docs_per_s_incl_optimize", b.get("docs_per_s_incl_compact", b.get("docs_per_s")))
    return {"p50": pct(ms, 50), "p95": pct(ms, 95), "p99": pct(ms, 99),
            "cls": {c: (pct(v, 50), pct(v, 95), max(v)) for c, v in cls.items()},
            "build": rate, "size": size}


def ours(data, n):
    r = None
    for name in ("result-vanthu-q-%d.json" % n, "result-vanthu-%d.json" % n):
        p = os.path.join(data, name)
        if os.path.exists(p):
            r = json.load(open(p))
            break
    if r is None:
        return None
    b = {}
    p = os.path.join(data, "result-vanthu-%d.json" % n)
    if os.path.exists(p):
        b = json.load(open(p)).get("build", {})
    q = r["queries"]
    return {"p50": q["p50_ms"], "p95": q["p95_ms"], "p99": q["p99_ms"],
            "cls": {c: (v["p50_ms"], v["p95_ms"], v["max_ms"]) for c, v in q["classes"].items()},
            "index": r.get("index_only"), "build": b.get("docs_per_s_total"),
            "size": b.get("index_bytes"), "text": b.get("text_bytes")}


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    data = sys.argv[1]
    ns = [int(x) for x in sys.argv[2:]] or [100000, 1000000]
    for n in ns:
        v = ours(data, n)
        if not v:
            continue
        peers = {e: peer(data, e, n) for e in ("fts5", "xapian", "lucene")}
        print("\n### N = {:,}\n".format(n))
        print("| engine | p50 ms | p95 ms | p99 ms | p50 ratio | p99 ratio | build docs/s | index MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        print("| vanthu (whole search) | %.2f | %.2f | %.2f | 1 | 1 | %s | %s |" % (
            v["p50"], v["p95"], v["p99"], "%.0f" % v["build"] if v["build"] else "–",
            "%.0f" % (v["size"] / 1e6) if v["size"] else "–"))
        if v["index"]:
            i = v["index"]
            print("| vanthu (index only) | %.2f | %.2f | %.2f | | | | |" % (
                i["p50_ms"], i["p95_ms"], i["p99_ms"]))
        for e, p in peers.items():
            if not p:
                continue
            print("| %s | %.2f | %.2f | %.2f | %.1f× | %.1f× | %.0f | %.0f |" % (
                e, p["p50"], p["p95"], p["p99"], p["p50"] / v["p50"], p["p99"] / v["p99"],
                p["build"], p["size"] / 1e6))
        print("\nPer class, p50 / p95 / max ms:\n")
        engines = [("vanthu", v)] + [(e, p) for e, p in peers.items() if p]
        print("| class | " + " | ".join(e for e, _ in engines) + " |")
        print("|---|" + "---|" * len(engines))
        for c in ("common1", "word2", "nomarks", "phrase", "rare", "symbol", "filter"):
            cells = []
            for _, p in engines:
                t = p["cls"].get(c)
                cells.append("%.2f / %.2f / %.2f" % t if t else "–")
            print("| %s | %s |" % (c, " | ".join(cells)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
