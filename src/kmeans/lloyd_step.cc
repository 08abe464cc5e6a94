// The Lloyd assignment step with exact per-thread partials (integer sums),
// in full and incremental form.
#include "src/kmeans/lloyd_step.h"

#include <omp.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>

#include "src/base/vector_kernels.h"
#include "src/kmeans/nearest_center.h"
#include "src/kmeans/vector_clones.h"

namespace qrmark::kmeans {

FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global) {
  const double bound = static_cast<double>(dims) * 4.0 * max_abs * max_abs;
  return {Pow2(FixedExponent(max_abs, n_global)), Pow2(FixedExponent(bound, n_global))};
}

namespace {

// Adds the m points of `rows` to the fixed-point partials `sums` (the
// StepSums layout): each point's coordinates to the sums of its cluster
// nearest[i], a count there, and its squared distance best_d2[i] to the
// inertia. A block's coordinates are converted once, then each cluster's
// sums are masked sums over the block, so the loops vectorize instead of
// chaining read-modify-writes of the same few slots. Integer sums: the same
// bits as adding point by point. D > 0: dims fixed at compile time.
template <size_t D>
QRMARK_VECTOR_CLONES void AccumulateBlock(const double* rows, size_t m, size_t dims, const int32_t* nearest,
                                          const double* best_d2, size_t k, const FixedScales& scales,
                                          int64_t* sums) {
  if constexpr (D > 0) dims = D;
  int64_t fixed[kNearestBlock];
  for (size_t d = 0; d < dims; ++d) {
    for (size_t i = 0; i < m; ++i) fixed[i] = ToFixed(rows[i * dims + d], scales.sum_scale);
    for (size_t c = 0; c < k; ++c) {
      const int32_t label = static_cast<int32_t>(c);
      int64_t sum = 0;
      for (size_t i = 0; i < m; ++i) sum += nearest[i] == label ? fixed[i] : 0;
      sums[c * dims + d] += sum;
    }
  }
  for (size_t c = 0; c < k; ++c) {
    const int32_t label = static_cast<int32_t>(c);
    int64_t count = 0;
    for (size_t i = 0; i < m; ++i) count += nearest[i] == label;
    sums[k * dims + c] += count;
  }
  int64_t inertia = 0;
  for (size_t i = 0; i < m; ++i) inertia += ToFixed(best_d2[i], scales.inertia_scale);
  sums[k * dims + k] += inertia;
}

using AccumulateKernel = void (*)(const double* rows, size_t m, size_t dims, const int32_t* nearest,
                                  const double* best_d2, size_t k, const FixedScales& scales, int64_t* sums);

AccumulateKernel AccumulateKernelFor(size_t dims) {  // dims fixed for the common small cases
  switch (dims) {
    case 1: return AccumulateBlock<1>;
    case 2: return AccumulateBlock<2>;
    case 3: return AccumulateBlock<3>;
    case 4: return AccumulateBlock<4>;
    default: return AccumulateBlock<0>;
  }
}

#if defined(__x86_64__)
// FindMovedPortable, 16 labels a compare (late in a run few points move,
// and this scan was most of the step after the distances).
__attribute__((target("avx512f"))) lloyd_step_detail::MovedBits FindMovedAvx512(const int32_t* nearest,
                                                                                 const int32_t* assigned, size_t m) {
  lloyd_step_detail::MovedBits moved{};
  for (size_t j = 0; j < m; j += 16) {
    const __mmask16 valid = m - j >= 16 ? __mmask16{0xffff} : static_cast<__mmask16>((1u << (m - j)) - 1);
    const __m512i now = _mm512_maskz_loadu_epi32(valid, nearest + j);
    const __m512i was = _mm512_maskz_loadu_epi32(valid, assigned + j);
    moved[j / 64] |= uint64_t{_mm512_mask_cmpneq_epi32_mask(valid, now, was)} << (j % 64);
  }
  return moved;
}
#endif

// Runs `block(first, m, nearest, best_d2, partial)` on each block of points
// after the nearest-center kernel, blocks in parallel, each thread adding to
// its own zeroed partial of `width` integers; returns the partials' sum.
template <class Block>
StepSums SumOverBlocks(const PointSet& points, std::span<const double> centers, size_t k, const Block& block) {
  const size_t dims = points.dims, width = k * dims + k + 1, n = points.size();
  const int64_t blocks = static_cast<int64_t>((n + kNearestBlock - 1) / kNearestBlock);
  const NearestKernel nearest_in_block = NearestKernelFor(dims, k);
  std::vector<std::vector<int64_t>> partial(static_cast<size_t>(omp_get_max_threads()));
#pragma omp parallel
  {
    std::vector<int64_t>& mine = partial[static_cast<size_t>(omp_get_thread_num())];
    mine.assign(width, 0);
    int32_t nearest[kNearestBlock];
    double best_d2[kNearestBlock];
#pragma omp for schedule(static)
    for (int64_t b = 0; b < blocks; ++b) {
      const size_t first = static_cast<size_t>(b) * kNearestBlock, m = std::min(kNearestBlock, n - first);
      nearest_in_block(points.row(first), m, centers.data(), k, dims, nearest, best_d2);
      block(first, m, nearest, best_d2, mine.data());
    }
  }
  StepSums out{k, dims, std::vector<int64_t>(width, 0)};
  for (const auto& part : partial) {  // integers: any order gives the same sums
    for (size_t j = 0; j < part.size(); ++j) out.packed[j] += part[j];
  }
  return out;
}

}  // namespace

namespace lloyd_step_detail {

MovedBits FindMovedPortable(const int32_t* nearest, const int32_t* assigned, size_t m) {
  MovedBits moved{};
  for (size_t j = 0; j < m; ++j) moved[j / 64] |= uint64_t{nearest[j] != assigned[j]} << (j % 64);
  return moved;
}

MovedBits FindMoved(const int32_t* nearest, const int32_t* assigned, size_t m) {
#if defined(__x86_64__)
  static const bool avx512 = VectorKernelsAllowed() && __builtin_cpu_supports("avx512f");
  if (avx512) return FindMovedAvx512(nearest, assigned, m);
#endif
  return FindMovedPortable(nearest, assigned, m);
}

}  // namespace lloyd_step_detail

StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2) {
  const AccumulateKernel accumulate_block = AccumulateKernelFor(points.dims);
  return SumOverBlocks(points, centers, k,
                       [&](size_t first, size_t m, const int32_t* nearest, const double* best_d2, int64_t* sums) {
                         std::copy_n(nearest, m, assignment.begin() + static_cast<std::ptrdiff_t>(first));
                         std::copy_n(best_d2, m, dist2.begin() + static_cast<std::ptrdiff_t>(first));
                         accumulate_block(points.row(first), m, points.dims, nearest, best_d2, k, scales, sums);
                       });
}

StepSums ReassignAndUpdate(const PointSet& points, std::span<const double> centers, size_t k,
                           const FixedScales& scales, std::span<int32_t> assignment) {
  const size_t dims = points.dims;
  return SumOverBlocks(points, centers, k, [&](size_t first, size_t m, const int32_t* nearest, const double*,
                                               int64_t* sums) {
    int32_t* assigned = assignment.data() + first;
    const lloyd_step_detail::MovedBits moved = lloyd_step_detail::FindMoved(nearest, assigned, m);
    for (size_t w = 0; w < moved.size(); ++w) {
      for (uint64_t bits = moved[w]; bits != 0; bits &= bits - 1) {  // the points that moved, in order
        const size_t j = w * 64 + static_cast<size_t>(std::countr_zero(bits));
        const int32_t was = assigned[j], now = nearest[j];
        assigned[j] = now;
        const double* p = points.row(first + j);
        for (size_t d = 0; d < dims; ++d) {
          const int64_t q = ToFixed(p[d], scales.sum_scale);
          sums[static_cast<size_t>(now) * dims + d] += q;
          if (was >= 0) sums[static_cast<size_t>(was) * dims + d] -= q;
        }
        ++sums[k * dims + static_cast<size_t>(now)];
        if (was >= 0) --sums[k * dims + static_cast<size_t>(was)];
      }
    }
  });
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
