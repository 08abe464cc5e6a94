#!/usr/bin/env bash
# A nightly job requeued while it runs (what Slurm does on a node failure)
# starts over under the same job id, and the chain still ends with one
# snapshot published once: publish waits for the rerun, both attempts are in
# the appended log, nothing is left half-written.
# shellcheck source=slurm_test_lib.sh
source "$(dirname "$0")/slurm_test_lib.sh"

cluster_up
make_inputs "$work"
out=$work/out
export QRMARK_REAL_JOB_BIN=$QRMARK_JOB_BIN QRMARK_JOB_BIN=$QRMARK_SOURCE/tests/slurm/stalls_first_attempt.sh
ids=$("$QRMARK_SOURCE/slurm/submit-chain.sh" --input "$work/scans" --exclude "$work/scans/catalog.csv" \
  --as-of 2026-11-23 --output-root "$out" --job-args "$job_args" --sbatch "$nightly_sbatch")
chain_ids "$ids"
log=$out/logs/qrmark-nightly-$nightly.out
for _ in $(seq 150); do grep -q "waiting to be requeued" "$log" 2>/dev/null && break; sleep 0.2; done
grep -q "waiting to be requeued" "$log" || fail "the first attempt never started: $(job_states "$nightly")"
scontrol requeue "$nightly"
wait_jobs 120 "$pick" "$nightly" "$publish"

states=$(sacct_states "$pick" "$nightly" "$publish")
[[ $states == "$(printf '%s COMPLETED\n' "$pick" "$nightly" "$publish")" ]] ||
  fail "not every step COMPLETED after the requeue: $states"
[[ $(scontrol show job "$nightly") == *Restarts=1* ]] || fail "job $nightly was not restarted once"
grep -q "restart 0" "$log" && grep -q "restart 1" "$log" || fail "the log lacks an attempt: $(cat "$log")"
[[ $(ls "$out/snapshots" | wc -l) -eq 1 ]] || fail "expected one snapshot: $(ls -a "$out/snapshots")"
[[ -z $(find "$out" -maxdepth 2 -name '.tmp-*') ]] || fail "temporary snapshot left: $(find "$out" -name '.tmp-*')"
[[ $(grep -c "latest ->" "$out/logs/qrmark-publish-$publish.out") -eq 1 ]] || fail "publish did not run once"
echo PASS
