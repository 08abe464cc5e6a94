#!/usr/bin/env bash
# Verifier throughput on loopback: wrk against qrmark-verifyd /v1/verify with
# durable logging on (every answer waits for its group fsync), side by side in
# the same run with nginx serving a small static file on this machine, the
# HTTP ceiling here. Writes results/<host>-<utc>.json and prints a table.
#
#   bench/verifyd/run_verifyd_bench.sh [build-dir] [seconds] [connections]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
seconds=${2:-10}
conns=${3:-64}
threads=$(nproc)
work=$(mktemp -d /tmp/qrmark-bench-verifyd.XXXXXX)
chmod 755 "$work"  # nginx workers (www-data) read the static file
daemon_pid=""
cleanup() {
  [[ -n $daemon_pid ]] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  [[ -f $work/nginx.pid ]] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$build/src/admin/qrmark" keygen --dir "$work/keys" > /dev/null
"$build/src/admin/qrmark" issue --batch 1 --product 1 --count 200000 --produced 2026-01-01 \
  --shelf-life-days 3650 --keys "$work/keys" --registry "$work/registry.tsv" \
  --out "$work/codes.csv" > /dev/null
tail -n +2 "$work/codes.csv" | cut -d, -f2 > "$work/codes.txt"

# QRMARK_VERIFYD_ARGS (extra daemon options) is split into words on purpose.
# shellcheck disable=SC2086
"$build/src/verifyd/qrmark-verifyd" --keys "$work/keys" --registry "$work/registry.tsv" \
  --scan-log "$work/log" --port 0 --port-file "$work/port" --threads "$threads" ${QRMARK_VERIFYD_ARGS:-} \
  2> "$work/verifyd.log" &
daemon_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
vport=$(cat "$work/port")

nport=$((vport + 1))
mkdir -p "$work/www"
printf '{"verdict":"genuine","product":1,"batch":1,"scan_count":1}\n' > "$work/www/static.json"
cat > "$work/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.3

run_wrk() {  # name url [script]
  local out="$work/$1.wrk"
  if [[ -n ${3:-} ]]; then
    QRMARK_CODES="$work/codes.txt" wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s "$3" "$2" > "$out"
  else
    wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$2" > "$out"
  fi
  python3 - "$out" "$1" <<'PY'
import re, sys, json
text = open(sys.argv[1]).read()
def ms(v):
    n, u = float(re.match(r"([\d.]+)", v).group(1)), re.search(r"(us|ms|s)$", v).group(1)
    return n / 1000 if u == "us" else n * 1000 if u == "s" else n
lat = {p: ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(json.dumps({"name": sys.argv[2],
                  "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50_ms": lat["50"], "p99_ms": lat["99"],
                  "socket_errors": errs, "non_2xx": int(non2xx.group(1)) if non2xx else 0}))
PY
}

nginx_json=$(run_wrk nginx "http://127.0.0.1:$nport/static.json")
verifyd_json=$(run_wrk verifyd "http://127.0.0.1:$vport" "$here/verify.lua")
metrics=$(curl -s "http://127.0.0.1:$vport/metrics")
commits=$(awk '/^qrmark_scanlog_commits_total/ {print $2}' <<< "$metrics")
records=$(awk '/^qrmark_scanlog_records_total/ {print $2}' <<< "$metrics")

mkdir -p "$here/results"
result="$here/results/$(hostname)-$(date -u +%Y%m%dT%H%M%SZ).json"
python3 - "$nginx_json" "$verifyd_json" "$commits" "$records" "$threads" "$conns" "$seconds" "${QRMARK_VERIFYD_ARGS:-}" > "$result" <<'PY'
import json, sys, platform, os
nginx, verifyd = json.loads(sys.argv[1]), json.loads(sys.argv[2])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
print(json.dumps({"machine": {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release()},
                  "wrk": {"threads": int(sys.argv[5]), "connections": int(sys.argv[6]),
                          "seconds": int(sys.argv[7])},
                  "verifyd_extra_args": sys.argv[8],
                  "nginx_static": nginx, "verifyd_verify": verifyd,
                  "ratio_vs_nginx": round(verifyd["requests_per_s"] / nginx["requests_per_s"], 3),
                  "scanlog": {"records": float(sys.argv[4] or 0), "fsync_groups": float(sys.argv[3] or 0)}},
                 indent=2))
PY
cat "$result"
