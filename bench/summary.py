#!/usr/bin/env python3
"""Summary tables for bench/run.sh (Markdown on standard output).

usage: python3 bench/summary.py OUT_DIR PEERS_RESULTS.jsonl|"" "000 002"

Reads OUT_DIR/render_bench.txt (RESULT lines), OUT_DIR/cli/DOC.json (hyperfine's JSON, or the
same shape from run.sh's loop) and DOC.time.txt (/usr/bin/time -v), the peers' results.jsonl,
and OUT_DIR/paired/{cold,warm}-DOC.json (bench/paired.py). Python 3 standard library only.
"""
import json
import os
import re
import sys


def f(x, spec="%.1f"):
    return "—" if x is None else spec % x


def main():
    out, peers_path, docs = sys.argv[1], sys.argv[2], sys.argv[3].split()

    inproc = {}
    for line in open(os.path.join(out, "render_bench.txt"), encoding="utf-8"):
        if line.startswith("RESULT "):
            kv = dict(p.split("=", 1) for p in line.split()[1:])
            inproc[kv["doc"].split(".")[0]] = kv
    cli = {}
    for d in docs:
        j = json.load(open(os.path.join(out, "cli", d + ".json")))["results"][0]
        rss = None
        tpath = os.path.join(out, "cli", d + ".time.txt")
        if os.path.exists(tpath):
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(tpath).read())
            rss = int(m.group(1)) / 1024.0 if m else None
        cpu = (j["user"] + j["system"]) * 1e3 if "user" in j and "system" in j else None  # hyperfine: means
        cli[d] = {"median_ms": j["median"] * 1e3, "cpu_ms": cpu, "rss_mib": rss}
    peers = []
    if peers_path and os.path.exists(peers_path):
        peers = [json.loads(line) for line in open(peers_path, encoding="utf-8") if line.strip()]
    paired = {}
    for d in docs:
        for kind in ("cold", "warm"):
            p = os.path.join(out, "paired", "%s-%s.json" % (kind, d))
            paired[kind, d] = json.load(open(p))["tools"] if os.path.exists(p) else {}

    reuse = all(r.get("reuse", "1") == "1" for r in inproc.values())
    print("Separate runs, not paired (vanthu: render_bench and hyperfine; peers: their run.sh):")
    if not reuse:
        print("(render_bench measured a FRESH Renderer per render: a reused one failed; see render_bench.txt)")
    print()
    print("| tool | doc | pages | in one process: ms/doc (CPU ms) | docs/s | whole process: ms (CPU ms) "
          "| peak RSS MiB: one doc / many in one process | PDF KiB |")
    print("|---|---|---|---|---|---|---|---|")
    for d in docs:
        r, c = inproc.get(d), cli[d]
        if r:
            print("| vanthu | %s | %s | %s (%s) | %s | %s (%s) | %s / %s | %s |" % (
                d, r["pages"], f(float(r["median_ms"])), f(r.get("cpu_ms") and float(r["cpu_ms"])),
                f(float(r["docs_per_s"])), f(c["median_ms"]), f(c["cpu_ms"]), f(c["rss_mib"]),
                f(int(r["peak_rss_kib"]) / 1024.0), f(int(r["bytes"]) / 1024.0)))
    for p in peers:
        if p.get("doc") in docs:
            cold, warm, wdps = p.get("cold"), p.get("warm"), p.get("warm_docs_per_s")
            wcpu = warm and p.get("warm_docs") and warm["cpu_ms"]["median"] / p["warm_docs"]
            print("| %s | %s | %s | %s (%s) | %s | %s (%s) | %s / %s | %s |" % (
                p["peer"], p["doc"], f(p.get("pages"), "%d"), f(wdps and 1000.0 / wdps), f(wcpu), f(wdps),
                f(cold and cold["wall_ms"]["median"]), f(cold and cold["cpu_ms"]["median"]),
                f(cold and cold["peak_mb"]["median"]), f(warm and warm["peak_mb"]["median"]),
                f(p.get("pdf_kb"))))
    for p in peers:
        if p.get("doc") == "-":
            print("\n%s: %s" % (p["peer"], p.get("note", "")))
    print()
    print("vanthu: in one process = render_bench (median wall; CPU = thread CPU time), whole process =")
    print("hyperfine median (CPU = mean user+system); RSS: one doc from /usr/bin/time -v, many from")
    print("render_bench's ru_maxrss. Peers (their tools/bench.py): in one process = 1000 / warm docs/s")
    print("(CPU = warm CPU / docs); whole process = cold median; RSS from wait4.")

    def ratio(s, cpu=False):
        k = "cpu_ratio_to_ref_" if cpu else "ratio_to_ref_"
        if not s or s.get(k + "median") is None:
            return "—"
        return "%.2f (%.2f-%.2f)" % (s[k + "median"], s[k + "min"], s[k + "max"])

    def ms(s):
        if not s:
            return "—"
        return "%s (%s)" % (f(s["ms_median"]), f(s.get("cpu_ms_median")))

    print()
    print("Paired rounds (interleaved; ms per document; ratio = tool / vanthu: median (min-max) over rounds):")
    print()
    print("| tool | doc | cold: whole process ms (CPU ms) | cold ratio, wall | cold ratio, CPU "
          "| warm: ms/doc in one process (CPU ms) | warm ratio, wall | warm ratio, CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for d in docs:
        cold, warm = paired["cold", d], paired["warm", d]
        for name in dict.fromkeys(list(cold) + list(warm)):
            c, w = cold.get(name), warm.get(name)
            print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name, d, ms(c), ratio(c), ratio(c, True), ms(w), ratio(w), ratio(w, True)))
    print()
    print("(paired.py's peak RSS figures are in paired/*.json; a Python-spawned child's ru_maxrss")
    print("includes the forked interpreter, ~15 MiB, so they are floors, not used for vanthu.)")


if __name__ == "__main__":
    main()
