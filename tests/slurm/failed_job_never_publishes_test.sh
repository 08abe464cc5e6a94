#!/usr/bin/env bash
# A chain whose job fails never publishes: after a good chain, one over a
# scan log corrupted past the bad-record limit, one with a bad config and one
# whose step exits 0 without publishing (as a step that never launched does)
# each end with the nightly job FAILED and its message in its error file,
# the publish step CANCELLED without running, and `latest` unchanged.
# shellcheck source=slurm_test_lib.sh
source "$(dirname "$0")/slurm_test_lib.sh"

cluster_up
make_inputs "$work"
out=$work/out
chain() {
  "$QRMARK_SOURCE/slurm/submit-chain.sh" --output-root "$out" --job-args "$job_args" \
    --sbatch "$nightly_sbatch" --exclude "$work/scans/catalog.csv" "$@"
}

# expect_failed_chain IDS MESSAGE-REGEX: nightly FAILED with the message, publish never ran.
expect_failed_chain() {
  chain_ids "$1"
  wait_jobs 120 "$pick" "$nightly" "$publish"
  local states
  states=$(sacct_states "$pick" "$nightly" "$publish")
  [[ $states == "$(printf '%s COMPLETED\n%s FAILED\n%s CANCELLED' "$pick" "$nightly" "$publish")" ]] ||
    fail "expected pick COMPLETED, nightly FAILED, publish CANCELLED: $states"
  grep -qiE "$2" "$out/logs/qrmark-nightly-$nightly.err" ||
    fail "no /$2/ in the job's error file: $(cat "$out/logs/qrmark-nightly-$nightly.err")"
  grep -qE "nightly: qrmark-job exit [1-9]" "$out/logs/qrmark-nightly-$nightly.out" || fail "no exit line"
  [[ ! -e $out/logs/qrmark-publish-$publish.out ]] || fail "publish ran: $(cat "$out/logs/qrmark-publish-$publish.out")"
  [[ $(readlink "$out/latest") == "$before" ]] || fail "latest moved: $before -> $(readlink "$out/latest")"
  [[ $(ls "$out/snapshots") == "$snapshots" ]] || fail "snapshots changed: $(ls "$out/snapshots")"
}

good=$(chain --input "$work/scans" --as-of 2026-11-22)
chain_ids "$good"
wait_jobs 120 "$pick" "$nightly" "$publish"
[[ -L $out/latest ]] || fail "the good chain published nothing: $(tail -n 5 "$out"/logs/*)"
before=$(readlink "$out/latest")
snapshots=$(ls "$out/snapshots")

# Corrupt most records of every segment: far past max_bad_fraction.
cp -r "$work/scans" "$work/corrupt"
rm "$work/corrupt/catalog.csv"  # the catalog is not a scan input
for seg in "$work"/corrupt/scans-*.seg; do
  size=$(stat -c %s "$seg")
  dd if=/dev/urandom of="$seg" bs=1 seek=$((size / 8)) count=$((size / 2)) conv=notrunc status=none
done
expect_failed_chain "$(chain --input "$work/corrupt" --as-of 2026-11-23)" "records rejected .*limit"

printf '[job]\nno_such_key = 1\n' >"$work/bad.ini"
expect_failed_chain "$(chain --input "$work/scans" --as-of 2026-11-23 --config "$work/bad.ini")" "no_such_key"

# A step that exits 0 without the job's published line (as srun does for a
# step that never launched) fails the chain too.
expect_failed_chain "$(export QRMARK_JOB_BIN=/bin/true; chain --input "$work/scans" --as-of 2026-11-23)" \
  "srun exited 0 but qrmark-job did not say it published"
echo PASS
