// Tests of src/codes/gs1.h: GTIN check digits and Digital Link paths.
#include "src/codes/gs1.h"

#include <gtest/gtest.h>

namespace qrmark::codes {
namespace {

Code Sample() {
  Code c;
  c.batch = 7;
  c.serial = 123456789;
  c.tag.fill(0x5A);
  return c;
}

TEST(Gs1, KnownGtinsHaveValidCheckDigits) {
  EXPECT_TRUE(IsValidGtin("09506000134352"));  // GS1's Digital Link example
  EXPECT_TRUE(IsValidGtin("4006381333931"));
  EXPECT_TRUE(IsValidGtin("96385074"));
  EXPECT_FALSE(IsValidGtin("09506000134353"));
  EXPECT_FALSE(IsValidGtin("0950600013435"));
  EXPECT_FALSE(IsValidGtin("0950600013435X"));
}

TEST(Gs1, PathRoundTripsToTheCode) {
  std::string path = Gs1Path("09506000134352", Sample());
  Result<Gs1Link> link = ParseGs1DigitalLink(path);
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->gtin, "09506000134352");
  EXPECT_EQ(link->code, Sample());
}

TEST(Gs1, ShortGtinIsPaddedTo14Digits) {
  std::string path = Gs1Path("4006381333931", Sample());
  Result<Gs1Link> link = ParseGs1DigitalLink(path);
  ASSERT_TRUE(link.ok()) << link.status().ToString();
  EXPECT_EQ(link->gtin, "04006381333931");
}

TEST(Gs1, MalformedPathsAreRejected) {
  std::string good = Gs1Path("09506000134352", Sample());
  EXPECT_FALSE(ParseGs1DigitalLink("").ok());
  EXPECT_FALSE(ParseGs1DigitalLink("/01/09506000134352").ok());
  EXPECT_FALSE(ParseGs1DigitalLink(good + "/extra").ok());
  EXPECT_FALSE(ParseGs1DigitalLink(good.substr(0, good.size() - 1)).ok());
  std::string bad_check = good;
  bad_check[17] = '3';
  EXPECT_FALSE(ParseGs1DigitalLink(bad_check).ok());
  std::string swapped = good;
  swapped.replace(19, 2, "22");
  EXPECT_FALSE(ParseGs1DigitalLink(swapped).ok());
  EXPECT_FALSE(ParseGs1DigitalLink("//01//10//21/").ok());
}

}  // namespace
}  // namespace qrmark::codes
