// Distributed k-means: standardize, seed, Lloyd iterations with exact
// (fixed-point) AllreduceSums, empty-cluster re-seeding, several restarts
// keeping the lowest inertia. The outer loop over the pure step in
// lloyd_step.h; the one k-means file that talks to other ranks (via Comm).
//
// Same points and params → the same centers, assignments and inertia bits on
// any number of ranks and threads.
//
// Example:
//   KMeansParams p;  p.k = 3;  p.log1p = {true, true, true};
//   QRMARK_ASSIGN_OR_RETURN(KMeansModel model, FitKMeans(comm, rfm_rows, keys, 3, p));
#ifndef QRMARK_SRC_KMEANS_KMEANS_H_
#define QRMARK_SRC_KMEANS_KMEANS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/kmeans/points.h"
#include "src/kmeans/standardize.h"

namespace qrmark::kmeans {

enum class Seeding { kKMeansPlusPlus, kKMeansParallel };
// "k-means++" / "k-means||" (or without the dash); InvalidArgument otherwise.
[[nodiscard]] Result<Seeding> SeedingFromName(std::string_view name);

struct KMeansParams {
  int k = 3;
  int max_iter = 100;
  // Converged when the summed squared center shift <= tol (standardized
  // units, where each feature has variance 1: scikit-learn's rule).
  double tol = 1e-4;
  int restarts = 4;  // restart r uses seed Mix64(seed + r); lowest inertia wins, ties → lowest r
  uint64_t seed = 20111209;
  Seeding seeding = Seeding::kKMeansPlusPlus;
  int parallel_rounds = 5;    // k-means|| only
  double oversampling = 2.0;  // k-means||: l = oversampling * k
  std::vector<bool> log1p;    // per dim, empty = none
};

// The outcome of Lloyd iterations from given centers (standardized space).
struct LloydResult {
  std::vector<double> centers;      // k * dims
  std::vector<int64_t> sizes;       // global
  std::vector<int32_t> assignment;  // local points
  double inertia = 0;               // global sum of squared distances
  int64_t inertia_fixed = 0;        // the same, exact fixed point (for comparisons)
  int iterations = 0;
  bool converged = false;
};

struct KMeansModel {
  size_t k = 0, dims = 0;  // k: clusters fitted, fewer than asked for when the points had fewer distinct values
  Standardizer standardizer;
  std::vector<double> centers;           // standardized, k * dims
  std::vector<double> centers_original;  // original units (expm1 where log1p)
  LloydResult best;                      // sizes, assignment, inertia, iterations of the kept restart
  int best_restart = 0;
  std::vector<double> restart_inertia;  // one per restart
};

// Lloyd iterations on standardized `points` from `centers` (k rows). Collective.
LloydResult RunLloyd(Comm& comm, const PointSet& points, std::vector<double> centers, size_t k, int max_iter,
                     double tol);

// Fits k-means on every rank's raw rows. With fewer than k distinct points
// (standardized), it fits one cluster per distinct point: model.k < k.
// InvalidArgument for k < 1, max_iter < 1, restarts < 1, bad values
// (standardize.h) or no point at all. Collective: all ranks call it.
[[nodiscard]] Result<KMeansModel> FitKMeans(Comm& comm, std::span<const double> points_row_major,
                                            std::span<const uint64_t> keys, size_t dims,
                                            const KMeansParams& params);

// The initial centers restart `restart` of FitKMeans uses (for tests and
// reference runs). Collective.
[[nodiscard]] Result<std::vector<double>> InitialCenters(Comm& comm, const PointSet& standardized,
                                                         const KMeansParams& params, int restart);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_KMEANS_H_
