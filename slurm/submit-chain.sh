#!/usr/bin/env bash
# Submits the nightly chain, pick -> nightly -> publish, each step waiting for
# the previous one to succeed (afterok; a failed step cancels the rest, so a
# failed job never publishes). Prints one `step job-id` line per step.
#
#   slurm/submit-chain.sh --input DIR [--input DIR]... [--as-of YYYY-MM-DD]
#       [--config jobs/nightly.ini] [--output-root DIR] [--log-dir DIR]
#       [--exclude FILE]... [--job-args "QRMARK-JOB OPTIONS"] [--sbatch "SBATCH OPTIONS"]
#
# --sbatch options go to the nightly job (-N, --ntasks-per-node, -c, --mem,
# -t, -p, -A...). Logs: <log-dir>/<job-name>-<id>.{out,err}, default
# <output-root>/logs. The chain exports QRMARK_* to the jobs (see nightly.sbatch,
# publish.sbatch): set QRMARK_VERIFYD_PIDFILE, QRMARK_JOB_BIN... before running.
set -euo pipefail
# shellcheck source=lib/submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit-common.sh"

while [[ $# -gt 0 ]]; do
  n=0
  parse_common "$@" || n=$?
  if [[ $n -eq 0 ]]; then
    case $1 in
      --as-of) export QRMARK_AS_OF=${2:?}; n=2 ;;
      *) die "unknown option $1 (see the top of $0)" ;;
    esac
  fi
  shift "$n"
done
finish_common

stamp=${QRMARK_AS_OF:-$(date -u +%F)}-$(date -u +%H%M%S)
deps=(--kill-on-invalid-dep=yes)
submit_pick "$stamp"
pick=$job_id
submit nightly --dependency="afterok:$pick" "${deps[@]}" \
  -o "$log_dir/%x-%j.out" -e "$log_dir/%x-%j.err" "${nightly_opts[@]}" "$home/slurm/nightly.sbatch"
nightly=$job_id
submit publish --dependency="afterok:$nightly" "${deps[@]}" \
  -o "$log_dir/%x-%j.out" -e "$log_dir/%x-%j.err" "$home/slurm/publish.sbatch"
publish=$job_id
printf 'pick %s\nnightly %s\npublish %s\n' "$pick" "$nightly" "$publish"
echo "submit: logs in $log_dir; follow with: squeue -j $pick,$nightly,$publish; sacct -j $pick,$nightly,$publish" >&2
