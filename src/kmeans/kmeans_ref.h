// Reference k-means: a plain single-process Lloyd in doubles, the HPCG `_ref`
// beside the tuned FitKMeans/RunLloyd. Frozen and simple on purpose; used by
// tests (same initial centers → same assignments) and by bench/kmeans.
#ifndef QRMARK_SRC_KMEANS_KMEANS_REF_H_
#define QRMARK_SRC_KMEANS_KMEANS_REF_H_

#include <cstdint>
#include <span>
#include <vector>

namespace qrmark::kmeans {

struct RefResult {
  std::vector<double> centers;
  std::vector<int32_t> assignment;
  std::vector<int64_t> sizes;
  double inertia = 0;
  int iterations = 0;
};

// Lloyd from `centers` (k rows of `dims`) over all `points`, with RunLloyd's
// rules: nearest center (ties → lowest index), empty clusters re-seeded at
// the farthest point (ties → smallest key), stop when the summed squared
// center shift <= tol or after max_iter, then one final assignment.
RefResult KMeansRef(std::span<const double> points, std::span<const uint64_t> keys, size_t dims,
                    std::vector<double> centers, size_t k, int max_iter, double tol);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_KMEANS_REF_H_
