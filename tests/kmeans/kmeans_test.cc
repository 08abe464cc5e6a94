// Tests src/kmeans/kmeans.h against src/kmeans/kmeans_ref.h, plus the
// empty-cluster policy, restarts and bad parameters.
#include "src/kmeans/kmeans.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "src/kmeans/kmeans_ref.h"
#include "tests/kmeans/test_points.h"

namespace qrmark::kmeans {
namespace {

TEST(KMeansTest, FitWithSerialCommEqualsThePlainReference) {
  const auto pts = testing::RfmLike(3000);
  for (Seeding seeding : {Seeding::kKMeansPlusPlus, Seeding::kKMeansParallel}) {
    KMeansParams p;
    p.restarts = 1;
    p.seeding = seeding;
    p.log1p = {true, true, true};
    SerialComm comm;
    auto model = FitKMeans(comm, pts.coords, pts.keys, 3, p);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    const std::vector<double> z = Standardize(model->standardizer, pts.coords);
    auto init = InitialCenters(comm, PointSet{z, pts.keys, 3}, p, 0);
    ASSERT_TRUE(init.ok());
    const RefResult ref = KMeansRef(z, pts.keys, 3, *init, 3, p.max_iter, p.tol);
    EXPECT_EQ(model->best.assignment, ref.assignment);
    EXPECT_EQ(model->best.sizes, ref.sizes);
    EXPECT_EQ(model->best.iterations, ref.iterations);
    EXPECT_NEAR(model->best.inertia, ref.inertia, 1e-9 * ref.inertia);
    for (size_t j = 0; j < ref.centers.size(); ++j) EXPECT_NEAR(model->centers[j], ref.centers[j], 1e-9);
  }
}

TEST(KMeansTest, EmptyClusterIsReseededAtTheFarthestPoint) {
  const std::vector<double> z = {0, 0.1, 0.2, 5, 5.1, 9};
  const std::vector<uint64_t> keys = {1, 2, 3, 4, 5, 6};
  const std::vector<double> init = {0.1, 5.0, 100.0};  // the third center attracts nothing
  SerialComm comm;
  LloydResult r = RunLloyd(comm, PointSet{z, keys, 1}, init, 3, 50, 0);
  const RefResult ref = KMeansRef(z, keys, 1, init, 3, 50, 0);
  EXPECT_EQ(r.assignment, (std::vector<int32_t>{0, 0, 0, 1, 1, 2}));
  EXPECT_EQ(r.assignment, ref.assignment);
  EXPECT_DOUBLE_EQ(r.centers[2], 9.0);
  EXPECT_EQ(r.sizes, (std::vector<int64_t>{3, 2, 1}));
}

TEST(KMeansTest, RestartsKeepTheLowestInertiaAndCentersComeBackInOriginalUnits) {
  const auto pts = testing::Blobs({{0, 0}, {100, 0}, {0, 100}}, 100, 5.0);
  KMeansParams p;
  p.restarts = 3;
  SerialComm comm;
  auto m = FitKMeans(comm, pts.coords, pts.keys, 2, p);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->restart_inertia.size(), 3u);
  for (double in : m->restart_inertia) EXPECT_LE(m->best.inertia, in);
  EXPECT_EQ(m->best.sizes, (std::vector<int64_t>(3, 100)));
  for (size_t c = 0; c < 3; ++c) {
    const double x = m->centers_original[c * 2], y = m->centers_original[c * 2 + 1];
    EXPECT_TRUE((std::abs(x) < 1 && std::abs(y) < 1) || (std::abs(x - 100) < 1 && std::abs(y) < 1) ||
                (std::abs(x) < 1 && std::abs(y - 100) < 1))
        << x << "," << y;
  }
}

TEST(KMeansTest, OtherKFindsEachBlobAndOneClusterIsTheMean) {
  const auto pts = testing::Blobs({{0, 0}, {50, 0}, {0, 50}, {50, 50}, {100, 100}}, 40, 2.0);
  KMeansParams p;
  p.k = 5;
  SerialComm comm;
  auto m = FitKMeans(comm, pts.coords, pts.keys, 2, p);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->best.sizes, (std::vector<int64_t>(5, 40)));
  p.k = 1;
  auto one = FitKMeans(comm, pts.coords, pts.keys, 2, p);
  ASSERT_TRUE(one.ok());
  EXPECT_NEAR(one->centers[0], 0.0, 1e-12);  // standardized data: the mean is 0
  EXPECT_EQ(one->best.sizes, (std::vector<int64_t>{200}));
}

TEST(KMeansTest, BadParametersAndNoPointsAreRejected) {
  SerialComm comm;
  const std::vector<double> coords = {1, 2, 3, 4};
  const std::vector<uint64_t> keys = {1, 2};
  KMeansParams p;
  p.k = 0;
  EXPECT_EQ(FitKMeans(comm, coords, keys, 2, p).status().code(), StatusCode::kInvalidArgument);
  p.k = 3;
  EXPECT_FALSE(FitKMeans(comm, coords, keys, 3, p).ok());  // 4 values are not rows of 3
  auto none = FitKMeans(comm, {}, {}, 2, p);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(SeedingFromName("k-means||").ok());
  EXPECT_FALSE(SeedingFromName("random").ok());
}

// Fewer distinct points than k: one cluster per distinct point, each
// holding the points equal to it, with either seeding; one point: one
// cluster.
TEST(KMeansTest, FewerDistinctPointsThanKGiveOneClusterEach) {
  const std::vector<double> coords = {1, 10, 1, 10, 7, 70, 1, 10, 7, 70};  // two distinct rows of 2
  const std::vector<uint64_t> keys = {1, 2, 3, 4, 5};
  for (Seeding seeding : {Seeding::kKMeansPlusPlus, Seeding::kKMeansParallel}) {
    KMeansParams p;
    p.k = 3;
    p.seeding = seeding;
    SerialComm comm;
    auto model = FitKMeans(comm, coords, keys, 2, p);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    EXPECT_EQ(model->k, 2u);
    std::vector<int64_t> sizes = model->best.sizes;
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<int64_t>{2, 3}));
    const int32_t ones = model->best.assignment[0];
    EXPECT_EQ(model->best.assignment, (std::vector<int32_t>{ones, ones, 1 - ones, ones, 1 - ones}));
    EXPECT_NEAR(model->best.inertia, 0, 1e-12);
    auto one = FitKMeans(comm, std::vector<double>{3, 4}, std::vector<uint64_t>{9}, 2, p);
    ASSERT_TRUE(one.ok()) << one.status().ToString();
    EXPECT_EQ(one->k, 1u);
    EXPECT_EQ(one->best.sizes, (std::vector<int64_t>{1}));
  }
}

}  // namespace
}  // namespace qrmark::kmeans
