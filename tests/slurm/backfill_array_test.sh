#!/usr/bin/env bash
# A back-fill over three dates is one job array (throttled to 2 at a time)
# whose elements all COMPLETE and leave one snapshot per date, each as of
# its own date, under <output-root>/backfill/<date>/.
# shellcheck source=slurm_test_lib.sh
source "$(dirname "$0")/slurm_test_lib.sh"

cluster_up
make_inputs "$work"
out=$work/out
ids=$("$QRMARK_SOURCE/slurm/submit-backfill.sh" --from 2026-11-20 --to 2026-11-22 --throttle 2 \
  --input "$work/scans" --exclude "$work/scans/catalog.csv" --output-root "$out" \
  --job-args "$job_args" --sbatch "$nightly_sbatch")
pick=$(awk '$1 == "pick" {print $2}' <<<"$ids")
array=$(awk '$1 == "backfill" {print $2}' <<<"$ids")
[[ -n $pick && -n $array ]] || fail "submit-backfill printed no job ids: $ids"
[[ $(scontrol show job "$array") == *ArrayTaskThrottle=2* ]] || fail "array $array is not throttled to 2"
wait_jobs 180 "$pick" "$array"

states=$(sacct_states "$pick" "${array}_0" "${array}_1" "${array}_2")
expected=$(printf '%s COMPLETED\n' "$pick" "${array}_0" "${array}_1" "${array}_2")
[[ $states == "$expected" ]] || { tail -n 20 "$out"/logs/*; fail "not every element COMPLETED: $states"; }
for d in 2026-11-20 2026-11-21 2026-11-22; do
  [[ -L $out/backfill/$d/latest ]] || fail "no snapshot for $d"
  check_as_of "$(readlink -f "$out/backfill/$d/latest")" "$d"
done
[[ ! -e $out/latest ]] || fail "a back-fill moved the live latest"
echo PASS
