// The Lloyd assignment step with exact per-thread partials (integer sums),
// in full and incremental form.
#include "src/kmeans/lloyd_step.h"

#include <omp.h>

namespace qrmark::kmeans {

FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global) {
  const double bound = static_cast<double>(dims) * 4.0 * max_abs * max_abs;
  return {Pow2(FixedExponent(max_abs, n_global)), Pow2(FixedExponent(bound, n_global))};
}

namespace {

// Squared distance from p to `center`, the one way every step computes it (so
// computing it again gives the same bits). D > 0: dimension fixed at compile
// time; D == 0: `dims`. The same arithmetic in the same order for every D.
template <size_t D>
inline double SquaredDistance(const double* p, const double* center, size_t dims) {
  if constexpr (D > 0) dims = D;
  double d2 = 0;
  for (size_t d = 0; d < dims; ++d) d2 += (p[d] - center[d]) * (p[d] - center[d]);
  return d2;
}

// Nearest of the k centers to p (ties → lowest index), its squared distance in *best_d.
template <size_t D>
inline size_t Nearest(const double* p, const double* centers, size_t k, size_t dims, double* best_d) {
  if constexpr (D > 0) dims = D;
  size_t best = 0;
  double best_d2 = 0;
  for (size_t c = 0; c < k; ++c) {
    const double d2 = SquaredDistance<D>(p, centers + c * dims, dims);
    const bool closer = c == 0 || d2 < best_d2;
    best_d2 = closer ? d2 : best_d2;
    best = closer ? c : best;
  }
  *best_d = best_d2;
  return best;
}

// One assignment pass with per-thread fixed-point partials: every point goes
// to its nearest center; the partials hold the step's whole sums, counts and
// inertia (kIncremental false), or only the change made by the points that
// moved from the assignment given (true; see ReassignAndUpdate).
template <size_t D, bool kIncremental>
StepSums Step(const PointSet& points, std::span<const double> centers, size_t k, const FixedScales& scales,
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
      double best_d = 0;
      const size_t best = Nearest<D>(p, centers.data(), k, dims, &best_d);
      if constexpr (!kIncremental) dist2[u] = best_d;
      const int32_t was = assignment[u];
      if constexpr (kIncremental) {
        if (was == static_cast<int32_t>(best)) continue;
      }
      assignment[u] = static_cast<int32_t>(best);
      const bool leaves = kIncremental && was >= 0;
      for (size_t d = 0; d < dims; ++d) {
        const int64_t q = ToFixed(p[d], scales.sum_scale);
        mine[best * dims + d] += q;
        if (leaves) mine[static_cast<size_t>(was) * dims + d] -= q;
      }
      ++mine[k * dims + best];
      if (leaves) --mine[k * dims + static_cast<size_t>(was)];
      if constexpr (!kIncremental) mine[width - 1] += ToFixed(best_d, scales.inertia_scale);
    }
  }
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {  // integers: any order gives the same sums
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

// Step with the dimension fixed at compile time for the common small cases.
template <bool kIncremental>
StepSums StepOfAnyDims(const PointSet& points, std::span<const double> centers, size_t k, const FixedScales& scales,
                       std::span<int32_t> assignment, std::span<double> dist2) {
  switch (points.dims) {
    case 1: return Step<1, kIncremental>(points, centers, k, scales, assignment, dist2);
    case 2: return Step<2, kIncremental>(points, centers, k, scales, assignment, dist2);
    case 3: return Step<3, kIncremental>(points, centers, k, scales, assignment, dist2);
    case 4: return Step<4, kIncremental>(points, centers, k, scales, assignment, dist2);
    default: return Step<0, kIncremental>(points, centers, k, scales, assignment, dist2);
  }
}

}  // namespace

int32_t NearestCenter(const double* p, std::span<const double> centers, size_t k, size_t dims, double* d2) {
  return static_cast<int32_t>(Nearest<0>(p, centers.data(), k, dims, d2));
}

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  return StepOfAnyDims<false>(points, centers, k, scales, assignment, dist2);
}

StepSums ReassignAndUpdate(const PointSet& points, std::span<const double> centers, size_t k,
                           const FixedScales& scales, std::span<int32_t> assignment) {
  return StepOfAnyDims<true>(points, centers, k, scales, assignment, {});
}

void RefreshDistances(const PointSet& points, std::span<const double> centers, std::span<const int32_t> assignment,
                      std::span<double> dist2) {
  const size_t dims = points.dims;
  const int64_t n = static_cast<int64_t>(points.size());
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    const size_t u = static_cast<size_t>(i);
    const double* p = points.coords.data() + u * dims;
    const double* center = centers.data() + static_cast<size_t>(assignment[u]) * dims;
    switch (dims) {  // the compile-time dimension the steps use: the same bits
      case 1: dist2[u] = SquaredDistance<1>(p, center, dims); break;
      case 2: dist2[u] = SquaredDistance<2>(p, center, dims); break;
      case 3: dist2[u] = SquaredDistance<3>(p, center, dims); break;
      case 4: dist2[u] = SquaredDistance<4>(p, center, dims); break;
      default: dist2[u] = SquaredDistance<0>(p, center, dims); break;
    }
  }
}

}  // namespace qrmark::kmeans
