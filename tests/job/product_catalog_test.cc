// AlignCatalog: categories and tags as ids into sorted dictionaries of the
// names the scanned products use, whatever the catalog's row order.
#include "src/job/product_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace qrmark::job {
namespace {

catalog::CatalogEntry Entry(std::string code, std::string category, std::vector<std::string> tags) {
  catalog::CatalogEntry e;
  e.product_code = std::move(code);
  e.category = std::move(category);
  e.tags = std::move(tags);
  return e;
}

TEST(ProductCatalogTest, NamesAreSortedAndDistinctAndIdsPointIntoThem) {
  const std::vector<catalog::CatalogEntry> entries = {
      Entry("9", "toys", {"red", "kids"}),  Entry("3", "food", {"snack", "kids", "snack"}),
      Entry("5", "toys", {}),               Entry("7", "", {"red"}),
      Entry("8", "garden", {"outdoor"}),  // nobody scanned it: its names stay out
  };
  const std::vector<std::string> codes = {"3", "4", "5", "7", "9"};  // "4" is not listed
  const AlignedCatalog aligned = AlignCatalog(entries, codes);
  EXPECT_EQ(aligned.products_listed, 4);
  const itemcf::ItemCatalog& items = aligned.items;
  EXPECT_EQ(items.category_names, (std::vector<std::string>{"food", "toys"}));
  EXPECT_EQ(items.tag_names, (std::vector<std::string>{"kids", "red", "snack"}));
  EXPECT_EQ(items.category_of_product, (std::vector<int32_t>{0, -1, 1, -1, 1}));
  ASSERT_EQ(items.tags_of_product.size(), codes.size());
  EXPECT_EQ(items.tags_of_product[0], (std::vector<int32_t>{0, 2}));  // snack twice: once
  EXPECT_TRUE(items.tags_of_product[1].empty());
  EXPECT_TRUE(items.tags_of_product[2].empty());
  EXPECT_EQ(items.tags_of_product[3], (std::vector<int32_t>{1}));
  EXPECT_EQ(items.tags_of_product[4], (std::vector<int32_t>{0, 1}));

  std::vector<catalog::CatalogEntry> reversed(entries.rbegin(), entries.rend());
  const AlignedCatalog again = AlignCatalog(reversed, codes);
  EXPECT_EQ(again.items.category_names, items.category_names);
  EXPECT_EQ(again.items.tag_names, items.tag_names);
  EXPECT_EQ(again.items.category_of_product, items.category_of_product);
  EXPECT_EQ(again.items.tags_of_product, items.tags_of_product);
}

TEST(ProductCatalogTest, NoCatalogGivesEmptyTables) {
  const AlignedCatalog aligned = AlignCatalog({}, std::vector<std::string>{"1", "2"});
  EXPECT_EQ(aligned.products_listed, 0);
  EXPECT_TRUE(aligned.items.category_of_product.empty());
  EXPECT_TRUE(aligned.items.tag_names.empty());
}

}  // namespace
}  // namespace qrmark::job
