// Tests src/kmeans/lloyd_step.h: assignments, exact sums, thread invariance.
#include "src/kmeans/lloyd_step.h"

#include <gtest/gtest.h>
#include <omp.h>

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

}  // namespace
}  // namespace qrmark::kmeans
