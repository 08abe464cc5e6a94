#!/usr/bin/env bash
# Test fixture for the requeue test, used as QRMARK_JOB_BIN: on a job's first
# attempt it stands for a node that hangs before the job has written anything
# (it waits to be killed by the requeue); on any later attempt it runs the
# real qrmark-job ($QRMARK_REAL_JOB_BIN) with the same arguments.
set -euo pipefail
if [[ ${SLURM_RESTART_COUNT:-0} -eq 0 ]]; then
  echo "stalls_first_attempt: rank ${SLURM_PROCID:-?} waiting to be requeued"
  exec sleep 600
fi
exec "${QRMARK_REAL_JOB_BIN:?}" "$@"
