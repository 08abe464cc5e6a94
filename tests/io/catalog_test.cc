// Tests of io/catalog/catalog.h: round trip with quoting and tags, bad rows.
#include "io/catalog/catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace qrmark::catalog {
namespace {

namespace fs = std::filesystem;

std::string TempPath() {
  return (fs::temp_directory_path() / ("catalog_test_" + std::to_string(::getpid()) + ".csv")).string();
}

TEST(CatalogTest, RoundTripKeepsQuotedNamesAndTags) {
  const std::string path = TempPath();
  std::vector<CatalogEntry> in = {{"1", "SKU-1", "Green tea, 500 ml", "beverages", {"tea", "healthy"}, 350},
                                  {"2", "SKU-2", "Say \"hi\" lotion", "skin care", {}, 12900}};
  ASSERT_TRUE(WriteCatalog(path, in).ok());
  Result<std::vector<CatalogEntry>> out = ReadCatalog(path);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 2u);
  EXPECT_EQ((*out)[0].name, "Green tea, 500 ml");
  EXPECT_EQ((*out)[0].tags, (std::vector<std::string>{"tea", "healthy"}));
  EXPECT_EQ((*out)[1].name, "Say \"hi\" lotion");
  EXPECT_TRUE((*out)[1].tags.empty());
  EXPECT_EQ((*out)[1].price_cents, 12900);
  fs::remove(path);
}

TEST(CatalogTest, BadPriceDuplicateIdAndMissingColumnAreErrors) {
  const std::string path = TempPath();
  const std::string header = "product_id,sku,name,category,tags,price_cents\n";
  std::ofstream(path) << header << "1,s,n,c,t,abc\n";
  EXPECT_NE(ReadCatalog(path).status().message().find("bad price_cents"), std::string::npos);
  std::ofstream(path) << header << "1,s,n,c,t,1\n1,s,n,c,t,2\n";
  EXPECT_NE(ReadCatalog(path).status().message().find("duplicate"), std::string::npos);
  std::ofstream(path) << "product_id,sku,name\n1,s,n\n";
  EXPECT_NE(ReadCatalog(path).status().message().find("'category'"), std::string::npos);
  fs::remove(path);
  EXPECT_EQ(ReadCatalog(path).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace qrmark::catalog
