// The Lloyd assignment step with exact per-thread partials (integer sums),
// in full and incremental form.
#include "src/kmeans/lloyd_step.h"

#include <omp.h>

#include <algorithm>

#include "src/kmeans/nearest_center.h"

namespace qrmark::kmeans {

FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global) {
  const double bound = static_cast<double>(dims) * 4.0 * max_abs * max_abs;
  return {Pow2(FixedExponent(max_abs, n_global)), Pow2(FixedExponent(bound, n_global))};
}

namespace {

// Points per group when looking for the points that moved.
constexpr size_t kGroup = 16;

// One assignment pass with per-thread fixed-point partials: every point goes
// to its nearest center; the partials hold the step's whole sums, counts and
// inertia, and dist2 every squared distance (kIncremental false), or only
// the change made by the points that moved from the assignment given (true;
// see ReassignAndUpdate; dist2 unused).
template <bool kIncremental>
StepSums Step(const PointSet& points, std::span<const double> centers, size_t k, const FixedScales& scales,
              std::span<int32_t> assignment, std::span<double> dist2) {
  const size_t dims = points.dims, width = k * dims + k + 1, n = points.size();
  const int64_t blocks = static_cast<int64_t>((n + kNearestBlock - 1) / kNearestBlock);
  const NearestKernel nearest_in_block = NearestKernelFor(dims, k);
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    std::vector<int64_t>& mine = partial[static_cast<size_t>(omp_get_thread_num())];
    mine.assign(width, 0);
    int32_t nearest[kNearestBlock];
    double scratch[kNearestBlock];
#pragma omp for schedule(static)
    for (int64_t b = 0; b < blocks; ++b) {
      const size_t first = static_cast<size_t>(b) * kNearestBlock, m = std::min(kNearestBlock, n - first);
      double* best_d2 = kIncremental ? scratch : dist2.data() + first;  // only the full step keeps them
      int32_t* assigned = assignment.data() + first;
      nearest_in_block(points.row(first), m, centers.data(), k, dims, nearest, best_d2);
      // Groups of kGroup points: a vectorized count finds the groups with a
      // point that moved (few, late in a run), and only those are walked.
      for (size_t g = 0; g < m; g += kGroup) {
        const size_t end = std::min(m, g + kGroup);
        if constexpr (kIncremental) {
          int moved = 0;
          for (size_t j = g; j < end; ++j) moved += nearest[j] != assigned[j];
          if (moved == 0) continue;
        }
        for (size_t j = g; j < end; ++j) {
          const int32_t was = assigned[j], now = nearest[j];
          if (kIncremental && was == now) continue;
          assigned[j] = now;
          const size_t best = static_cast<size_t>(now);
          const bool leaves = kIncremental && was >= 0;
          const double* p = points.row(first + j);
          for (size_t d = 0; d < dims; ++d) {
            const int64_t q = ToFixed(p[d], scales.sum_scale);
            mine[best * dims + d] += q;
            if (leaves) mine[static_cast<size_t>(was) * dims + d] -= q;
          }
          ++mine[k * dims + best];
          if (leaves) --mine[k * dims + static_cast<size_t>(was)];
          if constexpr (!kIncremental) mine[width - 1] += ToFixed(best_d2[j], scales.inertia_scale);
        }
      }
    }
  }
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {  // integers: any order gives the same sums
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

}  // namespace

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  return Step<false>(points, centers, k, scales, assignment, dist2);
}

StepSums ReassignAndUpdate(const PointSet& points, std::span<const double> centers, size_t k,
                           const FixedScales& scales, std::span<int32_t> assignment) {
  return Step<true>(points, centers, k, scales, assignment, {});
}

void AssignedDistances(const PointSet& points, std::span<const double> centers,
                       std::span<const int32_t> assignment, std::span<double> dist2) {
  const size_t dims = points.dims;
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < static_cast<int64_t>(points.size()); ++i) {
    const size_t u = static_cast<size_t>(i);
    dist2[u] = SquaredDistance(points.row(u), &centers[static_cast<size_t>(assignment[u]) * dims], dims);
  }
}

}  // namespace qrmark::kmeans
