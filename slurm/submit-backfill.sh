#!/usr/bin/env bash
# Submits a back-fill: one pick job, then a job array with one element per
# date from FROM to TO (inclusive), at most --throttle running at once, each
# writing $output_root/backfill/<date>/. Prints `pick ID` and `backfill ID`.
#
#   slurm/submit-backfill.sh --from YYYY-MM-DD --to YYYY-MM-DD --input DIR...
#       [--throttle N (default 2)] [--config F] [--output-root DIR] [--log-dir DIR]
#       [--exclude FILE]... [--job-args "..."] [--sbatch "SBATCH OPTIONS"]
#
# No publish step: back-filled snapshots are for analysts, not the daemon.
set -euo pipefail
# shellcheck source=lib/submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"

from="" to="" throttle=2
while [[ $# -gt 0 ]]; do
  n=0
  parse_common "$@" || n=$?
  if [[ $n -eq 0 ]]; then
    case $1 in
      --from) from=${2:?}; n=2 ;;
      --to) to=${2:?}; n=2 ;;
      --throttle) throttle=${2:?}; n=2 ;;
      *) die "unknown option $1 (see the top of $0)" ;;
    esac
  fi
  shift "$n"
done
first=$(date -u -d "$from" +%s 2>/dev/null) || die "--from is not a date: '$from'"
last=$(date -u -d "$to" +%s 2>/dev/null) || die "--to is not a date: '$to'"
days=$(((last - first) / 86400))
[[ $days -ge 0 ]] || die "--to ($to) is before --from ($from)"
[[ $throttle =~ ^[1-9][0-9]*$ ]] || die "--throttle must be a positive integer, not '$throttle'"
finish_common
QRMARK_BACKFILL_FROM=$(date -u -d "$from" +%F)
export QRMARK_BACKFILL_FROM

submit_pick "backfill-$QRMARK_BACKFILL_FROM-$(date -u +%H%M%S)"
pick=$job_id
submit backfill --dependency="afterok:$pick" --kill-on-invalid-dep=yes --array="0-$days%$throttle" \
  -o "$log_dir/%x-%A_%a.out" -e "$log_dir/%x-%A_%a.err" "${nightly_opts[@]}" "$home/slurm/backfill.sbatch"
printf 'pick %s\nbackfill %s\n' "$pick" "$job_id"
echo "submit: $((days + 1)) dates, $throttle at a time; logs in $log_dir" >&2
