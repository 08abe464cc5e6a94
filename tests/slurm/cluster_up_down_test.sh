#!/usr/bin/env bash
# local-cluster.sh: up twice leaves the same daemons, a daemon killed with
# -9 (stale PID file) is restarted by the next up, sacct answers, down with a
# job still running leaves nothing behind, and down twice succeeds.
# shellcheck source=slurm_test_lib.sh
source "$(dirname "$0")/slurm_test_lib.sh"

pids() { "$cluster" status --state "$work/cluster" | awk '/running/ {print $1, $4}'; }
leftovers() { grep -lzxF "QRMARK_LOCAL_CLUSTER=$work/cluster" /proc/[0-9]*/environ 2>/dev/null || true; }

cluster_up
first=$(pids)
[[ $(wc -l <<<"$first") -eq 5 ]] || fail "expected 5 daemons after up, got: $first"
cluster_up
[[ $(pids) == "$first" ]] || fail "second up changed the daemons: $first -> $(pids)"

kill -9 "$(cat "$work/cluster/run/slurmctld.pid")"
sleep 0.2
if "$cluster" status --state "$work/cluster" >/dev/null; then fail "status says up with slurmctld killed"; fi
cluster_up
"$cluster" status --state "$work/cluster" >/dev/null || fail "up did not restart a killed slurmctld"

done_id=$(sbatch --parsable -n 2 --mem=100M -o /dev/null --wrap 'srun true')
wait_jobs 30 "$done_id"
[[ $(sacct_states "$done_id") == "$done_id COMPLETED" ]] || fail "sacct: $(sacct_states "$done_id")"

tag="QRMARK_TEST_TAG=$work"
long_id=$(sbatch --parsable -n 1 --mem=100M -o /dev/null --export="ALL,$tag" --wrap 'srun sleep 300')
for _ in $(seq 50); do [[ $(job_states "$long_id") == *RUNNING ]] && break; sleep 0.2; done
[[ $(job_states "$long_id") == *RUNNING ]] || fail "job $long_id did not start: $(job_states "$long_id")"

"$cluster" down --state "$work/cluster"
"$cluster" down --state "$work/cluster"
if "$cluster" status --state "$work/cluster"; then fail "status says up after down"; fi
[[ -z $(leftovers) ]] || fail "processes left after down: $(leftovers)"
job_left=$(grep -lzxF "$tag" /proc/[0-9]*/environ 2>/dev/null || true)
[[ -z $job_left ]] || fail "the running job's processes survived down: $job_left"
echo "PASS"
