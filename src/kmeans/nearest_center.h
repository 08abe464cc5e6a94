// The nearest of k centers for a block of points, as one vectorized kernel
// shared by the Lloyd steps and the seedings, and the passes over a whole
// point set built on it. Ties go to the lowest center index; a squared
// distance is t_0 + t_1 + ... in this order, t_d = (p_d - c_d)^2, whichever
// kernel variant computes it (points.h's SquaredDistance gives the same
// bits). OpenMP inside the whole-set passes; no MPI.
#ifndef QRMARK_SRC_KMEANS_NEAREST_CENTER_H_
#define QRMARK_SRC_KMEANS_NEAREST_CENTER_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "src/kmeans/points.h"

namespace qrmark::kmeans {

// Points per block: a block's scratch arrays stay in L1.
constexpr size_t kNearestBlock = 256;

// For each of the m rows of `rows` (m <= kNearestBlock; dims >= 1 columns),
// the index of the nearest of the k centers into nearest[i] and its squared
// distance into best_d2[i].
using NearestKernel = void (*)(const double* rows, size_t m, const double* centers, size_t k, size_t dims,
                               int32_t* nearest, double* best_d2);

// The kernel for `dims` and `k` (compiled for fixed small values of both).
NearestKernel NearestKernelFor(size_t dims, size_t k);

// nearest[i] = the index of the center nearest to point i, for every point.
void AssignNearest(const PointSet& points, std::span<const double> centers, size_t k, std::span<int32_t> nearest);

// dist2[i] = min(dist2[i], the squared distance from point i to its nearest
// center), for every point (none for k = 0).
void LowerToNearest(const PointSet& points, std::span<const double> centers, size_t k, std::span<double> dist2);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_NEAREST_CENTER_H_
