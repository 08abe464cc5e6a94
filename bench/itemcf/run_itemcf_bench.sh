#!/bin/bash
# Item-CF benchmark: C++ at 1 rank x 1 thread, 2 ranks x 1 thread and 1 rank x
# 2 threads, then SciPy's sparse XᵀX + top-K on the same file, in one run.
# Usage: bench/itemcf/run_itemcf_bench.sh [build-dir] [data-file]
# Writes bench/itemcf/results/itemcf_<UTC time>.json (one object per run).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
data=${2:-/tmp/itemcf_bench.bin}
bin=$build/bench/itemcf/bench_itemcf
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1  # a waiting rank must not spin on a shared core
[[ -f $data ]] || "$bin" generate "$data" 10000000 20000 1000000 1
out=$here/results/itemcf_$(date -u +%Y%m%dT%H%M%SZ).json
ids=$(mktemp)
load() { cut -d' ' -f1 /proc/loadavg; }
{
  echo "{\"machine\": \"$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores\","
  echo " \"data\": \"10M scans, 20000 products, 1M users (Zipf-ish, seed 1)\","
  echo " \"cpp_1rank_1thread\": $(OMP_NUM_THREADS=1 "$bin" run "$data" 50 "$ids"), \"load_after_1\": $(load),"
  echo " \"cpp_2ranks_1thread\": $(OMP_NUM_THREADS=1 mpirun -n 2 "$bin" run "$data" 50), \"load_after_2\": $(load),"
  echo " \"cpp_1rank_2threads\": $(OMP_NUM_THREADS=2 "$bin" run "$data" 50), \"load_after_3\": $(load),"
  echo " \"scipy\": $(/usr/bin/python3 "$here/scipy_itemcf.py" "$data" "$ids")}"
} > "$out"
rm -f "$ids"
cat "$out"
