# Helpers for the `slurm` tests (sourced): a private work directory and local
# cluster per test, torn down on every exit path (pass, fail, signal), and
# polling helpers for job states. The work directory is kept on failure.
# From CMake: QRMARK_SOURCE, QRMARK_JOB_BIN, QRMARK_ADMIN_BIN.
set -euo pipefail

: "${QRMARK_SOURCE:?}" "${QRMARK_JOB_BIN:?}" "${QRMARK_ADMIN_BIN:?}"
export QRMARK_JOB_BIN QRMARK_HOME=$QRMARK_SOURCE
work=$(mktemp -d /tmp/qrmark-slurm-XXXXXX)
cluster=$QRMARK_SOURCE/slurm/local-cluster.sh
# Small runs: -n 2 on a node declared with 4 CPUs (2 nightly ranks + room).
nightly_sbatch="--ntasks-per-node=2 --cpus-per-task=1 --mem=1G --time=5"

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  "$cluster" down --state "$work/cluster" >/dev/null 2>&1 || echo "teardown: cluster down failed" >&2
  if [[ $rc -eq 0 ]]; then rm -rf "$work"; else echo "kept work directory $work" >&2; fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }

cluster_up() {
  "$cluster" up --state "$work/cluster" --cpus 4 "$@"
  export SLURM_CONF=$work/cluster/etc/slurm.conf
}

# make_inputs DIR: keys + a small deterministic scan log (sealed segments).
make_inputs() {
  "$QRMARK_ADMIN_BIN" keygen --dir "$1/keys" >/dev/null
  "$QRMARK_ADMIN_BIN" gen --out "$1/scans" --scans 20000 --users 2000 --products 200 --days 90 \
    --end-date 2026-11-22 --seed 7 --format scanlog >/dev/null
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
    job_states "$@" | grep -qE ' (PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED)$' ||
      return 0
    sleep 0.2
  done
  job_states "$@" >&2
  fail "jobs $* still not finished after ${limit}s"
}

# sacct_states ID...: `jobid state` per allocation (-X), once accounting has
# every one of them in a final state (it lags the controller by up to a second).
sacct_states() {
  local i out
  for ((i = 0; i < 100; i++)); do
    out=$(sacct -n -P -X -o JobID,State -j "$(IFS=,; echo "$*")" 2>/dev/null | sed 's/|/ /')
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
