// Tests src/rfm/quantiles.h: the threshold rule, heavy ties, scores.
#include "src/rfm/quantiles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace qrmark::rfm {
namespace {

std::vector<int64_t> Thresholds(std::vector<int64_t> v, int bins) {
  SerialComm comm;
  auto t = GlobalThresholds(comm, v, bins);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : std::vector<int64_t>{};
}

TEST(QuantilesTest, ThresholdsAreLowerEmpiricalQuantiles) {
  EXPECT_EQ(Thresholds({1, 2, 3, 4, 5, 6}, 3), (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(Thresholds({6, 5, 4, 3, 2, 1, 7}, 3), (std::vector<int64_t>{3, 5}));  // ceil(7/3)=3, ceil(14/3)=5
  EXPECT_EQ(Thresholds({10, 20, 30, 40}, 2), (std::vector<int64_t>{20}));
}

TEST(QuantilesTest, HeavyTiesShareOneScoreAndLeaveSkippedScoresEmpty) {
  std::vector<int64_t> f(80, 1);
  f.insert(f.end(), 15, 2);
  f.insert(f.end(), 5, 9);
  const std::vector<int64_t> t = Thresholds(f, 3);
  EXPECT_EQ(t, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(ScoreOf(1, t), 1);
  EXPECT_EQ(ScoreOf(2, t), 3);
  EXPECT_EQ(ScoreOf(9, t), 3);
}

TEST(QuantilesTest, ScoresOfManyValuesAreEachScoreOf) {
  uint64_t x = 99;
  std::vector<int64_t> values;
  for (int i = 0; i < 1000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    values.push_back(static_cast<int64_t>(x >> 58) - 20);  // -20..43: ties with the thresholds
  }
  values.push_back(std::numeric_limits<int64_t>::min());
  values.push_back(std::numeric_limits<int64_t>::max());
  for (const std::vector<int64_t>& t : std::vector<std::vector<int64_t>>{
           {}, {0}, {-5, 7}, {1, 1}, {-20, -3, 0, 0, 9, 12, 30, 43, 43}}) {
    std::vector<uint8_t> scores(values.size());
    ScoresOf(values, t, scores);
    for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(scores[i], ScoreOf(values[i], t)) << values[i];
  }
}

TEST(QuantilesTest, ExtremeValuesDoNotOverflowTheSearch) {
  const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(Thresholds({lo, hi, 0, hi}, 2), (std::vector<int64_t>{0}));
}

TEST(QuantilesTest, MatchesSortedSelectionOnRandomData) {
  std::vector<int64_t> v;
  uint64_t x = 12345;
  for (int i = 0; i < 1000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    v.push_back(static_cast<int64_t>(x >> 54));  // many ties
  }
  std::vector<int64_t> s = v;
  std::sort(s.begin(), s.end());
  for (int bins = 2; bins <= 10; ++bins) {
    const std::vector<int64_t> t = Thresholds(v, bins);
    ASSERT_EQ(t.size(), static_cast<size_t>(bins - 1));
    for (int j = 1; j < bins; ++j) {
      const size_t need = (static_cast<size_t>(j) * s.size() + bins - 1) / bins;
      EXPECT_EQ(t[static_cast<size_t>(j - 1)], s[need - 1]) << "bins " << bins << " j " << j;
    }
  }
}

TEST(QuantilesTest, MatchesSortedSelectionOnValuesOfEverySignAndWidth) {
  // Full 64-bit, negative and narrow values mixed: every radix pass is used.
  std::vector<int64_t> v;
  uint64_t x = 777;
  for (int i = 0; i < 5000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const int shift = static_cast<int>(x % 64);
    v.push_back(static_cast<int64_t>(x) >> shift);
  }
  std::vector<int64_t> s = v;
  std::sort(s.begin(), s.end());
  for (int bins = 2; bins <= 10; ++bins) {
    const std::vector<int64_t> t = Thresholds(v, bins);
    for (int j = 1; j < bins; ++j) {
      const size_t need = (static_cast<size_t>(j) * s.size() + bins - 1) / bins;
      EXPECT_EQ(t[static_cast<size_t>(j - 1)], s[need - 1]) << "bins " << bins << " j " << j;
    }
  }
}

TEST(QuantilesTest, RejectsBinsOutsideTwoToTenAndHandlesNoValues) {
  SerialComm comm;
  EXPECT_EQ(GlobalThresholds(comm, std::vector<int64_t>{1}, 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(GlobalThresholds(comm, std::vector<int64_t>{1}, 11).ok());
  EXPECT_TRUE(Thresholds({}, 3).empty());
}

}  // namespace
}  // namespace qrmark::rfm
