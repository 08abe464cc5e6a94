// Tests src/kmeans/seeding.h: distinct picks, determinism, independence of point order.
#include "src/kmeans/seeding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

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

// k-means++ as the plain definition: every point's race score
// -log(u) / weight computed, the lowest (score, key) wins each round.
std::vector<double> PlainKMeansPlusPlus(const PointSet& points, size_t k, uint64_t seed,
                                        const std::vector<double>& w) {
  std::vector<double> centers, d2(points.size(), std::numeric_limits<double>::infinity());
  for (size_t c = 0; c < k; ++c) {
    size_t best = points.size();
    double best_e = 0;
    for (size_t i = 0; i < points.size(); ++i) {
      const double weight = (std::isinf(d2[i]) ? 1.0 : d2[i]) * (w.empty() ? 1.0 : w[i]);
      if (!(weight > 0)) continue;
      const double e = -std::log(KeyedUniform(points.keys[i], seed, c)) / weight;
      if (best == points.size() || e < best_e || (e == best_e && points.keys[i] < points.keys[best])) {
        best = i, best_e = e;
      }
    }
    centers.insert(centers.end(), points.row(best), points.row(best) + points.dims);
    for (size_t i = 0; i < points.size(); ++i) {
      d2[i] = std::min(d2[i], SquaredDistance(points.row(i), points.row(best), points.dims));
    }
  }
  return centers;
}

TEST(SeedingTest, KMeansPlusPlusEqualsThePlainRaceOverEveryPoint) {
  // Heavy-tailed rows with many duplicates (weight 0 once a copy is a
  // center), with and without per-point weights, for many seeds.
  const auto pts = testing::RfmLike(4000);
  std::vector<double> log_rows;
  for (double x : pts.coords) log_rows.push_back(std::log1p(x));
  const PointSet ps{log_rows, pts.keys, 3};
  std::vector<double> w;
  for (size_t i = 0; i < ps.size(); ++i) w.push_back(static_cast<double>(1 + i % 7));
  SerialComm comm;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    auto got = SeedKMeansPlusPlus(comm, ps, 6, seed);
    auto weighted = SeedKMeansPlusPlus(comm, ps, 6, seed, w);
    ASSERT_TRUE(got.ok() && weighted.ok());
    EXPECT_EQ(*got, PlainKMeansPlusPlus(ps, 6, seed, {})) << "seed " << seed;
    EXPECT_EQ(*weighted, PlainKMeansPlusPlus(ps, 6, seed, w)) << "seed " << seed;
  }
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
