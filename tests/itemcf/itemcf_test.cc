// Tests for src/itemcf/itemcf.h on one process (SerialComm): tables, cap, errors.
#include "src/itemcf/itemcf.h"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

#include "io/snapshot/validate.h"
#include "src/itemcf/cooccur_ref.h"
#include "tests/itemcf/random_scans.h"

namespace qrmark::itemcf {
namespace {

constexpr int64_t kAsOf = 1'700'000'000 + 90 * 86400;
constexpr int32_t kProducts = 30;

template <typename T>
const std::vector<T>& Col(const snapshot::Table& t, const std::string& name) {
  for (const snapshot::Column& c : t.columns) {
    if (c.name == name) return std::get<std::vector<T>>(c.data);
  }
  throw std::runtime_error("no column " + name);
}

ItemCatalog TwoCategories() {
  ItemCatalog c;
  c.tag_names = {"even", "odd", "small"};
  c.category_names = {"even", "odd"};
  for (int32_t p = 0; p < kProducts; ++p) {
    c.tags_of_product.push_back(p < 5 ? std::vector<int32_t>{p % 2, 2}
                                      : std::vector<int32_t>{p % 2});
    c.category_of_product.push_back(p % 2);
  }
  return c;
}

TEST(ItemCfTest, ItemsTableEqualsTheBruteForceNeighbours) {
  SerialComm comm;
  const testing::ScanSet set = testing::RandomScans(11, 80, kProducts, 15);
  ItemCfParams params;
  params.top_k = 6;
  params.max_products_per_user = 0;
  Result<ItemCfResult> r =
      RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, TwoCategories(), params);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Result<UserLists> l = BuildUserLists(set.scans, set.keys, kProducts, kAsOf, {});
  const NeighbourRows ref = ComputeNeighbourRowsRef(*l, kProducts, {6, 0.0, 1});
  EXPECT_EQ(r->items.rows(), static_cast<size_t>(kProducts));
  EXPECT_EQ(Col<int32_t>(r->items, "neighbour"), ref.ids);
  EXPECT_EQ(Col<int32_t>(r->items, "support"), ref.support);
  EXPECT_EQ(r->user_tags.rows(), set.keys.size());
  EXPECT_EQ(r->stats.pairs_kept, ref.pairs_kept);
  EXPECT_EQ(r->item_neighbours.rows(), static_cast<size_t>(ref.pairs_kept));
  EXPECT_EQ(Col<int32_t>(r->item_neighbours, "neighbour")[0], ref.ids[0]);
  EXPECT_EQ(r->stats.bytes_exchanged, 0);
  EXPECT_EQ(r->cross_sell.rows(), 1u);  // the pair (even, odd)
  EXPECT_GT(Col<int64_t>(r->cross_sell, "both")[0], 0);
  EXPECT_EQ(Col<int32_t>(r->user_tags, "tag")[0] >= 0, true);
}

TEST(ItemCfTest, TablesPassSnapshotValidation) {
  SerialComm comm;
  const testing::ScanSet set = testing::RandomScans(15, 40, kProducts, 10);
  Result<ItemCfResult> r =
      RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, TwoCategories(), {});
  ASSERT_TRUE(r.ok());
  snapshot::SnapshotContent content;
  content.id = "itemcf-test";
  content.attributes = r->attributes;
  content.tables = {r->items, r->item_neighbours, r->user_tags, r->user_recs, r->cross_sell};
  const Status valid = snapshot::ValidateContent(content);
  EXPECT_TRUE(valid.ok()) << valid.ToString();
}

TEST(ItemCfTest, CapChangesNeighboursAndIsReported) {
  SerialComm comm;
  const testing::ScanSet set = testing::RandomScans(12, 80, kProducts, 40);
  ItemCfParams params;
  params.max_products_per_user = 0;
  Result<ItemCfResult> free = RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, {}, params);
  params.max_products_per_user = 3;
  Result<ItemCfResult> capped = RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, {}, params);
  ASSERT_TRUE(free.ok() && capped.ok());
  EXPECT_EQ(free->stats.capped_users, 0);
  EXPECT_GT(capped->stats.capped_users, 10);
  EXPECT_LT(capped->stats.pairs_accumulated, free->stats.pairs_accumulated);
  EXPECT_NE(Col<int32_t>(free->items, "support"), Col<int32_t>(capped->items, "support"));
}

TEST(ItemCfTest, WithoutCatalogTagsAreEmptyAndRecommendationsRemain) {
  SerialComm comm;
  const testing::ScanSet set = testing::RandomScans(13, 50, kProducts, 8);
  Result<ItemCfResult> r = RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, {}, {});
  ASSERT_TRUE(r.ok());
  for (int32_t t : Col<int32_t>(r->user_tags, "tag")) EXPECT_EQ(t, -1);
  int recommended = 0;
  for (int32_t p : Col<int32_t>(r->user_recs, "product")) recommended += p >= 0;
  EXPECT_GT(recommended, 50);
  EXPECT_EQ(r->cross_sell.rows(), 0u);
}

TEST(ItemCfTest, BadInputAndParametersAreInvalidArgument) {
  SerialComm comm;
  testing::ScanSet set = testing::RandomScans(14, 10, kProducts, 5);
  ItemCfParams zero_k;
  zero_k.top_k = 0;
  EXPECT_EQ(RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, {}, zero_k).status().code(),
            StatusCode::kInvalidArgument);
  set.scans.back().product_id = kProducts;
  EXPECT_EQ(RunItemCf(comm, set.scans, set.keys, kProducts, kAsOf, {}, {}).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::itemcf
