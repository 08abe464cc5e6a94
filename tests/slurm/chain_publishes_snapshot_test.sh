#!/usr/bin/env bash
# The nightly chain on generated data: pick, nightly and publish all
# COMPLETED in sacct, `latest` names a new signed snapshot of the asked
# as-of date, and the verifier daemon was told to reload and serves it.
# shellcheck source=slurm_test_lib.sh
source "$(dirname "$0")/slurm_test_lib.sh"

cluster_up
make_inputs "$work"
out=$work/out
start_daemon "$work" "$out"

export QRMARK_ADMIN_BIN QRMARK_PUBLIC_KEY=$work/keys/signing.pub
ids=$("$QRMARK_SOURCE/slurm/submit-chain.sh" --input "$work/scans" --exclude "$work/scans/catalog.csv" \
  --as-of 2026-11-23 --output-root "$out" --job-args "$job_args" --sbatch "$nightly_sbatch")
chain_ids "$ids"
wait_jobs 120 "$pick" "$nightly" "$publish"

states=$(sacct_states "$pick" "$nightly" "$publish")
expected=$(printf '%s COMPLETED\n' "$pick" "$nightly" "$publish")
[[ $states == "$expected" ]] || { tail -n 20 "$out"/logs/*; fail "not every step COMPLETED: $states"; }

[[ -L $out/latest ]] || fail "no $out/latest after the chain"
snap=$(readlink -f "$out/latest")
[[ $snap == "$out"/snapshots/* && -f $snap/manifest.json && -f $snap/snapshot.h5 ]] ||
  fail "latest -> $snap is not a complete snapshot"
check_as_of "$snap" 2026-11-23
grep -q "^pick: [1-9][0-9]* inputs" "$out/logs/qrmark-pick-$pick.out" || fail "pick log: $(cat "$out"/logs/qrmark-pick-*)"
grep -q "nightly: qrmark-job exit 0" "$out/logs/qrmark-nightly-$nightly.out" || fail "nightly log has no exit line"
check_daemon_serves "$out/logs/qrmark-publish-$publish.out" "$snap"
echo PASS
