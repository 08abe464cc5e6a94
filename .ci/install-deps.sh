#!/usr/bin/env bash
# Installs the Debian 12 packages qrmark needs to build, test and run.
# Idempotent: packages already present are skipped; apt-get runs only if
# something is missing. Must run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake pkgconf
  openmpi-bin libopenmpi-dev
  libhdf5-openmpi-dev hdf5-tools
  libeigen3-dev libboost-program-options-dev libssl-dev libgtest-dev
  python3 python3-numpy python3-h5py python3-pandas python3-sklearn python3-scipy
)
# Packages the Slurm tests and the verifier's tests need, listed beside their code.
for list in "$(dirname "$0")/../slurm/packages.txt" "$(dirname "$0")/install-deps-verifyd.txt"; do
  if [[ -f "$list" ]]; then
    while read -r p; do
      [[ -n "$p" && "$p" != \#* ]] && packages+=("$p")
    done <"$list"
  fi
done
# Extra groups: QRMARK_EXTRA_PACKAGES="slurm-wlm munge ..." adds to the list.
if [[ -n "${QRMARK_EXTRA_PACKAGES:-}" ]]; then
  read -r -a extra <<<"${QRMARK_EXTRA_PACKAGES}"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
