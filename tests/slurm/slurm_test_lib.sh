# shellcheck shell=bash
# Helpers for the `slurm` tests (sourced): a private work directory and local
# cluster per test, torn down on every exit path (pass, fail, signal), and
# polling helpers for job states. The work directory is kept on failure.
# From CMake: QRMARK_SOURCE, QRMARK_JOB_BIN, QRMARK_ADMIN_BIN, QRMARK_VERIFYD_BIN.
set -euo pipefail

: "${QRMARK_SOURCE:?}"
export QRMARK_HOME=$QRMARK_SOURCE
work=$(mktemp -d /tmp/qrmark-slurm-XXXXXX)
cluster=$QRMARK_SOURCE/slurm/local-cluster.sh
# Small runs: -n 2 on a node declared with 4 CPUs (2 nightly ranks + room).
nightly_sbatch="--ntasks-per-node=2 --cpus-per-task=1 --mem=1G --time=5"

cleanups=()  # commands run first on exit, e.g. stopping a daemon the test started
main_pid=$BASHPID
teardown() {
  local rc=$? c
  [[ $BASHPID == "$main_pid" ]] || return "$rc"  # a $(...) subshell exiting
  trap - EXIT INT TERM
  for c in "${cleanups[@]}"; do eval "$c" || true; done
  "$cluster" down --state "$work/cluster" >/dev/null 2>&1 || echo "teardown: cluster down failed" >&2
  if [[ $rc -eq 0 ]]; then rm -rf "$work"; else echo "kept work directory $work" >&2; fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }

cluster_up() {
  "$cluster" up --state "$work/cluster" --cpus 4
  export SLURM_CONF=$work/cluster/etc/slurm.conf
}

# make_inputs DIR: keys + a small deterministic scan log (sealed segments).
make_inputs() {
  : "${QRMARK_JOB_BIN:?}" "${QRMARK_ADMIN_BIN:?}"
  export QRMARK_JOB_BIN
  "$QRMARK_ADMIN_BIN" keygen --dir "$1/keys" >/dev/null
  "$QRMARK_ADMIN_BIN" gen --out "$1/scans" --scans 20000 --users 2000 --products 200 --days 90 \
    --end-date 2026-11-22 --seed 7 --format scanlog --segment-records 5000 >/dev/null
  job_args="--keys $1/keys --input.catalog $1/scans/catalog.csv"
}

# job_states ID...: `id state` lines from scontrol (immediate, no accounting lag).
job_states() {
  local id
  for id in "$@"; do
    scontrol show job -o "$id" 2>/dev/null |
      sed -n 's/^JobId=\([0-9]*\).*JobState=\([A-Z_]*\).*/\1 \2/p'
  done
}

# wait_jobs SECONDS ID...: until every job (and array element) has ended.
wait_jobs() {
  local limit=$1 i; shift
  for ((i = 0; i < limit * 5; i++)); do
    # No `job_states | grep -q` here: with pipefail, grep's early exit fails the pipe.
    [[ $(job_states "$@") =~ \ (PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED) ]] ||
      return 0
    sleep 0.2
  done
  job_states "$@" >&2
  fail "jobs $* still not finished after ${limit}s"
}

# sacct_states ID...: `jobid state` per allocation (-X), by id, once accounting has
# every one of them in a final state (it lags the controller by up to a second).
sacct_states() {
  local i out
  for ((i = 0; i < 100; i++)); do
    out=$(sacct -n -P -X -o JobID,State -j "$(IFS=,; echo "$*")" 2>/dev/null | sed 's/|/ /' | sort -V)
    if [[ $(wc -l <<<"$out") -ge $# ]] && ! grep -qE ' (PENDING|RUNNING|REQUEUED)' <<<"$out"; then
      echo "$out"
      return 0
    fi
    sleep 0.2
  done
  echo "$out" >&2
  fail "sacct has no final state for all of $*"
}

# chain_ids OUTPUT: sets pick, nightly, publish from submit-chain.sh's lines.
chain_ids() {
  pick=$(awk '$1 == "pick" {print $2}' <<<"$1")
  nightly=$(awk '$1 == "nightly" {print $2}' <<<"$1")
  publish=$(awk '$1 == "publish" {print $2}' <<<"$1")
  [[ -n $pick && -n $nightly && -n $publish ]] || fail "submit-chain printed no job ids: $1"
}

# check_as_of SNAPSHOT-DIR YYYY-MM-DD: report.json's as-of attribute.
check_as_of() {
  grep -qE "\"as_of\": *\"$2" "$1/report.json" ||
    fail "snapshot $1 is not as of $2: $(grep -o '"as_of"[^,]*' "$1/report.json" || echo 'no as_of')"
}

# start_daemon WORK ROOT: a real qrmark-verifyd serving ROOT/latest that only
# reloads on SIGHUP (poll interval 1 h); its PID file goes to the publish step.
start_daemon() {
  [[ -n ${QRMARK_VERIFYD_BIN:-} ]] || return 0
  local w=$1
  mkdir -p "$2" "$w/verifyd-log"
  : >"$w/registry"
  env -u SLURM_CONF "$QRMARK_VERIFYD_BIN" --port 0 --port-file "$w/verifyd.port" --keys "$w/keys" \
    --registry "$w/registry" --scan-log "$w/verifyd-log" --snapshot-root "$2" \
    --poll-interval-ms 3600000 --drain-grace-ms 100 --threads 1 >"$w/verifyd.out" 2>&1 &
  echo $! >"$w/verifyd.pid"
  export QRMARK_VERIFYD_PIDFILE=$w/verifyd.pid
  cleanups+=("kill -TERM $! 2>/dev/null")
  for _ in $(seq 50); do [[ -s $w/verifyd.port ]] && return 0; sleep 0.1; done
  fail "qrmark-verifyd did not start: $(cat "$w/verifyd.out")"
}

# check_daemon_serves PUBLISH-LOG SNAPSHOT-DIR: the publish step signalled the
# daemon and /metrics names the snapshot (or, with no daemon, it said so).
check_daemon_serves() {
  if [[ -z ${QRMARK_VERIFYD_BIN:-} ]]; then
    grep -q "nothing to signal" "$1" || fail "publish log: $(cat "$1")"
    return 0
  fi
  grep -q "sent SIGHUP to qrmark-verifyd" "$1" || fail "publish did not signal the daemon: $(cat "$1")"
  local id metrics
  id=$(basename "$2")
  for _ in $(seq 50); do
    metrics=$(curl -sf "http://127.0.0.1:$(cat "$work/verifyd.port")/metrics" || true)
    grep -qF "qrmark_snapshot_info{id=\"$id\"}" <<<"$metrics" && return 0
    sleep 0.1
  done
  fail "the daemon does not serve $id: $(grep snapshot <<<"$metrics"; tail -n 5 "$work/verifyd.out")"
}
