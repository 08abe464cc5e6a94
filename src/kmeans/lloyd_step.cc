// The Lloyd assignment step with exact per-thread partials (integer sums),
// in full and incremental form.
#include "src/kmeans/lloyd_step.h"

#include <omp.h>

#include <algorithm>

// On x86-64 the nearest-center kernel also has an AVX2 clone, picked at load
// time where the CPU has it (4 doubles per vector instead of 2). Both clones
// are the same IEEE operations in the same order, never contracted into
// fused multiply-adds (-ffp-contract=off, CMakeLists.txt), so they give the
// same bits.
#if defined(__x86_64__)
#define QRMARK_VECTOR_CLONES [[gnu::target_clones("avx2", "default")]]
#else
#define QRMARK_VECTOR_CLONES
#endif

namespace qrmark::kmeans {

FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global) {
  const double bound = static_cast<double>(dims) * 4.0 * max_abs * max_abs;
  return {Pow2(FixedExponent(max_abs, n_global)), Pow2(FixedExponent(bound, n_global))};
}

namespace {

// Points per block of the assignment pass: the block's rows and its nearest
// centers stay in L1 while the k centers are swept.
constexpr size_t kBlock = 256;

// |p - c|^2 as t_0 + t_1 + ... in this order, t_d = (p_d - c_d)^2. D > 0:
// dimension fixed at compile time; D == 0: `dims`.
template <size_t D>
inline double SquaredDistanceTo(const double* p, const double* c, size_t dims) {
  if constexpr (D > 0) dims = D;
  double d2 = (p[0] - c[0]) * (p[0] - c[0]);
  for (size_t d = 1; d < dims; ++d) d2 += (p[d] - c[d]) * (p[d] - c[d]);
  return d2;
}

// For each of the m rows of `rows`, the nearest of the k centers (ties →
// lowest index) into nearest[i] (as a double, so that the loop over points
// works on vectors of doubles) and its squared distance into best_d2[i].
// Selects instead of branches, so the compiler vectorizes over points. K > 0:
// k fixed at compile time, a point's k distances stay in registers; K == 0:
// any k, one sweep over the block per center. Every distance is computed as
// SquaredDistanceTo computes it.
template <size_t D, size_t K>
QRMARK_VECTOR_CLONES void NearestInBlock(const double* rows, size_t m, const double* centers, size_t k, size_t dims, double* nearest,
                    double* best_d2) {
  if constexpr (D > 0) dims = D;
  if constexpr (K > 0) {
    for (size_t i = 0; i < m; ++i) {
      const double* p = rows + i * dims;
      double best = 0, best_d = SquaredDistanceTo<D>(p, centers, dims);
      for (size_t c = 1; c < K; ++c) {
        const double d2 = SquaredDistanceTo<D>(p, centers + c * dims, dims);
        best = d2 < best_d ? static_cast<double>(c) : best;
        best_d = std::min(d2, best_d);
      }
      nearest[i] = best;
      best_d2[i] = best_d;
    }
  } else {
    for (size_t i = 0; i < m; ++i) {
      best_d2[i] = SquaredDistanceTo<D>(rows + i * dims, centers, dims);
      nearest[i] = 0;
    }
    for (size_t c = 1; c < k; ++c) {
      const double* center = centers + c * dims;
      const double index = static_cast<double>(c);
      for (size_t i = 0; i < m; ++i) {
        const double d2 = SquaredDistanceTo<D>(rows + i * dims, center, dims), old = best_d2[i];
        nearest[i] = d2 < old ? index : nearest[i];
        best_d2[i] = std::min(d2, old);
      }
    }
  }
}

using NearestKernel = void (*)(const double* rows, size_t m, const double* centers, size_t k, size_t dims,
                               double* nearest, double* best_d2);

// NearestInBlock with k fixed at compile time for small k.
template <size_t D>
NearestKernel NearestKernelForK(size_t k) {
  switch (k) {
    case 2: return NearestInBlock<D, 2>;
    case 3: return NearestInBlock<D, 3>;
    case 4: return NearestInBlock<D, 4>;
    case 5: return NearestInBlock<D, 5>;
    case 6: return NearestInBlock<D, 6>;
    default: return NearestInBlock<D, 0>;
  }
}

// NearestInBlock with the dimension (and k) fixed at compile time for the
// common small cases.
NearestKernel NearestKernelFor(size_t dims, size_t k) {
  switch (dims) {
    case 1: return NearestKernelForK<1>(k);
    case 2: return NearestKernelForK<2>(k);
    case 3: return NearestKernelForK<3>(k);
    case 4: return NearestKernelForK<4>(k);
    default: return NearestInBlock<0, 0>;
  }
}

// One assignment pass with per-thread fixed-point partials: every point goes
// to its nearest center; the partials hold the step's whole sums, counts and
// inertia (kIncremental false), or only the change made by the points that
// moved from the assignment given (true; see ReassignAndUpdate).
template <bool kIncremental>
StepSums Step(const PointSet& points, std::span<const double> centers, size_t k, const FixedScales& scales,
              std::span<int32_t> assignment, std::span<double> dist2) {
  const size_t dims = points.dims, width = k * dims + k + 1, n = points.size();
  const int64_t blocks = static_cast<int64_t>((n + kBlock - 1) / kBlock);
  const NearestKernel nearest_in_block = NearestKernelFor(dims, k);
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    std::vector<int64_t>& mine = partial[static_cast<size_t>(omp_get_thread_num())];
    mine.assign(width, 0);
    double nearest[kBlock];
    size_t changed[kBlock];
#pragma omp for schedule(static)
    for (int64_t b = 0; b < blocks; ++b) {
      const size_t first = static_cast<size_t>(b) * kBlock, m = std::min(kBlock, n - first);
      double* best_d2 = dist2.data() + first;
      int32_t* assigned = assignment.data() + first;
      nearest_in_block(points.row(first), m, centers.data(), k, dims, nearest, best_d2);
      if constexpr (kIncremental) {
        size_t moved = 0;  // most blocks of a late step have none
        for (size_t j = 0; j < m; ++j) moved += static_cast<int32_t>(nearest[j]) != assigned[j];
        if (moved == 0) continue;
      }
      // The points to account for (all, or those that moved), listed without
      // a branch: whether a point moved is unpredictable.
      size_t count = 0;
      for (size_t j = 0; j < m; ++j) {
        changed[count] = j;
        count += !kIncremental || static_cast<int32_t>(nearest[j]) != assigned[j];
      }
      for (size_t t = 0; t < count; ++t) {
        const size_t j = changed[t];
        const int32_t was = assigned[j], now = static_cast<int32_t>(nearest[j]);
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
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {  // integers: any order gives the same sums
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

}  // namespace

int32_t NearestCenter(const double* p, std::span<const double> centers, size_t k, size_t dims, double* d2) {
  double nearest = 0;
  NearestInBlock<0, 0>(p, 1, centers.data(), k, dims, &nearest, d2);
  return static_cast<int32_t>(nearest);
}

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  return Step<false>(points, centers, k, scales, assignment, dist2);
}

StepSums ReassignAndUpdate(const PointSet& points, std::span<const double> centers, size_t k,
                           const FixedScales& scales, std::span<int32_t> assignment, std::span<double> dist2) {
  return Step<true>(points, centers, k, scales, assignment, dist2);
}

}  // namespace qrmark::kmeans
