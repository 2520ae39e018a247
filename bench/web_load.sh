#!/usr/bin/env bash
# Load test of `vanthu serve` on loopback with wrk (Debian package wrk): the search and the
# preview endpoints under concurrent clients, each for a bounded time. Prints requests/s and
# latency percentiles, and fails if any request failed (socket error or a non-2xx answer).
#   bench/web_load.sh [VANTHU_BINARY]      (default build/app/vanthu; DURATION=15s, DOCS=120)
set -euo pipefail
cd "$(dirname "$0")/.."
vanthu=$(realpath "${1:-build/app/vanthu}")
duration=${DURATION:-15s}
docs=${DOCS:-120}
command -v wrk >/dev/null || { echo "web_load: wrk is missing (apt-get install wrk)"; exit 1; }
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true; rm -rf "$work"; }
trap cleanup EXIT
export VANTHU_DATA=$PWD VANTHU_TODAY=2024-09-10
echo "load-test-password" | "$vanthu" user add bench --role clerk --archive "$work/archive" >/dev/null
"$vanthu" serve --archive "$work/archive" --listen 127.0.0.1:0 --access-log none 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do grep -q serving "$work/serve.log" && break; sleep 0.1; done
base=$(grep -o 'http://[^/]*' "$work/serve.log" | head -1)
[ -n "$base" ] || { cat "$work/serve.log"; exit 1; }
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"name":"bench","password":"load-test-password"}' "$base/api/login" >"$work/session.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$work/session.json")
cookie="vanthu_session=$(awk '$6=="vanthu_session"{print $7}' "$work/cookies")"

# The archive: $docs Chỉ thị issued through the API (subjects and bodies varied), plus the
# import fixtures.
curl -sf -b "$work/cookies" "$base/api/templates/CT?profile=dang" >"$work/ct.json"
python3 - "$work" "$docs" <<'PY'
import json, sys, random
work, n = sys.argv[1], int(sys.argv[2])
t = json.load(open(f"{work}/ct.json"))["example"]
del t["header"]["number"]; del t["header"]["date"]
json.dump(t, open(f"{work}/preview.json", "w"), ensure_ascii=False)
topics = ["phòng, chống thiên tai", "phòng, chống dịch sốt xuất huyết", "công tác tuyên truyền",
          "xây dựng nông thôn mới", "cải cách hành chính", "chuyển đổi số", "an toàn giao thông",
          "bảo vệ môi trường", "phát triển kinh tế tập thể", "công tác cán bộ", "đảng viên mới",
          "hỗ trợ Nhân dân vùng lũ"]
rnd = random.Random(7)
for i in range(n):
    d = json.loads(json.dumps(t))
    topic = topics[i % len(topics)]
    d["title"]["subject"] = [f"về tăng cường lãnh đạo {topic}", f"giai đoạn {2024 + i % 3}-{2026 + i % 3}"]
    rnd.shuffle(d["body"])
    d["body"].insert(0, f"Ban Thường vụ Thị ủy yêu cầu các cấp ủy tập trung lãnh đạo {topic} (lần {i + 1}).")
    json.dump(d, open(f"{work}/doc{i}.json", "w"), ensure_ascii=False)
PY
for i in $(seq 0 $((docs - 1))); do
  curl -sf -o /dev/null -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    --data-binary @"$work/doc$i.json" "$base/api/documents"
done
"$vanthu" import --archive "$work/archive" tests/data/import >/dev/null 2>&1 || true
echo "archive: $(curl -sf -b "$work/cookies" "$base/api/search?q=&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])') documents"

export VANTHU_COOKIE=$cookie VANTHU_CSRF=$csrf VANTHU_PREVIEW_BODY=$work/preview.json
failed=0
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }  # the server's user+system time
run() {  # name, connections, script, [query]
  local name=$1 conns=$2 script=$3 before after
  before=$(cpu_ticks)
  VANTHU_PREVIEW_QUERY=${4:-dpi=64} wrk -t2 -c"$conns" -d"$duration" --timeout 10s --latency \
    -s "bench/web/$script" "$base/" >"$work/$name.txt"
  after=$(cpu_ticks)
  python3 - "$name" "$conns" "$work/$name.txt" "$((after - before))" "$(getconf CLK_TCK)" <<'PY' || failed=1
import re, sys
name, conns, text = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
cpu_s = int(sys.argv[4]) / int(sys.argv[5])
def ms(v):
    n, u = float(re.match(r"[\d.]+", v).group()), re.search(r"[a-z]+$", v).group()
    return n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
pct = dict(re.findall(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+[a-z]+)\s*$", text, re.M))
if len(pct) < 4:
    sys.exit(f"web_load: cannot read the latency percentiles of {name}:\n{text}")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
sockerr = sum(map(int, sock.groups())) if sock else 0
print(f"| {name} | {conns} | {total} | {rps:.1f} | " + " | ".join(f"{ms(pct[p]):.1f}" for p in ("50", "75", "90", "99"))
      + f" | {1000 * cpu_s / max(total, 1):.1f} | {non2xx + sockerr} |")
sys.exit(1 if non2xx + sockerr else 0)
PY
}
echo "| endpoint | clients | requests | req/s | p50 ms | p75 ms | p90 ms | p99 ms | server CPU ms/req | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
run search-c8 8 search.lua
run search-c32 32 search.lua
run preview-png-c4 4 preview.lua
run preview-pdf-c4 4 preview.lua format=pdf
[ "$failed" = 0 ] || { echo "web_load: some requests failed"; exit 1; }
