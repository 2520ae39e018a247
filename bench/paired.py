#!/usr/bin/env python3
"""Paired, interleaved timing of whole commands, for ratios on a noisy machine.

usage: python3 bench/paired.py --rounds N [--warmup W] --ref NAME --json OUT.json SPEC.tsv

SPEC.tsv has one tool per line, tab-separated:

    NAME  PER  METRIC  CWD  COMMAND

COMMAND is split with shlex (leading VAR=value words set environment variables; no shell).
PER is how many documents one run makes (1 for a cold run; N for a batch or repeat mode).
METRIC is `wall` (ms = whole-process wall time / PER; CPU = the process's user+system time / PER)
or `result:KEY:CPUKEY` (ms and CPU = the values of KEY=... and CPUKEY=... on the command's lines
starting with "RESULT ", e.g. render_bench's median_ms and cpu_ms).

Each round runs every tool once, in an order rotated from round to round, so slow phases of
the machine (other jobs on it) hit all tools alike. After W unmeasured rounds (default 1),
prints per tool the median ms per document, min-max, CPU ms and peak RSS (wait4: the largest
single process the command waited for; a floor of ~15 MiB, the forked interpreter), and the
median over rounds of (tool ms / ref ms), for wall time and for CPU time. On a machine whose
cores are busy with other jobs, the CPU ratio is the steadier one.
Python 3 standard library only.
"""
import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import time


def parse_spec(path):
    tools = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        name, per, metric, cwd, command = line.split("\t", 4)
        words = shlex.split(command)
        env = dict(os.environ)
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        tools.append({"name": name, "per": int(per), "metric": metric, "cwd": cwd or None,
                      "argv": words, "env": env, "command": command})
    return tools


def run_once(tool):
    capture = tool["metric"].startswith("result:")
    t0 = time.perf_counter_ns()
    p = subprocess.Popen(tool["argv"], cwd=tool["cwd"], env=tool["env"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    out = p.stdout.read().decode("utf-8", "replace") if capture else ""
    _, status, ru = os.wait4(p.pid, 0)
    wall_ms = (time.perf_counter_ns() - t0) / 1e6
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        raise SystemExit("paired.py: %s exited with %d: %s" % (tool["name"], rc, tool["command"]))
    proc_cpu_ms = (ru.ru_utime + ru.ru_stime) * 1e3
    if capture:
        def value(key):
            vals = [float(m.group(1)) for line in out.splitlines() if line.startswith("RESULT ")
                    for m in [re.search(r"\b%s=([0-9.]+)" % re.escape(key), line)] if m]
            if not vals:
                raise SystemExit("paired.py: %s printed no RESULT %s=" % (tool["name"], key))
            return statistics.median(vals)
        keys = tool["metric"].split(":")[1:]
        ms = value(keys[0])
        cpu = value(keys[1]) if len(keys) > 1 else None
    else:
        ms = wall_ms / tool["per"]
        cpu = proc_cpu_ms / tool["per"]
    return {"ms": ms, "cpu": cpu, "wall_ms": wall_ms, "cpu_ms": proc_cpu_ms, "peak_mib": ru.ru_maxrss / 1024.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("spec")
    a = ap.parse_args()
    tools = parse_spec(a.spec)
    names = [t["name"] for t in tools]
    if a.ref not in names:
        ap.error("--ref %s is not in the spec" % a.ref)
    runs = {n: [] for n in names}
    for r in range(a.warmup + a.rounds):
        k = r % len(tools)
        for t in tools[k:] + tools[:k]:
            res = run_once(t)
            if r >= a.warmup:
                runs[t["name"]].append(res)

    ref = runs[a.ref]
    summary = {}
    for t in tools:
        rs = runs[t["name"]]
        ms = [x["ms"] for x in rs]
        has_cpu = all(x["cpu"] is not None for x in rs + ref)
        cpu_ratios = [x["cpu"] / y["cpu"] for x, y in zip(rs, ref)] if has_cpu else None
        summary[t["name"]] = {
            "command": t["command"], "per": t["per"], "metric": t["metric"], "rounds": len(rs),
            "ms_median": statistics.median(ms), "ms_min": min(ms), "ms_max": max(ms),
            "cpu_ms_median": statistics.median(x["cpu"] for x in rs) if has_cpu else None,
            "peak_mib_median": statistics.median(x["peak_mib"] for x in rs),
            "ratio_to_ref_median": statistics.median(x["ms"] / y["ms"] for x, y in zip(rs, ref)),
            "ratio_to_ref_min": min(x["ms"] / y["ms"] for x, y in zip(rs, ref)),
            "ratio_to_ref_max": max(x["ms"] / y["ms"] for x, y in zip(rs, ref)),
            "cpu_ratio_to_ref_median": statistics.median(cpu_ratios) if cpu_ratios else None,
            "cpu_ratio_to_ref_min": min(cpu_ratios) if cpu_ratios else None,
            "cpu_ratio_to_ref_max": max(cpu_ratios) if cpu_ratios else None,
        }
    json.dump({"ref": a.ref, "rounds": a.rounds, "tools": summary}, open(a.json, "w"), indent=1)
    print("| tool | ms/doc median (min-max) | CPU ms/doc | peak RSS MiB | ratio to %s: wall, median (min-max) "
          "| CPU ratio, median (min-max) |" % a.ref)
    print("|---|---|---|---|---|---|")
    for n in names:
        s = summary[n]
        cpu = "—" if s["cpu_ms_median"] is None else "%.1f" % s["cpu_ms_median"]
        cpur = "—" if s["cpu_ratio_to_ref_median"] is None else "%.2f (%.2f-%.2f)" % (
            s["cpu_ratio_to_ref_median"], s["cpu_ratio_to_ref_min"], s["cpu_ratio_to_ref_max"])
        print("| %s | %.1f (%.1f-%.1f) | %s | %.1f | %.2f (%.2f-%.2f) | %s |" % (
            n, s["ms_median"], s["ms_min"], s["ms_max"], cpu, s["peak_mib_median"],
            s["ratio_to_ref_median"], s["ratio_to_ref_min"], s["ratio_to_ref_max"], cpur))


if __name__ == "__main__":
    main()
