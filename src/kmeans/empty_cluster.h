// Empty-cluster policy for Lloyd iterations: a cluster that lost all its
// points is re-seeded at the point farthest from its own center (largest
// squared distance; ties → smallest key), as scikit-learn does, but chosen
// across all ranks so the choice does not depend on the partition.
#ifndef QRMARK_SRC_KMEANS_EMPTY_CLUSTER_H_
#define QRMARK_SRC_KMEANS_EMPTY_CLUSTER_H_

#include <cstdint>
#include <span>

#include "src/dist/comm.h"
#include "src/kmeans/points.h"

namespace qrmark::kmeans {

// For each cluster c with counts[c] == 0, in increasing c: moves center c
// (row c of `centers`) onto the farthest point and sets that point's
// `dist2` to -1 so it is not picked again. Returns the number re-seeded.
// Collective: all ranks call it (with the same global `counts`).
int ReseedEmptyClusters(Comm& comm, const PointSet& points, std::span<double> dist2,
                        std::span<const int64_t> counts, std::span<double> centers);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_EMPTY_CLUSTER_H_
