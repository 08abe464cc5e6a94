// Tests src/kmeans/seeding.h: distinct picks, determinism, independence of point order.
#include "src/kmeans/seeding.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/kmeans/test_points.h"

namespace qrmark::kmeans {
namespace {

// The same points in reverse row order.
testing::TestPoints Reversed(const testing::TestPoints& p, size_t dims) {
  testing::TestPoints r;
  for (size_t i = p.keys.size(); i-- > 0;) {
    r.coords.insert(r.coords.end(), p.coords.begin() + static_cast<std::ptrdiff_t>(i * dims),
                    p.coords.begin() + static_cast<std::ptrdiff_t>((i + 1) * dims));
    r.keys.push_back(p.keys[i]);
  }
  return r;
}

TEST(SeedingTest, KMeansPlusPlusPicksDistinctPointsIndependentOfOrder) {
  const auto pts = testing::Blobs({{0, 0}, {10, 0}, {0, 10}}, 50, 1.0);
  const auto rev = Reversed(pts, 2);
  SerialComm comm;
  auto a = SeedKMeansPlusPlus(comm, PointSet{pts.coords, pts.keys, 2}, 3, 7);
  auto b = SeedKMeansPlusPlus(comm, PointSet{rev.coords, rev.keys, 2}, 3, 7);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  // Well separated blobs: D^2 sampling lands one center in each.
  std::vector<int> blob;
  for (size_t c = 0; c < 3; ++c) blob.push_back((*a)[c * 2] > 5 ? 1 : (*a)[c * 2 + 1] > 5 ? 2 : 0);
  std::sort(blob.begin(), blob.end());
  EXPECT_EQ(blob, (std::vector<int>{0, 1, 2}));
  auto other = SeedKMeansPlusPlus(comm, PointSet{pts.coords, pts.keys, 2}, 3, 8);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*a, *other);  // the seed matters
}

TEST(SeedingTest, KMeansParallelIsOrderIndependentAndCoversTheBlobs) {
  const auto pts = testing::Blobs({{0, 0}, {10, 0}, {0, 10}}, 200, 1.0);
  const auto rev = Reversed(pts, 2);
  SerialComm comm;
  auto a = SeedKMeansParallel(comm, PointSet{pts.coords, pts.keys, 2}, 3, 11, 5, 2.0);
  auto b = SeedKMeansParallel(comm, PointSet{rev.coords, rev.keys, 2}, 3, 11, 5, 2.0);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  ASSERT_EQ(a->size(), 6u);
}

TEST(SeedingTest, FewerDistinctPointsThanKFails) {
  const std::vector<double> coords = {1, 1, 1, 1, 2, 2};
  const std::vector<uint64_t> keys = {1, 2, 3};
  SerialComm comm;
  auto r = SeedKMeansPlusPlus(comm, PointSet{coords, keys, 2}, 3, 1);
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace qrmark::kmeans
