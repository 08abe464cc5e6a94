// Tests of src/verifyd/limits.h and src/verifyd/region_table.h.
#include "src/verifyd/limits.h"

#include <gtest/gtest.h>

#include <fstream>

#include "src/verifyd/region_table.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

TEST(InvalidCodeLimiter, BurstThenThrottledThenRefilled) {
  InvalidCodeLimiter lim(3, 1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(lim.Allowed("1.2.3.4", 0));
    lim.ChargeInvalid("1.2.3.4", 0);
  }
  EXPECT_FALSE(lim.Allowed("1.2.3.4", 0));
  EXPECT_TRUE(lim.Allowed("5.6.7.8", 0));  // another client is unaffected
  EXPECT_FALSE(lim.Allowed("1.2.3.4", 500));
  EXPECT_TRUE(lim.Allowed("1.2.3.4", 1000));
}

TEST(InvalidCodeLimiter, FullBucketsAreForgotten) {
  InvalidCodeLimiter lim(2, 1);
  lim.ChargeInvalid("a", 20000);
  EXPECT_EQ(lim.tracked_clients(), 1u);
  lim.ChargeInvalid("b", 40000);  // sweep: "a" is full again
  EXPECT_EQ(lim.tracked_clients(), 1u);
}

TEST(RegionTable, LongestPrefixWins) {
  RegionTable t;
  t.Add(*ParseIpv4("10.0.0.0"), 8, 1);
  t.Add(*ParseIpv4("10.1.0.0"), 16, 2);
  EXPECT_EQ(t.Lookup("10.1.2.3"), 2);
  EXPECT_EQ(t.Lookup("10.2.2.3"), 1);
  EXPECT_EQ(t.Lookup("11.0.0.1"), 0);
  EXPECT_EQ(t.Lookup("::1"), 0);
  EXPECT_FALSE(ParseIpv4("1.2.3").has_value());
  EXPECT_FALSE(ParseIpv4("1.2.3.256").has_value());
}

TEST(RegionTable, LoadsCsvAndNamesTheBadLine) {
  std::string dir = testing::FreshDir("regions");
  std::ofstream(dir + "/ok.csv") << "cidr,region\n# office\n192.168.0.0/16,7\r\n192.168.5.0/24,8\n";
  auto table = RegionTable::Load(dir + "/ok.csv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->Lookup("192.168.5.9"), 8);
  EXPECT_EQ(table->Lookup("192.168.6.9"), 7);
  std::ofstream(dir + "/bad.csv") << "10.0.0.0/8,1\n10.0.0.0/33,2\n";
  auto bad = RegionTable::Load(dir + "/bad.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.csv:2"), std::string::npos) << bad.status().ToString();
  EXPECT_FALSE(RegionTable::Load(dir + "/missing.csv").ok());
  EXPECT_TRUE(RegionTable::Load("").ok());
}

}  // namespace
}  // namespace qrmark::verifyd
