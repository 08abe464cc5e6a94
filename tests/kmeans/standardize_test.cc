// Tests src/kmeans/standardize.h: exact mean/std, log1p, round trip, bad values.
#include "src/kmeans/standardize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace qrmark::kmeans {
namespace {

TEST(StandardizeTest, MeanAndPopulationStdMatchTheDefinition) {
  const std::vector<double> raw = {1, 10, 2, 20, 3, 30, 4, 40};
  SerialComm comm;
  auto fit = FitAndStandardize(comm, raw, 2, {});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const Standardizer* s = &fit->standardizer;
  EXPECT_DOUBLE_EQ(s->mean[0], 2.5);
  EXPECT_DOUBLE_EQ(s->mean[1], 25.0);
  EXPECT_DOUBLE_EQ(s->stddev[0], std::sqrt(1.25));
  const std::vector<double> z = Standardize(*s, raw);
  EXPECT_EQ(fit->z, z);
  EXPECT_DOUBLE_EQ(z[0], -1.5 / std::sqrt(1.25));
  const std::vector<double> back = Unstandardize(*s, z);
  for (size_t i = 0; i < raw.size(); ++i) EXPECT_NEAR(back[i], raw[i], 1e-12 * std::abs(raw[i]));
}

TEST(StandardizeTest, Log1pIsAppliedBeforeScalingAndInvertedAfter) {
  const std::vector<double> raw = {0, std::expm1(2.0), std::expm1(4.0)};
  SerialComm comm;
  auto fit = FitAndStandardize(comm, raw, 1, {true});
  ASSERT_TRUE(fit.ok());
  const Standardizer* s = &fit->standardizer;
  EXPECT_NEAR(s->mean[0], 2.0, 1e-12);
  EXPECT_EQ(fit->z, Standardize(*s, raw));
  const std::vector<double> back = Unstandardize(*s, Standardize(*s, raw));
  EXPECT_NEAR(back[2], raw[2], 1e-9);
}

TEST(StandardizeTest, ConstantColumnGetsUnitStd) {
  SerialComm comm;
  auto s = FitAndStandardize(comm, std::vector<double>{7, 7, 7}, 1, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->standardizer.stddev[0], 1.0);
}

TEST(StandardizeTest, FittedRowsEqualStandardizeOfTheRawRowsBitForBit) {
  std::vector<double> raw;
  for (int i = 0; i < 3000; ++i) raw.insert(raw.end(), {i % 365 * 1.0, 1.0 + i % 17, 137.0 * i + 0.5, -3.25 * i});
  SerialComm comm;
  auto fit = FitAndStandardize(comm, raw, 4, {true, true, true, false});
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_EQ(fit->z, Standardize(fit->standardizer, raw));
}

TEST(StandardizeTest, Log1pGivesStdLog1psBits) {
  // Whole numbers in and past the table, fractions, values in (-1, 0), large ones.
  std::vector<double> xs = {-0.5, -1e-300, 0.25, 4095.5, 1e18, 123456789.0};
  for (int v = 0; v <= 5000; ++v) xs.push_back(v);
  for (double x : xs) {
    const double want = std::log1p(x), got = Log1p(x);
    EXPECT_EQ(std::memcmp(&want, &got, sizeof want), 0) << x;
  }
}

TEST(StandardizeTest, BadValuesAreRejectedWithRowAndDim) {
  SerialComm comm;
  auto nan = FitAndStandardize(comm, std::vector<double>{1, 2, NAN, 4}, 2, {});
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("row 1, dim 0"), std::string::npos) << nan.status().message();
  EXPECT_FALSE(FitAndStandardize(comm, std::vector<double>{-1, 2}, 2, {true, false}).ok());
  EXPECT_FALSE(FitAndStandardize(comm, std::vector<double>{1, 2, 3}, 2, {}).ok());
  EXPECT_FALSE(FitAndStandardize(comm, std::vector<double>{1, 2}, 2, {true}).ok());
  EXPECT_EQ(FitAndStandardize(comm, std::vector<double>{}, 2, {}).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::kmeans
