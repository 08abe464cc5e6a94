#!/bin/bash
# 1 rank vs 2 ranks (1 thread each), alternated N times on the same file, so
# that both see the same machine state (this host's speed drifts with its
# neighbours' load). SciPy is not rerun: see run_itemcf_bench.sh.
# Usage: bench/itemcf/run_itemcf_scaling.sh [build-dir] [data-file] [N=3]
# Writes bench/itemcf/results/itemcf_scaling_<UTC time>.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
data=${2:-/tmp/itemcf_bench.bin}
n=${3:-3}
bin=$build/bench/itemcf/bench_itemcf
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1
[[ -f $data ]] || "$bin" generate "$data" 10000000 20000 1000000 1
out=$here/results/itemcf_scaling_$(date -u +%Y%m%dT%H%M%SZ).json
{
  echo "{\"machine\": \"$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores\", \"pairs\": ["
  for i in $(seq "$n"); do
    sep=$([[ $i -lt $n ]] && echo , || true)
    echo " {\"one_rank\": $("$bin" run "$data" 50),"
    echo "  \"two_ranks\": $(mpirun -n 2 "$bin" run "$data" 50)}$sep"
  done
  echo "]}"
} > "$out"
/usr/bin/python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["pairs"]
for r in runs:
    a, b = r["one_rank"], r["two_ranks"]
    print("similarity %.3f -> %.3f s (%.2fx), stage %.3f -> %.3f s (%.2fx)" % (
        a["similarity_s"], b["similarity_s"], a["similarity_s"] / b["similarity_s"],
        a["seconds"], b["seconds"], a["seconds"] / b["seconds"]))
PY
