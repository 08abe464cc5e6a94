// Tests src/kmeans/tiers.h: value order, default names and strategies, errors.
#include "src/kmeans/tiers.h"

#include <gtest/gtest.h>

namespace qrmark::kmeans {
namespace {

TEST(TiersTest, RecentFrequentBigSpendersRankFirst) {
  // Standardized (R days, F, M) centers: cluster 0 lapsed, 1 best, 2 middling.
  const std::vector<double> centers = {1.5, -1, -1, -1, 2, 2, 0, 0, 0};
  auto t = RankClustersIntoTiers(centers, 3, 3, TierParams{});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->tier_of_cluster, (std::vector<int32_t>{2, 0, 1}));
  EXPECT_EQ(t->names, (std::vector<std::string>{"high", "mid", "low"}));
  EXPECT_NE(t->strategies[0].find("important value"), std::string::npos);
  EXPECT_NE(t->strategies[2].find("win back"), std::string::npos);
}

TEST(TiersTest, OtherKGetsNumberedTiersAndTiesGoToLowerCluster) {
  const std::vector<double> centers = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  auto t = RankClustersIntoTiers(centers, 4, 3, TierParams{});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->tier_of_cluster, (std::vector<int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(t->names[3], "tier_4");
  EXPECT_NE(t->strategies[1].find("keep"), std::string::npos);
}

TEST(TiersTest, WrongCountsAreRejected) {
  TierParams p;
  p.names = {"a", "b"};
  EXPECT_FALSE(RankClustersIntoTiers(std::vector<double>(9, 0.0), 3, 3, p).ok());
  TierParams w;
  w.value_weights = {1};
  EXPECT_FALSE(RankClustersIntoTiers(std::vector<double>(9, 0.0), 3, 3, w).ok());
}

}  // namespace
}  // namespace qrmark::kmeans
