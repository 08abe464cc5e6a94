#!/bin/bash
# Exactness on the Online Retail data: item-CF at 1, 2 and 3 ranks (2 threads
# each) must write byte-identical neighbour ids and scores, and match SciPy's
# sparse XᵀX + top-K row for row.
# Usage: bench/itemcf/run_online_retail_check.sh [build-dir] [online_retail.csv.gz]
# Writes bench/itemcf/results/online_retail_<UTC time>.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
csv=${2:-/work/shared/data/online-retail/online_retail.csv.gz}
bin=$build/bench/itemcf/bench_itemcf
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=2
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/online_retail_pairs.py" "$csv" "$work/retail.bin" >&2
out=$here/results/online_retail_$(date -u +%Y%m%dT%H%M%SZ).json
{
  echo "{"
  for n in 1 2 3; do
    echo " \"cpp_${n}ranks\": $(mpirun -n $n "$bin" run "$work/retail.bin" 50 "$work/ids_$n.bin"),"
  done
  same=false
  cmp -s "$work/ids_1.bin" "$work/ids_2.bin" && cmp -s "$work/ids_1.bin" "$work/ids_3.bin" && same=true
  echo " \"ids_and_scores_identical_on_1_2_3_ranks\": $same,"
  echo " \"scipy\": $(/usr/bin/python3 "$here/scipy_itemcf.py" "$work/retail.bin" "$work/ids_1.bin")}"
} > "$out"
cat "$out"
