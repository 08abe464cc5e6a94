# shellcheck shell=bash
# Shared by slurm/submit-chain.sh and slurm/submit-backfill.sh (sourced): the
# common options, the log directory and the pick job both chains start with.
# Sets home, output_root, log_dir, sources, excludes, nightly_opts, job_id
# and submitted (ids to cancel if a later submission fails).

die() { echo "submit: $*" >&2; exit 1; }

home=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
output_root=${QRMARK_OUTPUT_ROOT:-$PWD/out}
log_dir="" sources=() excludes=() nightly_opts=() submitted=()

# parse_common ARG...: consumes one common option; its status is the count of
# words used (call it as `parse_common "$@" || n=$?`), 0: not a common one.
parse_common() {
  case $1 in
    --config) export QRMARK_CONFIG=$(readlink -f "${2:?}"); return 2 ;;
    --output-root) output_root=${2:?}; return 2 ;;
    --log-dir) log_dir=${2:?}; return 2 ;;
    --input) sources+=("$(readlink -f "${2:?}")"); return 2 ;;
    --exclude) excludes+=(--exclude "$(readlink -f "${2:?}")"); return 2 ;;
    --job-args) export QRMARK_JOB_ARGS=${2?}; return 2 ;;
    --sbatch) read -r -a extra <<<"${2:?}"; nightly_opts+=("${extra[@]}"); return 2 ;;
  esac
  return 0
}

# finish_common: checks what every chain needs and exports it to the jobs.
finish_common() {
  [[ ${#sources[@]} -gt 0 ]] || die "give at least one --input (scan-log directory, CSV drop or file)"
  mkdir -p "$output_root"
  output_root=$(cd "$output_root" && pwd)
  log_dir=${log_dir:-$output_root/logs}
  mkdir -p "$log_dir"
  log_dir=$(cd "$log_dir" && pwd)
  export QRMARK_HOME=${QRMARK_HOME:-$home} QRMARK_OUTPUT_ROOT=$output_root
  command -v sbatch >/dev/null || die "sbatch not found (is Slurm installed, SLURM_CONF set?)"
}

cancel_submitted() {
  [[ ${#submitted[@]} -gt 0 ]] && scancel "${submitted[@]}" 2>/dev/null
  return 0
}

# submit NAME SBATCH-ARG...: sets job_id; on failure cancels the chain so far.
submit() {
  local name=$1 out; shift
  if ! out=$(sbatch --parsable "$@" 2>&1); then
    cancel_submitted
    die "sbatch of the $name job failed: $out"
  fi
  job_id=${out%%;*}
  submitted+=("$job_id")
}

# submit_pick STAMP: the pick job (sets job_id); its list is exported to the rest.
submit_pick() {
  export QRMARK_INPUTS_FILE=$log_dir/inputs-$1.txt
  submit pick -o "$log_dir/%x-%j.out" -e "$log_dir/%x-%j.err" \
    "$home/slurm/pick-inputs.sh" --list "$QRMARK_INPUTS_FILE" "${excludes[@]}" "${sources[@]}"
}
