#!/usr/bin/env bash
# The pick step of the nightly chain: freezes the list of inputs the job will
# read, so segments sealed while it runs (or before a requeued rerun) do not
# change what it sees. Runs as a one-CPU job or by hand:
#
#   pick-inputs.sh --list FILE [--exclude PATH]... SOURCE...
#
# A SOURCE directory contributes its sealed scan-log segments (regular files
# named $QRMARK_SEGMENT_GLOB, default scans-*.seg; the segment being written
# has another name until it is sealed) and its CSV drops (*.csv); a SOURCE
# file is taken as is. FILE gets one absolute path a line, written atomically.
# Fails, naming the sources, when nothing is found or a file is unreadable.
#
#SBATCH --job-name=qrmark-pick
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=256M
#SBATCH --time=00:10:00
set -euo pipefail

die() { echo "pick: $*" >&2; exit 2; }
list="" excludes=() sources=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --list) list=${2:?}; shift 2 ;;
    --exclude) excludes+=("$(readlink -f "${2:?}")"); shift 2 ;;
    -*) die "unknown option $1" ;;
    *) sources+=("$1"); shift ;;
  esac
done
[[ -n $list && ${#sources[@]} -gt 0 ]] || die "usage: pick-inputs.sh --list FILE [--exclude PATH]... SOURCE..."

excluded() {
  local e
  for e in "${excludes[@]}"; do [[ $1 == "$e" ]] && return 0; done
  return 1
}

picked=()
shopt -s nullglob
for src in "${sources[@]}"; do
  if [[ -d $src ]]; then
    for f in "$src"/${QRMARK_SEGMENT_GLOB:-scans-*.seg} "$src"/*.csv; do
      [[ -f $f ]] && ! excluded "$(readlink -f "$f")" && picked+=("$(readlink -f "$f")")
    done
  elif [[ -f $src ]]; then
    picked+=("$(readlink -f "$src")")
  else
    die "input source does not exist: $src"
  fi
done
[[ ${#picked[@]} -gt 0 ]] || die "no sealed segments or CSV drops in: ${sources[*]}"

bytes=0
for f in "${picked[@]}"; do
  [[ -r $f ]] || die "input not readable: $f"
  bytes=$((bytes + $(stat -c %s "$f")))
done
mkdir -p "$(dirname "$list")"
printf '%s\n' "${picked[@]}" | sort -u >"$list.tmp.$$"
mv "$list.tmp.$$" "$list"
echo "pick: $(wc -l <"$list") inputs, $bytes bytes -> $list"
