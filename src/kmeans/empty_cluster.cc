// Re-seeds empty clusters at the globally farthest points.
#include "src/kmeans/empty_cluster.h"

#include <algorithm>

#include "src/kmeans/choose_point.h"

namespace qrmark::kmeans {

int ReseedEmptyClusters(Comm& comm, const PointSet& points, std::span<double> dist2,
                        std::span<const int64_t> counts, std::span<double> centers) {
  int reseeded = 0;
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] != 0) continue;
    int64_t best = -1;
    for (size_t i = 0; i < points.size(); ++i) {
      if (dist2[i] < 0) continue;
      const size_t b = static_cast<size_t>(best);
      if (best < 0 || dist2[i] > dist2[b] || (dist2[i] == dist2[b] && points.keys[i] < points.keys[b])) {
        best = static_cast<int64_t>(i);
      }
    }
    const double score = best < 0 ? 0.0 : -dist2[static_cast<size_t>(best)];
    std::optional<ChosenPoint> far = ChooseGlobalPoint(comm, points, best, score);
    if (!far) break;  // every point already used: leave the remaining centers as they are
    std::copy(far->coords.begin(), far->coords.end(),
              centers.begin() + static_cast<std::ptrdiff_t>(c * points.dims));
    if (best >= 0 && points.keys[static_cast<size_t>(best)] == far->key)
      dist2[static_cast<size_t>(best)] = -1;
    ++reseeded;
  }
  return reseeded;
}

}  // namespace qrmark::kmeans
