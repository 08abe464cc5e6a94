// Tests src/kmeans/nearest_center.h: every compiled kernel variant against the
// plain definition on ties and near-ties, for one and two threads.
#include "src/kmeans/nearest_center.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <limits>
#include <vector>

#include "tests/kmeans/test_points.h"

namespace qrmark::kmeans {
namespace {

TEST(NearestCenterTest, EveryDimsAndKGiveThePlainNearestCenterAndDistance) {
  const size_t n = 1000;  // not a multiple of the block size
  for (size_t dims = 1; dims <= 6; ++dims) {
    for (size_t k = 1; k <= 8; ++k) {
      const testing::TieCase t = testing::Ties(n, dims, k);
      const PointSet ps{t.coords, t.keys, dims};
      for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        std::vector<int32_t> nearest(n, -1);
        std::vector<double> lowered(n, std::numeric_limits<double>::infinity());
        AssignNearest(ps, t.centers, k, nearest);
        LowerToNearest(ps, t.centers, k, lowered);
        for (size_t i = 0; i < n; ++i) {
          double d2 = 0;
          ASSERT_EQ(nearest[i], testing::PlainNearest(ps.row(i), t.centers, k, dims, &d2))
              << "dims " << dims << " k " << k << " point " << i;
          ASSERT_EQ(lowered[i], d2) << "dims " << dims << " k " << k << " point " << i;
        }
      }
    }
  }
}

TEST(NearestCenterTest, LoweringKeepsSmallerDistancesAndNoCentersChangeNothing) {
  const std::vector<double> coords = {0, 0, 3, 4};
  const std::vector<uint64_t> keys = {1, 2};
  const PointSet ps{coords, keys, 2};
  std::vector<double> d2 = {1.0, 100.0};
  LowerToNearest(ps, std::vector<double>{0, 2}, 1, d2);  // distances 4 and 13
  EXPECT_EQ(d2, (std::vector<double>{1.0, 13.0}));
  LowerToNearest(ps, std::vector<double>{}, 0, d2);
  EXPECT_EQ(d2, (std::vector<double>{1.0, 13.0}));
}

}  // namespace
}  // namespace qrmark::kmeans
