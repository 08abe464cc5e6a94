// Picking one point across all ranks by the lowest (score, key): the primitive
// behind k-means++ draws and empty-cluster re-seeding. The winner depends only
// on the points' scores and keys, never on which rank holds them.
#ifndef QRMARK_SRC_KMEANS_CHOOSE_POINT_H_
#define QRMARK_SRC_KMEANS_CHOOSE_POINT_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "src/dist/comm.h"
#include "src/kmeans/points.h"

namespace qrmark::kmeans {

struct ChosenPoint {
  uint64_t key = 0;
  std::vector<double> coords;  // points.dims values
};

// Each rank offers its best local candidate (`local_index` into `points`, or
// -1 for none) with `score`; returns on every rank the candidate with the
// lowest (score, key), or nullopt if no rank offered one.
// Collective: all ranks call it.
std::optional<ChosenPoint> ChooseGlobalPoint(Comm& comm, const PointSet& points, int64_t local_index,
                                             double score);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_CHOOSE_POINT_H_
