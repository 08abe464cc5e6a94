// Tests of src/synth/alias.h and src/base/rng.h: draws follow the weights,
// seeds and keys give reproducible, distinct streams.
#include "src/synth/alias.h"

#include <gtest/gtest.h>

#include <vector>

#include "src/base/rng.h"

namespace qrmark::synth {
namespace {

TEST(AliasTableTest, DrawsFollowTheWeights) {
  const std::vector<double> weights = {1, 0, 3, 6};
  AliasTable table(weights);
  Rng rng(5);
  std::vector<int> counts(4, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) ++counts[table.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 0.01);
  EXPECT_NEAR(counts[2] / double(n), 0.3, 0.01);
  EXPECT_NEAR(counts[3] / double(n), 0.6, 0.01);
}

TEST(AliasTableTest, ZipfWeightsFallAsAPower) {
  std::vector<double> w = ZipfWeights(4, 1.0);
  EXPECT_DOUBLE_EQ(w[0], 1.0);
  EXPECT_DOUBLE_EQ(w[3], 0.25);
}

TEST(RngTest, SameSeedSameStreamAndKeysGiveDistinctStreams) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.Next(), b.Next());
  EXPECT_NE(Rng(42).Next(), c.Next());
  EXPECT_EQ(Rng::ForKey(1, 7).Next(), Rng::ForKey(1, 7).Next());
  EXPECT_NE(Rng::ForKey(1, 7).Next(), Rng::ForKey(1, 8).Next());
  Rng r(9);
  for (int i = 0; i < 1000; ++i) {
    const double u = r.Uniform01();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
    EXPECT_LT(r.Below(10), 10u);
  }
}

}  // namespace
}  // namespace qrmark::synth
