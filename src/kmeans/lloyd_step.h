// One Lloyd step on this rank's points, as a pure kernel: assign each point
// to its nearest center and accumulate per-cluster sums, counts and inertia —
// in full (AssignAndAccumulate) or as the change since the previous step
// (ReassignAndUpdate, which only touches the sums of points that moved).
//
// Sums are fixed-point int64 (scale 2^exponent, from points.h), so adding the
// per-thread and per-rank partials in any order gives the same bits: the
// caller AllreduceSums `StepSums::Packed()` and gets a rank- and
// thread-invariant result. Ties in distance go to the lowest center index.
// OpenMP inside; no MPI.
#ifndef QRMARK_SRC_KMEANS_LLOYD_STEP_H_
#define QRMARK_SRC_KMEANS_LLOYD_STEP_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "src/kmeans/nearest_center.h"
#include "src/kmeans/points.h"

namespace qrmark::kmeans {

struct FixedScales {
  double sum_scale = 1;      // coordinates: Pow2(FixedExponent(max |coord|, n points))
  double inertia_scale = 1;  // squared distances: Pow2(FixedExponent(dims * (2 max |coord|)^2, n))
};

// Scales for `n_global` points whose coordinates are bounded by `max_abs`
// (centers that are means of, or copies of, points stay within the bound).
FixedScales ScalesFor(double max_abs, size_t dims, int64_t n_global);

struct StepSums {
  size_t k = 0, dims = 0;
  // Layout: k*dims coordinate sums, then k counts, then the inertia: one
  // vector so one AllreduceSum combines everything.
  std::vector<int64_t> packed;
  int64_t* sums() { return packed.data(); }
  int64_t* counts() { return packed.data() + k * dims; }
  int64_t& inertia() { return packed[k * dims + k]; }
};

// Assigns every point of `points` to its nearest center (`centers`: k rows of
// points.dims), writing `assignment[i]` and `dist2[i]` (squared distance),
// and returns the local fixed-point sums. Spans must have points.size() rows.
StepSums AssignAndAccumulate(const PointSet& points, std::span<const double> centers, size_t k,
                             const FixedScales& scales, std::span<int32_t> assignment,
                             std::span<double> dist2);

// The incremental step: reassigns every point (`assignment[i]` < 0: not yet
// assigned) and returns in its sums and counts the change caused by the points
// that moved — a move from a to b subtracts the point's fixed-point
// coordinates from a and adds them to b; a first assignment only adds. The
// inertia slot stays 0. Integer arithmetic, so the running total of these
// deltas equals AssignAndAccumulate's sums exactly, while a step where few
// points move costs little more than the distances. Assignments are those
// AssignAndAccumulate would write; the distances are not kept (see
// AssignedDistances).
StepSums ReassignAndUpdate(const PointSet& points, std::span<const double> centers, size_t k,
                           const FixedScales& scales, std::span<int32_t> assignment);

// dist2[i] = the squared distance from point i to its center
// `assignment[i]`, bit-identical to the one AssignAndAccumulate writes.
void AssignedDistances(const PointSet& points, std::span<const double> centers,
                       std::span<const int32_t> assignment, std::span<double> dist2);

namespace lloyd_step_detail {

// Which points of a block moved, for ReassignAndUpdate: bit j % 64 of word
// j / 64 is set when nearest[j] != assigned[j] (j < m <= kNearestBlock).
using MovedBits = std::array<uint64_t, (kNearestBlock + 63) / 64>;
MovedBits FindMovedPortable(const int32_t* nearest, const int32_t* assigned, size_t m);
// The same, by AVX-512 where the CPU has it (tests compare the two).
MovedBits FindMoved(const int32_t* nearest, const int32_t* assigned, size_t m);

}  // namespace lloyd_step_detail

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_LLOYD_STEP_H_
