#!/usr/bin/env bash
# One run of the nightly job on the data run_job_bench.sh generated, for A/B
# comparisons of two builds: prints each stage's seconds, the steps of the
# ingest and snapshot stages, and the whole run's seconds.
# Same arguments as the benchmark (jobs/nightly.ini, item-CF off, 1 thread a
# rank, as-of 2026-11-23); extra arguments go to qrmark-job.
#
# usage: bench/job/stage_times.sh <build dir> <csv|scanlog> <ranks> [qrmark-job args...]
#   DATA=/tmp/qrmark-bench/data-10000000 (default) picks the generated data;
#   the keys are those of run_job_bench.sh (/tmp/qrmark-bench/keys);
#   PAUSE_S=5 (default) seconds of pause after reading the input and a sync
#   before the run, as run_job_bench.sh does (0: none).
# Example, alternating two builds:
#   for i in 1 2 3; do for b in build-old build; do bench/job/stage_times.sh $b scanlog 2; done; done
set -euo pipefail
build=$(readlink -f "${1:?usage: stage_times.sh <build> <csv|scanlog> <ranks> [args]}")
format=${2:?format: csv or scanlog}
ranks=${3:?ranks}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
data=${DATA:-/tmp/qrmark-bench/data-10000000}
keys=${KEYS:-/tmp/qrmark-bench/keys}
[[ -f $data/catalog.csv && -f $keys/signing.key ]] || {
  echo "stage_times.sh: no generated data in $data or no keys in $keys: run run_job_bench.sh first" >&2
  exit 2
}
if [[ $format == csv ]]; then input=$data/scans.csv; else input=$(ls "$data"/*.seg); fi
out=$(mktemp -d /tmp/qrmark-stage-times.XXXXXX)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
# shellcheck disable=SC2086  # $input is a list of segment paths
cat $input >/dev/null  # in the page cache, as run_job_bench.sh has it
sync
sleep "${PAUSE_S:-5}"
start=$(date +%s.%N)
rc=0
# shellcheck disable=SC2086  # $input is a list of segment paths
mpirun -n "$ranks" --bind-to none "$build/src/job/qrmark-job" --config "$here/../../jobs/nightly.ini" \
  --input $input --input.catalog "$data/catalog.csv" --as-of 2026-11-23 --output-root "$out/root" \
  --keys "$keys" --threads 1 --itemcf.enabled false "$@" >"$out/log" 2>&1 || rc=$?
end=$(date +%s.%N)
grep -o 'stage=[a-z_]* done secs=[0-9.]*' "$out/log" | sed 's/stage=//; s/ done secs=/=/' | paste -sd' '
# the ingest and snapshot stages' steps (their "ingest …_secs=…" and "snapshot …_secs=…" lines)
grep -oE '(ingest|snapshot) [a-z_]+_secs=.*' "$out/log" || true
echo "rc=$rc total_s=$(echo "$end - $start" | bc)"
[[ $rc == 0 ]] || tail -5 "$out/log" >&2
exit "$rc"
