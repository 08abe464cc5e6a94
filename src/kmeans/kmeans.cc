// The k-means outer loop: restarts × (seeding, Lloyd iterations).
#include "src/kmeans/kmeans.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "src/kmeans/empty_cluster.h"
#include "src/kmeans/lloyd_step.h"
#include "src/kmeans/seeding.h"

namespace qrmark::kmeans {
namespace {

Status CheckParams(const KMeansParams& p, size_t dims, size_t rows, size_t keys) {
  if (p.k < 1 || p.max_iter < 1 || p.restarts < 1 || !(p.tol >= 0) || p.parallel_rounds < 1 ||
      !(p.oversampling > 0)) {
    return InvalidArgument(
        "k-means: need k, max_iter, restarts, parallel_rounds >= 1, tol >= 0 and "
        "oversampling > 0; got k=" +
        std::to_string(p.k) + " max_iter=" + std::to_string(p.max_iter) +
        " restarts=" + std::to_string(p.restarts));
  }
  if (dims == 0 || rows != keys * dims) {
    return InvalidArgument("k-means: " + std::to_string(rows) + " values for " + std::to_string(keys) +
                           " keys of " + std::to_string(dims) + " dims");
  }
  return Status::Ok();
}

// Global max |coordinate| (bounds every center built from the points).
double MaxAbs(Comm& comm, std::span<const double> coords) {
  double m = 0;
  for (double x : coords) m = std::max(m, std::abs(x));
  return comm.MaxOf(m);
}

// Final assignment step: sizes, inertia and assignment for `centers`.
void Finish(Comm& comm, const PointSet& points, const FixedScales& scales, size_t k, LloydResult& r,
            std::vector<double>& dist2) {
  StepSums s = AssignAndAccumulate(points, r.centers, k, scales, r.assignment, dist2);
  comm.AllreduceSum(s.packed);
  r.sizes.assign(s.counts(), s.counts() + k);
  r.inertia_fixed = s.inertia();
  r.inertia = FromFixed(s.inertia(), scales.inertia_scale);
}

// The fixed-point scales for `points` across all ranks. Collective.
FixedScales ScalesOf(Comm& comm, const PointSet& points) {
  return ScalesFor(MaxAbs(comm, points.coords), points.dims, comm.SumOf(static_cast<int64_t>(points.size())));
}

// RunLloyd with the fixed-point scales given (the same for every restart).
LloydResult Lloyd(Comm& comm, const PointSet& points, const FixedScales& scales, std::vector<double> centers,
                  size_t k, int max_iter, double tol) {
  const size_t dims = points.dims;
  LloydResult r;
  r.assignment.assign(points.size(), -1);
  std::vector<double> dist2(points.size());  // for re-seeding and the final step
  // Global sums and counts of the current assignment, kept up to date from
  // each step's exact integer change (only points that moved contribute).
  StepSums s{k, dims, std::vector<int64_t>(k * dims + k + 1, 0)};
  for (int it = 0; it < max_iter; ++it) {
    // The first step assigns every point: the full step's block sums cost
    // less than as many moves.
    StepSums delta = it == 0 ? AssignAndAccumulate(points, centers, k, scales, r.assignment, dist2)
                             : ReassignAndUpdate(points, centers, k, scales, r.assignment);
    delta.inertia() = 0;  // the running sums keep sums and counts only
    comm.AllreduceSum(delta.packed);
    for (size_t j = 0; j < s.packed.size(); ++j) s.packed[j] += delta.packed[j];
    std::vector<double> next = centers;
    for (size_t c = 0; c < k; ++c) {
      const int64_t count = s.counts()[c];
      for (size_t d = 0; d < dims && count > 0; ++d) {
        next[c * dims + d] = FromFixed(s.sums()[c * dims + d], scales.sum_scale) / static_cast<double>(count);
      }
    }
    const std::span<const int64_t> counts(s.counts(), k);
    if (std::find(counts.begin(), counts.end(), 0) != counts.end()) {  // the same on every rank
      AssignedDistances(points, centers, r.assignment, dist2);
      ReseedEmptyClusters(comm, points, dist2, counts, next);
    }
    double shift = 0;
    for (size_t j = 0; j < next.size(); ++j) shift += (next[j] - centers[j]) * (next[j] - centers[j]);
    centers = std::move(next);
    r.iterations = it + 1;
    if (shift <= tol) {
      r.converged = true;
      break;
    }
  }
  r.centers = std::move(centers);
  Finish(comm, points, scales, k, r, dist2);
  return r;
}

}  // namespace

Result<Seeding> SeedingFromName(std::string_view name) {
  if (name == "k-means++" || name == "kmeans++") return Seeding::kKMeansPlusPlus;
  if (name == "k-means||" || name == "kmeans||") return Seeding::kKMeansParallel;
  return InvalidArgument("k-means: unknown seeding \"" + std::string(name) + "\" (k-means++ or k-means||)");
}

LloydResult RunLloyd(Comm& comm, const PointSet& points, std::vector<double> centers, size_t k, int max_iter,
                     double tol) {
  return Lloyd(comm, points, ScalesOf(comm, points), std::move(centers), k, max_iter, tol);
}

Result<std::vector<double>> InitialCenters(Comm& comm, const PointSet& standardized, const KMeansParams& p,
                                           int restart) {
  const uint64_t seed = Mix64(p.seed + static_cast<uint64_t>(restart));
  const size_t k = static_cast<size_t>(p.k);
  if (p.seeding == Seeding::kKMeansParallel) {
    return SeedKMeansParallel(comm, standardized, k, seed, p.parallel_rounds, p.oversampling);
  }
  return SeedKMeansPlusPlus(comm, standardized, k, seed);
}

Result<KMeansModel> FitKMeans(Comm& comm, std::span<const double> points_row_major,
                              std::span<const uint64_t> keys, size_t dims, const KMeansParams& params) {
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CheckParams(params, dims, points_row_major.size(), keys.size())));
  KMeansModel model;
  model.dims = dims;
  QRMARK_ASSIGN_OR_RETURN(StandardizedRows standardized,
                          FitAndStandardize(comm, points_row_major, dims, params.log1p));
  model.standardizer = std::move(standardized.standardizer);
  const int64_t n = comm.SumOf(static_cast<int64_t>(keys.size()));
  if (n < 1) return InvalidArgument("k-means: no points to cluster");
  const PointSet points{standardized.z, keys, dims};
  // Fewer distinct points than k (a handful of users, or users all alike):
  // one cluster per distinct point, so that the run still has its tiers;
  // model.k < params.k tells the caller.
  KMeansParams fit = params;
  fit.k = static_cast<int>(std::min<int64_t>(params.k, n));
  Result<std::vector<double>> first = InitialCenters(comm, points, fit, 0);
  if (first.status().code() == StatusCode::kFailedPrecondition) {
    fit.k = static_cast<int>(DistinctPointsUpTo(comm, points, static_cast<size_t>(fit.k)));
    first = InitialCenters(comm, points, fit, 0);
  }
  QRMARK_RETURN_IF_ERROR(first.status());
  model.k = static_cast<size_t>(fit.k);
  const FixedScales scales = ScalesOf(comm, points);
  for (int r = 0; r < params.restarts; ++r) {
    std::vector<double> init;
    if (r == 0) {
      init = std::move(first).value();
    } else {
      QRMARK_ASSIGN_OR_RETURN(init, InitialCenters(comm, points, fit, r));
    }
    LloydResult run = Lloyd(comm, points, scales, std::move(init), model.k, params.max_iter, params.tol);
    model.restart_inertia.push_back(run.inertia);
    if (r == 0 || run.inertia_fixed < model.best.inertia_fixed) {
      model.best = std::move(run);
      model.best_restart = r;
    }
  }
  model.centers = model.best.centers;
  model.centers_original = Unstandardize(model.standardizer, model.centers);
  return model;
}

}  // namespace qrmark::kmeans
