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

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  const size_t dims = points.dims, width = k * dims + k + 1;
  const int64_t n = static_cast<int64_t>(points.size());
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    std::vector<int64_t>& mine = partial[static_cast<size_t>(omp_get_thread_num())];
    mine.assign(width, 0);
#pragma omp for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      const size_t u = static_cast<size_t>(i);
      const double* p = points.row(u);
      const int32_t c = NearestCenter(p, centers, k, dims, &dist2[u]);
      assignment[u] = c;
      for (size_t d = 0; d < dims; ++d)
        mine[static_cast<size_t>(c) * dims + d] += ToFixed(p[d], scales.sum_scale);
      ++mine[k * dims + static_cast<size_t>(c)];
      mine[width - 1] += ToFixed(dist2[u], scales.inertia_scale);
    }
  }
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

}  // namespace qrmark::kmeans
