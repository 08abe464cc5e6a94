#!/usr/bin/env bash
# End to end through the verifier: qrmark issue → scans over HTTP from 60 app
# users → SIGTERM seals the scan log → qrmark-job reads the sealed segments →
# signed snapshot → a restarted daemon serves a user's portrait (bearer token).
# Scans without a user id are counted as anonymous and flag their unit.
#   e2e_portrait_test.sh <qrmark> <qrmark-verifyd> <qrmark-job> <repo root>
set -euo pipefail
qrmark=$1 verifyd=$2 job=$3 repo=$4
work=$(mktemp -d /tmp/qrmark-e2e-verifyd.XXXXXX)
pid=""
cleanup() { [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_daemon() {  # extra args...
  rm -f "$work/port"
  "$verifyd" --keys "$work/keys" --registry "$work/registry.tsv" --scan-log "$work/log" \
    --port 0 --port-file "$work/port" "$@" 2>> "$work/verifyd.log" &
  pid=$!
  for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
  [[ -s $work/port ]] || fail "daemon did not start: $(cat "$work/verifyd.log")"
  port=$(cat "$work/port")
}
stop_daemon() { kill -TERM "$pid"; wait "$pid" || fail "daemon exit status $?"; pid=""; }

"$qrmark" keygen --dir "$work/keys" > /dev/null
printf 'product_id,sku,name,category,tags,price_cents\n1,T1,Green tea,tea,tea|gift,1999\n2,C1,Coffee,coffee,coffee,2999\n3,S1,Snacks,food,snack|gift,999\n' \
  > "$work/catalog.csv"
for b in 1 2 3; do
  "$qrmark" issue --batch $b --product $b --count 300 --produced 2026-01-01 --shelf-life-days 3650 \
    --keys "$work/keys" --registry "$work/registry.tsv" --out "$work/codes$b.csv" > /dev/null
done

start_daemon
for u in $(seq 0 59); do
  for k in $(seq 0 $((u % 5))); do  # user u scans 1..5 units, of products by u and k
    b=$(( (u + k) % 3 + 1 )); line=$(( 2 + (u * 5 + k) % 300 ))
    code=$(sed -n "${line}p" "$work/codes$b.csv" | cut -d, -f2)
    curl -sf -o /dev/null -H "X-User-Id: app-user-$u" -H "X-Region: $((u % 7))" \
      "http://127.0.0.1:$port/v1/verify/$code" || fail "verify $code"
  done
done
# One unit no user scanned, scanned 5 times without a user id from 5 regions: anonymous scans,
# which the job counts apart and which make that unit suspicious.
code=$(sed -n 2p "$work/codes3.csv" | cut -d, -f2)
for r in 0 1 2 3 4; do
  curl -sf -o /dev/null -H "X-Region: $r" "http://127.0.0.1:$port/v1/verify/$code" || fail "anonymous verify $code"
done
stop_daemon
ls "$work"/log/*.seg > /dev/null || fail "no sealed segment"

tomorrow=$(date -u -d tomorrow +%Y-%m-%d)
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -n 2 --oversubscribe --bind-to none \
  "$job" --config "$repo/jobs/nightly.ini" --input "$work/log" --input.catalog "$work/catalog.csv" \
  --output-root "$work/out" --keys "$work/keys" --as-of "$tomorrow" > "$work/job.log" 2>&1 \
  || fail "qrmark-job: $(tail -5 "$work/job.log")"

grep -q '"records_anonymous": 5,' "$work/out/latest/report.json" ||
  fail "anonymous scans not counted: $(grep records_ "$work/out/latest/report.json")"
grep -qE '^[0-9]+,3,5,5,0,both' "$work/out/latest/suspicious_serials.csv" ||
  fail "the anonymously scanned unit is not suspicious: $(cat "$work/out/latest/suspicious_serials.csv")"

printf 'e2e-token\n' > "$work/token" && chmod 600 "$work/token"
start_daemon --snapshot-root "$work/out" --token-file "$work/token"
key=$(python3 - "$work/keys/user_hash.key" <<'PY'
import hmac, hashlib, sys
k = hmac.new(open(sys.argv[1], "rb").read(), b"app-user-7", hashlib.sha256).digest()
print(int.from_bytes(k[:8], "big") or 1)
PY
)
portrait=$(curl -sf -H "Authorization: Bearer e2e-token" "http://127.0.0.1:$port/v1/users/$key/portrait") \
  || fail "no portrait for user key $key"
grep -q '"tier"' <<< "$portrait" || fail "portrait without tier: $portrait"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/users/$key/portrait")
[[ $code == 401 ]] || fail "portrait without token answered $code"
curl -sf -H "Authorization: Bearer e2e-token" "http://127.0.0.1:$port/v1/snapshots/latest" | grep -q snapshot_id \
  || fail "no manifest"
stop_daemon
echo "OK: portrait $portrait"
