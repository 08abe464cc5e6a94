// Tests src/kmeans/lloyd_step.h: assignments, exact sums, thread invariance.
#include "src/kmeans/lloyd_step.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>

#include "tests/kmeans/test_points.h"

namespace qrmark::kmeans {
namespace {

TEST(LloydStepTest, AssignsToNearestCenterAndTiesGoToLowestIndex) {
  const std::vector<double> coords = {0, 0, 10, 10, 5, 5, 1, 0};
  const std::vector<uint64_t> keys = {1, 2, 3, 4};
  const std::vector<double> centers = {0, 0, 10, 10};  // (5,5) is equidistant
  std::vector<int32_t> a(4);
  std::vector<double> d2(4);
  const FixedScales scales = ScalesFor(10, 2, 4);
  StepSums s = AssignAndAccumulate(PointSet{coords, keys, 2}, centers, 2, scales, a, d2);
  EXPECT_EQ(a, (std::vector<int32_t>{0, 1, 0, 0}));
  EXPECT_EQ(d2[2], 50.0);
  EXPECT_EQ(s.counts()[0], 3);
  EXPECT_EQ(s.counts()[1], 1);
  EXPECT_DOUBLE_EQ(FromFixed(s.sums()[0], scales.sum_scale), 6.0);  // x: 0 + 5 + 1
  EXPECT_DOUBLE_EQ(FromFixed(s.inertia(), scales.inertia_scale), 51.0);
}

TEST(LloydStepTest, MatchesAPlainLoopAndIsIdenticalForOneAndTwoThreads) {
  const auto pts = testing::Blobs({{0, 0, 0}, {3, 1, 0}, {0, 4, 2}}, 400, 3.0);
  const PointSet ps{pts.coords, pts.keys, 3};
  const std::vector<double> centers = {0.1, 0, 0, 3, 1.2, 0, 0, 4, 1.5};
  const FixedScales scales = ScalesFor(8, 3, static_cast<int64_t>(ps.size()));
  std::vector<int32_t> a1(ps.size()), a2(ps.size());
  std::vector<double> d1(ps.size()), d2(ps.size());
  omp_set_num_threads(1);
  StepSums one = AssignAndAccumulate(ps, centers, 3, scales, a1, d1);
  omp_set_num_threads(2);
  StepSums two = AssignAndAccumulate(ps, centers, 3, scales, a2, d2);
  EXPECT_EQ(one.packed, two.packed);
  EXPECT_EQ(a1, a2);
  double inertia = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    double best = 1e300;
    for (size_t c = 0; c < 3; ++c) best = std::min(best, SquaredDistance(ps.row(i), &centers[c * 3], 3));
    EXPECT_EQ(d1[i], best);
    inertia += best;
  }
  EXPECT_NEAR(FromFixed(one.inertia(), scales.inertia_scale), inertia, 1e-9 * inertia);
}

TEST(LloydStepTest, IncrementalDeltasAddUpToTheFullSumsForOneAndTwoThreads) {
  const auto pts = testing::Blobs({{0, 0, 0}, {3, 1, 0}, {0, 4, 2}}, 400, 3.0);
  const PointSet ps{pts.coords, pts.keys, 3};
  const std::vector<std::vector<double>> steps = {
      {0.1, 0, 0, 3, 1.2, 0, 0, 4, 1.5}, {1, 1, 1, 2, 0, 0, 0, 3, 2}, {-1, 0, 0, 3, 1, 0, 0, 4, 2}};
  const FixedScales scales = ScalesFor(8, 3, static_cast<int64_t>(ps.size()));
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    std::vector<int32_t> incremental(ps.size(), -1), full(ps.size());
    std::vector<double> d_incremental(ps.size()), d_full(ps.size());
    std::vector<int64_t> running(3 * 3 + 3 + 1, 0);
    int64_t moved_in_later_steps = 0;
    for (size_t step = 0; step < steps.size(); ++step) {
      const std::vector<int32_t> before = incremental;
      StepSums delta = ReassignAndUpdate(ps, steps[step], 3, scales, incremental);
      StepSums whole = AssignAndAccumulate(ps, steps[step], 3, scales, full, d_full);
      for (size_t j = 0; j < running.size(); ++j) running[j] += delta.packed[j];
      EXPECT_EQ(delta.inertia(), 0);
      EXPECT_EQ(incremental, full) << "step " << step;
      AssignedDistances(ps, steps[step], incremental, d_incremental);
      EXPECT_EQ(d_incremental, d_full) << "step " << step;
      EXPECT_TRUE(std::equal(running.begin(), running.end() - 1, whole.packed.begin())) << "step " << step;
      for (size_t i = 0; step > 0 && i < ps.size(); ++i) moved_in_later_steps += before[i] != incremental[i];
    }
    EXPECT_GT(moved_in_later_steps, 0);  // the deltas really subtracted and added
  }
}

TEST(LloydStepTest, EveryDimsAndKGiveThePlainLoopsAssignmentOnTiesAndNearTies) {
  const size_t n = 1000;  // not a multiple of the block size
  for (size_t dims = 1; dims <= 6; ++dims) {
    for (size_t k = 1; k <= 8; ++k) {
      const testing::TieCase t = testing::Ties(n, dims, k);
      const PointSet ps{t.coords, t.keys, dims};
      const FixedScales scales = ScalesFor(3, dims, static_cast<int64_t>(n));
      for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        std::vector<int32_t> full(n), incremental(n, 0);
        std::vector<double> d_full(n), d_incremental(n);
        AssignAndAccumulate(ps, t.centers, k, scales, full, d_full);
        ReassignAndUpdate(ps, t.centers, k, scales, incremental);
        AssignedDistances(ps, t.centers, incremental, d_incremental);
        for (size_t i = 0; i < n; ++i) {
          double d2 = 0;
          const int32_t want = testing::PlainNearest(ps.row(i), t.centers, k, dims, &d2);
          ASSERT_EQ(full[i], want) << "dims " << dims << " k " << k << " point " << i;
          ASSERT_EQ(incremental[i], want) << "dims " << dims << " k " << k << " point " << i;
          ASSERT_EQ(d_full[i], d2) << "dims " << dims << " k " << k << " point " << i;
          ASSERT_EQ(d_incremental[i], d2) << "dims " << dims << " k " << k << " point " << i;
        }
      }
    }
  }
}

TEST(LloydStepTest, MovedBitsAreThoseOfThePlainComparisonForEveryBlockSize) {
  std::vector<int32_t> nearest(kNearestBlock), assigned(kNearestBlock);
  int64_t moved_points = 0, still_points = 0;
  for (uint64_t round = 0; round < 2000; ++round) {
    const size_t m = 1 + Mix64(round) % kNearestBlock;
    const uint64_t share = Mix64(round + 7) % 4;  // none, few, half or most of the points move
    for (size_t j = 0; j < kNearestBlock; ++j) {
      const uint64_t h = Mix64(round * kNearestBlock + j);
      assigned[j] = static_cast<int32_t>(h % 5) - 1;  // -1: not yet assigned
      const bool moves = share != 0 && (h >> 8) % 4 < share;
      nearest[j] = moves ? (assigned[j] + 1 + static_cast<int32_t>((h >> 16) % 3)) % 4 : assigned[j];
    }
    const lloyd_step_detail::MovedBits plain = lloyd_step_detail::FindMovedPortable(nearest.data(), assigned.data(), m);
    ASSERT_EQ(lloyd_step_detail::FindMoved(nearest.data(), assigned.data(), m), plain) << "round " << round;
    for (size_t j = 0; j < kNearestBlock; ++j) {
      const bool bit = (plain[j / 64] >> (j % 64)) & 1;
      ASSERT_EQ(bit, j < m && nearest[j] != assigned[j]) << "round " << round << " point " << j;
      if (j < m) (bit ? moved_points : still_points) += 1;
    }
  }
  EXPECT_GT(moved_points, 10000);  // both outcomes, many times
  EXPECT_GT(still_points, 10000);
}

}  // namespace
}  // namespace qrmark::kmeans
