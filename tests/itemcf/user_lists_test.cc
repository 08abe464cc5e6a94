// Tests for src/itemcf/user_lists.h: dedup, weighting, decay, cap, bad input.
#include "src/itemcf/user_lists.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "src/base/hash.h"

namespace qrmark::itemcf {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kAsOf = 1'700'000'000;

UserScan Scan(uint64_t user, uint32_t product, int64_t ts) {
  return {user, ts, 0, product, 0, {}, {}};
}

TEST(UserListsTest, RepeatedScansCollapseToOneEntryPerProductWithTheChosenWeight) {
  const std::vector<UserScan> scans{Scan(5, 3, kAsOf), Scan(5, 1, kAsOf), Scan(5, 3, kAsOf)};
  const std::vector<uint64_t> keys{5};
  for (auto [w, expect3] : {std::pair{Weighting::kBinary, 1.0}, std::pair{Weighting::kCount, 2.0},
                            std::pair{Weighting::kLog1p, std::log1p(2.0)}}) {
    Result<UserLists> lists = BuildUserLists(scans, keys, 4, kAsOf, {w, 0, 0});
    ASSERT_TRUE(lists.ok()) << lists.status().ToString();
    EXPECT_EQ(lists->products, (std::vector<int32_t>{1, 3}));
    EXPECT_DOUBLE_EQ(lists->weight(1), expect3);
  }
}

TEST(UserListsTest, WeightingNamesParseBackAndUnknownNamesAreRejected) {
  for (Weighting w : {Weighting::kBinary, Weighting::kCount, Weighting::kLog1p}) {
    Result<Weighting> parsed = ParseWeighting(WeightingName(w));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, w);
  }
  EXPECT_FALSE(ParseWeighting("tfidf").ok());
}

TEST(UserListsTest, HalfLifeHalvesTheWeightOfAScanThatOld) {
  const std::vector<UserScan> scans{Scan(5, 0, kAsOf - 7 * kDay), Scan(5, 1, kAsOf)};
  Result<UserLists> lists =
      BuildUserLists(scans, std::vector<uint64_t>{5}, 2, kAsOf, {Weighting::kCount, 7.0, 0});
  ASSERT_TRUE(lists.ok());
  EXPECT_DOUBLE_EQ(lists->weights[0], 0.5);
  EXPECT_DOUBLE_EQ(lists->weights[1], 1.0);
}

TEST(UserListsTest, CapKeepsTheMostRecentProductsAndCountsCappedUsers) {
  const std::vector<UserScan> scans{Scan(5, 0, 100), Scan(5, 1, 300), Scan(5, 2, 200),
                                    Scan(5, 3, 300)};
  Result<UserLists> lists =
      BuildUserLists(scans, std::vector<uint64_t>{5}, 4, kAsOf, {Weighting::kBinary, 0, 2});
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(lists->products, (std::vector<int32_t>{1, 3}));  // both at ts 300
  EXPECT_EQ(lists->capped_users, 1);
}

TEST(UserListsTest, UsersWithoutScansGetEmptyRows) {
  std::vector<uint64_t> keys{11, 12, 13};
  std::sort(keys.begin(), keys.end(), UserOrderLess);
  const std::vector<UserScan> scans{Scan(keys[1], 0, 1)};
  Result<UserLists> lists = BuildUserLists(scans, keys, 1, kAsOf, {});
  ASSERT_TRUE(lists.ok());
  EXPECT_EQ(lists->offsets, (std::vector<int64_t>{0, 0, 1, 1}));
}

TEST(UserListsTest, ProductIdOutOfRangeIsRejectedWithItsScanIndex) {
  const std::vector<UserScan> scans{Scan(5, 0, 1), Scan(5, 9, 1)};
  Result<UserLists> lists = BuildUserLists(scans, std::vector<uint64_t>{5}, 4, kAsOf, {});
  ASSERT_FALSE(lists.ok());
  EXPECT_NE(lists.status().message().find("scan 1"), std::string::npos)
      << lists.status().ToString();
}

TEST(UserListsTest, ScansNotGroupedInKeyOrderAreRejected) {
  std::vector<uint64_t> keys{11, 12};
  std::sort(keys.begin(), keys.end(), UserOrderLess);
  const std::vector<UserScan> scans{Scan(keys[0], 0, 1), Scan(keys[1], 0, 1), Scan(keys[0], 0, 1)};
  EXPECT_FALSE(BuildUserLists(scans, keys, 1, kAsOf, {}).ok());
  const std::vector<uint64_t> unsorted{keys[1], keys[0]};
  EXPECT_FALSE(BuildUserLists({}, unsorted, 1, kAsOf, {}).ok());
}

}  // namespace
}  // namespace qrmark::itemcf
