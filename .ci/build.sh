#!/usr/bin/env bash
# Installs the Debian packages (idempotent), configures and builds qrmark in
# build/ (Release). Used by both README commands.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >build-configure.log 2>&1 || { cat build-configure.log; exit 1; }
cmake --build build -j"$(nproc)"
