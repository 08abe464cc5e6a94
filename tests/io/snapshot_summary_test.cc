// The inspect summary's named sections over small in-memory tables: top
// products with codes, categories and neighbours, the tag mix of each tier,
// sections left out when their tables are missing, and the line width.
#include <gtest/gtest.h>

#include <sstream>

#include "io/snapshot/summary.h"

namespace qrmark::snapshot {
namespace {

using Tables = std::map<std::string, Table>;

// Four products, codes "A1".."D4"; D4 has no category.
Tables ProductTables() {
  Tables t;
  t["by_product"] = {"by_product", false, true, {}};
  t["by_product"].columns = {
      {"product", std::vector<int32_t>{0, 1, 2, 3}, 1, "", {"A1", "B2", "C3", "D4"}},
      {"scans", std::vector<int64_t>{5, 40, 12, 7}, 1, "", {}},
      {"users", std::vector<int64_t>{2, 9, 4, 3}, 1, "", {}}};
  t["products"] = {"products", false, true, {}};
  t["products"].columns = {
      {"product", std::vector<int32_t>{0, 1, 2, 3}, 1, "", {}},
      {"code", std::vector<int32_t>{0, 1, 2, 3}, 1, "", {"A1", "B2", "C3", "D4"}},
      {"category", std::vector<int32_t>{0, 1, 1, -1}, 1, "", {"dairy", "pet food"}}};
  t["items"] = {"items", true, false, {}};
  t["items"].columns = {
      {"product", std::vector<int32_t>{0, 1, 2, 3}, 1, "", {}},
      {"neighbour", std::vector<int32_t>{1, -1, -1, 2, 0, -1, 1, 3, -1, -1, -1, -1}, 3, "", {}},
      {"score", std::vector<double>{0.5, 0, 0, 0.9, 0.5, 0, 0.9, 0.25, 0, 0, 0, 0}, 3, "", {}}};
  return t;
}

// The same neighbours as ProductTables' items, one row per neighbour.
Table ItemNeighbours() {
  Table t{"item_neighbours", true, true, {}};
  t.columns = {{"product", std::vector<int32_t>{0, 1, 1, 2, 2}, 1, "", {}},
               {"neighbour", std::vector<int32_t>{1, 2, 0, 1, 3}, 1, "", {}},
               {"score", std::vector<double>{0.5, 0.9, 0.5, 0.9, 0.25}, 1, "", {}}};
  return t;
}

// Users 10..14 in tiers high, high, mid, none, low; user_tags in another
// order, with padding, an out-of-range tag code and a user not in `users`.
Tables TierTables() {
  Tables t;
  t["users"] = {"users", true, true, {}};
  t["users"].columns = {
      {"user_key", std::vector<uint64_t>{10, 11, 12, 13, 14}, 1, "", {}},
      {"tier", std::vector<int32_t>{0, 0, 1, -1, 2}, 1, "", {"high", "mid", "low"}}};
  t["user_tags"] = {"user_tags", true, true, {}};
  t["user_tags"].columns = {{"user_key", std::vector<uint64_t>{14, 12, 11, 10, 13, 99}, 1, "", {}},
                            {"tag",
                             std::vector<int32_t>{-1, -1, 2, 0, 1, 7, 0, 1, 0, 1, 2, 2},
                             2,
                             "",
                             {"organic", "imported", "kitchen"}},
                            {"tag_score",
                             std::vector<double>{0, 0, 0.6, 0.4, 0.5, 0.5, 0.3, 0.2, 1, 0, 1, 0},
                             2,
                             "",
                             {}}};
  return t;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(TopProductsSection, ListsProductsByScansWithCodeCategoryAndNeighbourCodes) {
  std::string text = TopProductsSection(ProductTables());
  EXPECT_TRUE(Contains(text, "top products: 4 of 4 by scans")) << text;
  EXPECT_TRUE(Contains(text,
                       "  B2 [pet food]: 40 scans, 9 users\n"
                       "      neighbours: C3 (0.900), A1 (0.500)\n"
                       "  C3 [pet food]: 12 scans, 4 users\n"
                       "      neighbours: B2 (0.900), D4 (0.250)\n"
                       "  D4 [(none)]: 7 scans, 3 users\n"
                       "      neighbours: none\n"
                       "  A1 [dairy]: 5 scans, 2 users\n"
                       "      neighbours: B2 (0.500)\n"))
      << text;
}

TEST(TopProductsSection, ItemNeighboursServeWhenItemsIsMissing) {
  Tables tables = ProductTables();
  std::string from_items = TopProductsSection(tables);
  tables.erase("items");
  tables["item_neighbours"] = ItemNeighbours();
  std::string from_rows = TopProductsSection(tables);
  EXPECT_TRUE(Contains(from_rows, "neighbours (item_neighbours)")) << from_rows;
  EXPECT_EQ(from_rows.substr(from_rows.find("\n  B2")),
            from_items.substr(from_items.find("\n  B2")));
}

TEST(TopProductsSection, WithoutProductsTableCodesComeFromByProduct) {
  Tables tables = ProductTables();
  tables.erase("products");
  std::string text = TopProductsSection(tables);
  EXPECT_TRUE(Contains(
      text, "  B2 [(none)]: 40 scans, 9 users\n      neighbours: C3 (0.900), A1 (0.500)\n"))
      << text;
}

TEST(TopProductsSection, NeighbourLinesAreLeftOutWithoutNeighbourTables) {
  Tables tables = ProductTables();
  tables.erase("items");
  std::string text = TopProductsSection(tables);
  EXPECT_TRUE(Contains(text, "  B2 [pet food]: 40 scans, 9 users\n  C3")) << text;
  EXPECT_FALSE(Contains(text, "neighbours")) << text;
}

TEST(TierTagMixSection, SharesAreMeanTagScoreOverTaggedUsersOfEachTier) {
  std::string text = TierTagMixSection(TierTables());
  EXPECT_TRUE(Contains(text, "tag mix of each tier: top 5 tags by mean tag_score")) << text;
  EXPECT_TRUE(Contains(text,
                       "  high (2 users with tags): imported 35.0%, organic 15.0%\n"
                       "  mid (1 users with tags): kitchen 60.0%, organic 40.0%\n"
                       "  low (0 users with tags): no tags\n"))
      << text;
}

TEST(TierTagMixSection, MissingTableOrColumnLeavesTheSectionOut) {
  Tables tables = TierTables();
  tables["users"].columns.erase(tables["users"].columns.begin());  // no user_key
  EXPECT_EQ(TierTagMixSection(tables), "");
  tables = TierTables();
  tables.erase("user_tags");
  EXPECT_EQ(TierTagMixSection(tables), "");
}

TEST(NamedSections, SnapshotWithoutItemCfTablesOmitsTheirSections) {
  Tables tables = TierTables();
  tables.erase("user_tags");
  std::string text = NamedSections(tables);
  EXPECT_TRUE(Contains(
      text, "users: 5\n  tier: high 2 (40.0%), mid 1 (20.0%), low 1 (20.0%), (none) 1 (20.0%)\n"))
      << text;
  EXPECT_FALSE(Contains(text, "top products")) << text;
  EXPECT_FALSE(Contains(text, "tag mix")) << text;

  Tables all = ProductTables();
  all.merge(TierTables());
  text = NamedSections(all);
  EXPECT_TRUE(Contains(text, "top products:")) << text;
  EXPECT_TRUE(Contains(text, "tag mix of each tier:")) << text;
}

TEST(NamedSections, ClustersShowCentresInOriginalUnitsOnly) {
  Tables tables;
  tables["clusters"] = {"clusters", false, true, {}};
  tables["clusters"].columns = {{"cluster", std::vector<int32_t>{0, 1}, 1, "", {}},
                                {"tier", std::vector<int32_t>{1, 0}, 1, "", {"high", "low"}},
                                {"size", std::vector<int64_t>{30, 12}, 1, "", {}},
                                {"center_recency", std::vector<double>{40.5, 3}, 1, "", {}},
                                {"center_recency_std", std::vector<double>{0.7, -1.2}, 1, "", {}}};
  std::string text = NamedSections(tables);
  EXPECT_TRUE(Contains(text, "clusters (centres in original units):\n")) << text;
  EXPECT_TRUE(Contains(text, "        recency\n")) << text;
  EXPECT_TRUE(Contains(text, "           40.5\n")) << text;
  EXPECT_FALSE(Contains(text, "0.7")) << text;
}

TEST(NamedSections, LongLinesAreWrappedToTheSummaryWidth) {
  std::vector<std::string> segments;
  std::vector<int32_t> codes;
  for (int32_t s = 0; s < 12; ++s) {
    segments.push_back("a rather long segment name " + std::to_string(s));
    codes.push_back(s);
  }
  Tables tables;
  tables["users"] = {"users", true, true, {}};
  tables["users"].columns = {{"segment", codes, 1, "", segments}};
  std::string text = NamedSections(tables);
  std::istringstream lines(text);
  size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_LE(line.size(), kSummaryWidth) << line;
    if (count > 1) {
      EXPECT_EQ(line.rfind("    ", 0), 0u) << line;  // continuation indent
    }
  }
  EXPECT_GT(count, 3u) << text;
  EXPECT_TRUE(Contains(text, "a rather long segment name 11 1 (8.3%)\n")) << text;
}

}  // namespace
}  // namespace qrmark::snapshot
