// Tests for src/itemcf/portrait.h and cross_sell.h: tags, recommendations, counts.
#include "src/itemcf/portrait.h"

#include <gtest/gtest.h>

#include <vector>

#include "src/itemcf/cross_sell.h"

namespace qrmark::itemcf {
namespace {

// Products: 0 cola, 1 chips, 2 lens, 3 solution. Tags: 0 beverages, 1 snacks, 2 eye care.
ItemCatalog Catalog() {
  return {
      {{0}, {1}, {2}, {2}}, {"beverages", "snacks", "eye care"}, {0, 0, 1, 1}, {"food", "optics"}};
}

// Cola's only neighbour is chips (0.5); chips' is cola (0.5).
NeighbourRows Neighbours() {
  return {0, 4, 1, {1, 0, -1, -1}, {0.5, 0.5, 0, 0}, {3, 3, 0, 0}, 0, 0, 0};
}

UserLists OneUser(std::vector<int32_t> products) {
  UserLists l;
  l.products = products;
  l.weights.assign(products.size(), 1.0);
  l.offsets.push_back(static_cast<int64_t>(products.size()));
  return l;
}

TEST(PortraitTest, OneColaGetsBeveragesAndALittleOfWhatColaBuyersAlsoScan) {
  const UserPortraits p = ComputePortraits(OneUser({0}), Neighbours(), Catalog(), {0.5, 3, 3});
  EXPECT_EQ(p.tag_ids, (std::vector<int32_t>{0, 1, -1}));
  EXPECT_DOUBLE_EQ(p.tag_scores[0], 1.0 / 1.25);  // beverages 1, snacks 1 * 0.5 * 0.5
  EXPECT_DOUBLE_EQ(p.tag_scores[0] + p.tag_scores[1], 1.0);
  EXPECT_EQ(p.rec_ids, (std::vector<int32_t>{1, -1, -1}));
  EXPECT_DOUBLE_EQ(p.rec_scores[0], 0.5);
}

TEST(PortraitTest, ScannedProductsAreNeverRecommended) {
  const UserPortraits p = ComputePortraits(OneUser({0, 1}), Neighbours(), Catalog(), {0.5, 3, 3});
  EXPECT_EQ(p.rec_ids, (std::vector<int32_t>{-1, -1, -1}));
}

TEST(PortraitTest, WithoutTagsPortraitsAreEmptyButRecommendationsRemain) {
  ItemCatalog none;
  const UserPortraits p = ComputePortraits(OneUser({0}), Neighbours(), none, {0.5, 2, 2});
  EXPECT_EQ(p.tag_ids, (std::vector<int32_t>{-1, -1}));
  EXPECT_EQ(p.rec_ids, (std::vector<int32_t>{1, -1}));
}

TEST(PortraitTest, CatalogWithUnknownTagIsRejectedNamingTheProduct) {
  ItemCatalog c = Catalog();
  c.tags_of_product[2] = {7};
  const Status s = ValidateCatalog(c, 4);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("product 2"), std::string::npos) << s.ToString();
  EXPECT_FALSE(ValidateCatalog(Catalog(), 5).ok());
  EXPECT_TRUE(ValidateCatalog(ItemCatalog{}, 5).ok());
}

TEST(CrossSellTest, LensBuyersWhoNeverBuySolutionAreCounted) {
  const ItemCatalog c = Catalog();
  auto scan = [](uint32_t p) { return UserScan{1, 0, 0, p, 0, {}, {}}; };
  // user 0: lens only; user 1: lens + solution (same category) + cola; user 2: cola twice.
  const std::vector<UserScan> scans{scan(2), scan(2), scan(3), scan(0), scan(0), scan(0)};
  const std::vector<int64_t> bounds{0, 1, 4, 6};
  const CrossSellCounts x = CountCrossSell(scans, bounds, c.category_of_product, 2);
  EXPECT_EQ(x.users_with, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(x.Both(0, 1), 1);
  EXPECT_EQ(x.OnlyFirst(0, 1), 1);
}

}  // namespace
}  // namespace qrmark::itemcf
