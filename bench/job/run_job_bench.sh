#!/usr/bin/env bash
# Issue-2 benchmark: the whole nightly job on N generated scans (CSV and binary
# scan-log inputs) at 1 and 2 ranks, whole-process wall time and peak RSS per
# rank, side by side in the same run with a pandas RFM groupby on the same CSV.
# The job runs with jobs/nightly.ini minus item-CF (features, RFM, k-means,
# aggregates, snapshot: what the pandas comparison covers), then once more
# with item-CF on (scan log, 2 ranks) for the full nightly cost.
#
# usage: bench/job/run_job_bench.sh <scans> [build dir] [work dir]
# Writes bench/job/results/job-<scans>.json and prints a table.
# Before each timed run, pandas' included, the script reads the run's input
# (so that it is in the page cache), syncs the disk and waits PAUSE_S
# seconds (default 5): on a VM that hands freed memory back to
# its host, a run that starts just after another one freed memory gets its
# pages far cheaper, and one that starts while earlier outputs are written
# back syncs slower (bench/job/README.md, "Memory on this VM").
set -euo pipefail
scans=${1:?usage: run_job_bench.sh <scans> [build] [work]}
here=$(cd "$(dirname "$0")" && pwd)
build=$(readlink -f "${2:-$here/../../build}")
work=${3:-/tmp/qrmark-bench}
users=$((scans / 10))
products=20000
qrmark=$build/src/admin/qrmark
job=$build/src/job/qrmark-job
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
mkdir -p "$work" "$here/results"
data=$work/data-$scans
if [[ ! -f $data/catalog.csv ]]; then
  "$qrmark" gen --out "$data" --scans "$scans" --users "$users" --products "$products" \
    --days 365 --end-date 2026-11-22 --seed 1 --format both
fi
[[ -f $work/keys/signing.key ]] || "$qrmark" keygen --dir "$work/keys"
pause_s=${PAUSE_S:-5}
# Every run, pandas included, reads its inputs from the page cache: each run
# reads them once just before its pause. (The development VM's kernel pages
# out page-cache memory idle for a minute or more: bench/job/README.md,
# "Memory on this VM"; a 50 M CSV last read by an earlier run could
# otherwise be read partly from disk.)
settle() {
  cat "$@" >/dev/null
  sync
  sleep "$pause_s"
}

results=()
# One run: format, ranks. Peak RSS per rank from GNU time's %M (KiB) in each rank.
run_job() {
  local format=$1 ranks=$2 itemcf=$3 input
  if [[ $format == csv ]]; then input=$data/scans.csv; else input=$(ls "$data"/*.seg); fi
  local name=$format-$ranks-itemcf-$itemcf
  rm -rf "$work/out-$name"
  rm -f "$work/rss-$name".*
  local start end
  # shellcheck disable=SC2086  # $input is a list of segment paths
  settle $input
  start=$(date +%s.%N)
  # GNU time per rank into its own file (ranks writing one log can interleave lines).
  mpirun -n "$ranks" --bind-to none \
    sh -c 'exec /usr/bin/time -f "rank_peak_rss_kb=%M" -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' "$work/rss-$name" \
    "$job" --config "$here/../../jobs/nightly.ini" --input $input --input.catalog "$data/catalog.csv" \
    --as-of 2026-11-23 --output-root "$work/out-$name" --keys "$work/keys" --threads 1 \
    --itemcf.enabled "$itemcf" >"$work/job-$name.log" 2>&1
  end=$(date +%s.%N)
  local rss stages
  rss=$(cat "$work/rss-$name".* | grep -o 'rank_peak_rss_kb=[0-9]*' | cut -d= -f2 | paste -sd, -)
  stages=$(grep -o 'stage=[a-z]* done secs=[0-9.]*' "$work/job-$name.log" | sed 's/stage=\([a-z]*\) done secs=\(.*\)/"\1":\2/' | paste -sd, -)
  results+=("{\"tool\":\"qrmark-job\",\"format\":\"$format\",\"ranks\":$ranks,\"itemcf\":$itemcf,\"total_s\":$(echo "$end - $start" | bc),\"rank_peak_rss_kb\":[$rss],\"stage_s\":{$stages}}")
}
for format in csv scanlog; do
  for ranks in 1 2; do run_job "$format" "$ranks" false; done
done
run_job scanlog 2 true
# pandas_rfm.py times its read and groupby (total_s, what the issue's target
# compares against); process_s is its whole process, interpreter and import
# included, like the job's total_s.
settle "$data/scans.csv"
start=$(date +%s.%N)
pandas=$(/usr/bin/python3 "$here/pandas_rfm.py" "$data/scans.csv" 2026-11-23)
end=$(date +%s.%N)
pandas="${pandas%\}},\"process_s\":$(echo "$end - $start" | bc)}"
{
  echo "{\"scans\":$scans,\"users\":$users,\"products\":$products,"
  echo " \"machine\":\"$(nproc --all) cores, $(lscpu | sed -n "s/^Model name: *//p"), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)\","
  echo " \"date\":\"$(date -u +%FT%TZ)\",\"csv_bytes\":$(stat -c %s "$data/scans.csv"),"
  echo " \"runs\":[$(IFS=,; echo "${results[*]}"),$pandas]}"
} >"$here/results/job-$scans.json"
cat "$here/results/job-$scans.json"
