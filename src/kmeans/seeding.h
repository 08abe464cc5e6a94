// Initial centers for k-means: k-means++ and k-means|| (scalable k-means++).
//
// Every random draw is keyed by (user key, seed, round) (points.h), and
// weighted sampling is an exponential race: point i gets
// e_i = -log(u(key_i, seed, round)) / w_i, and the global minimum of
// (e_i, key_i) is a draw with probability proportional to w_i. So the
// centers are the same for any number of ranks or threads (unlike Spark's
// k-means||, which changes with the partitioning).
#ifndef QRMARK_SRC_KMEANS_SEEDING_H_
#define QRMARK_SRC_KMEANS_SEEDING_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/kmeans/points.h"

namespace qrmark::kmeans {

// k centers (k * dims, row-major) by k-means++ with D^2 weighting, times the
// optional per-point `weights` (empty: all 1). FailedPrecondition if fewer
// than k distinct points exist across ranks. Collective: all ranks call it.
[[nodiscard]] Result<std::vector<double>> SeedKMeansPlusPlus(Comm& comm, const PointSet& points, size_t k,
                                                             uint64_t seed,
                                                             std::span<const double> weights = {});

// How many distinct points there are across ranks, counting up to k (k
// points drawn, each at a positive distance from those before). Collective.
size_t DistinctPointsUpTo(Comm& comm, const PointSet& points, size_t k);

// k centers by k-means||: one uniform first center, then `rounds` rounds each
// sampling point i with probability min(1, oversampling*k*D^2_i / phi)
// (phi = exact global sum of D^2), candidates weighted by the points nearest
// to them, reduced to k by weighted k-means++. Collective.
[[nodiscard]] Result<std::vector<double>> SeedKMeansParallel(Comm& comm, const PointSet& points, size_t k,
                                                             uint64_t seed, int rounds, double oversampling);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_SEEDING_H_
