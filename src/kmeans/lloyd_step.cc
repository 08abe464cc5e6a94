// The Lloyd assignment step with exact per-thread partials (integer sums).
#include "src/kmeans/lloyd_step.h"

#include <omp.h>

namespace qrmark::kmeans {

FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global) {
  const double bound = static_cast<double>(dims) * 4.0 * max_abs * max_abs;
  return {Pow2(FixedExponent(max_abs, n_global)), Pow2(FixedExponent(bound, n_global))};
}

int32_t NearestCenter(const double* p, std::span<const double> centers, size_t k, size_t dims, double* d2) {
  int32_t best = 0;
  double best_d = SquaredDistance(p, centers.data(), dims);
  for (size_t c = 1; c < k; ++c) {
    const double d = SquaredDistance(p, centers.data() + c * dims, dims);
    if (d < best_d) best_d = d, best = static_cast<int32_t>(c);
  }
  *d2 = best_d;
  return best;
}

namespace {

// The step with the dimension fixed at compile time (D > 0) or read from
// `points` (D == 0): same arithmetic in the same order either way.
template <size_t D>
StepSums Accumulate(const PointSet& points, std::span<const double> centers, size_t k, const FixedScales& scales,
                    std::span<int32_t> assignment, std::span<double> dist2) {
  const size_t dims = D > 0 ? D : points.dims, width = k * dims + k + 1;
  const int64_t n = static_cast<int64_t>(points.size());
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    std::vector<int64_t>& mine = partial[static_cast<size_t>(omp_get_thread_num())];
    mine.assign(width, 0);
#pragma omp for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      const size_t u = static_cast<size_t>(i);
      const double* p = points.coords.data() + u * dims;
      size_t best = 0;
      double best_d = 0;
      for (size_t c = 0; c < k; ++c) {
        double d2 = 0;
        for (size_t d = 0; d < dims; ++d) d2 += (p[d] - centers[c * dims + d]) * (p[d] - centers[c * dims + d]);
        if (c == 0 || d2 < best_d) best_d = d2, best = c;
      }
      assignment[u] = static_cast<int32_t>(best);
      dist2[u] = best_d;
      for (size_t d = 0; d < dims; ++d) mine[best * dims + d] += ToFixed(p[d], scales.sum_scale);
      ++mine[k * dims + best];
      mine[width - 1] += ToFixed(best_d, scales.inertia_scale);
    }
  }
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

}  // namespace

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  switch (points.dims) {
    case 1: return Accumulate<1>(points, centers, k, scales, assignment, dist2);
    case 2: return Accumulate<2>(points, centers, k, scales, assignment, dist2);
    case 3: return Accumulate<3>(points, centers, k, scales, assignment, dist2);
    case 4: return Accumulate<4>(points, centers, k, scales, assignment, dist2);
    default: return Accumulate<0>(points, centers, k, scales, assignment, dist2);
  }
}

}  // namespace qrmark::kmeans
