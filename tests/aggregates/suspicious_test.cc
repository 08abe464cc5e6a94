// Tests src/aggregates/suspicious.h with SerialComm: limits, units, order.
#include "src/aggregates/suspicious.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace qrmark::aggregates {
namespace {

SerialScan S(uint64_t serial, uint32_t batch, uint16_t region, uint8_t flags = 0) {
  return SerialScan{serial, batch, region, flags, 0};
}

TEST(SuspiciousTest, FlagsUnitsOverEitherLimitSortedBySerialThenBatch) {
  PagedVector<SerialScan> scans;
  for (int i = 0; i < 4; ++i) scans.push_back(S(9, 1, 0, i == 0 ? 0 : kFlagRepeat));  // 4 scans: too many
  for (uint16_t r = 0; r < 3; ++r) scans.push_back(S(5, 2, r, kFlagInvalid));         // 3 regions: too many
  scans.push_back(S(5, 1, 0));  // same serial, other batch: fine
  scans.push_back(S(7, 1, 0));
  scans.push_back(S(7, 1, 0));
  SuspiciousParams p;
  p.min_scans = 4;
  p.min_regions = 3;
  SerialComm comm;
  auto t = SuspiciousSerialTable(comm, {std::move(scans)}, p);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows(), 2u);
  EXPECT_EQ(std::get<std::vector<uint64_t>>(t->columns[0].data), (std::vector<uint64_t>{5, 9}));
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[1].data), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[2].data), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[3].data), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[4].data), (std::vector<int64_t>{3, 0}));
  const auto& reason = t->columns[5];
  EXPECT_EQ(reason.dictionary[static_cast<size_t>(std::get<std::vector<int32_t>>(reason.data)[0])],
            "too_many_regions");
  EXPECT_EQ(reason.dictionary[static_cast<size_t>(std::get<std::vector<int32_t>>(reason.data)[1])],
            "too_many_scans");
}

TEST(SuspiciousTest, NoScansGiveAnEmptyTableAndBadLimitsAreRejected) {
  SerialComm comm;
  auto t = SuspiciousSerialTable(comm, {}, SuspiciousParams{});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows(), 0u);
  SuspiciousParams bad;
  bad.min_regions = 0;
  EXPECT_EQ(SuspiciousSerialTable(comm, {}, bad).status().code(), StatusCode::kInvalidArgument);
}

TEST(SuspiciousTest, MatchesABruteForceCountOnManyUnitsOfEverySize) {
  // 200,000 units of 1-9 scans over a few regions, shuffled: most are below
  // the limits, many are just at them, and the pre-filter's slots collide.
  std::mt19937_64 rng(7);
  PagedVector<SerialScan> scans;
  std::map<std::pair<uint64_t, uint32_t>, std::pair<int64_t, std::set<uint16_t>>> truth;
  for (uint64_t unit = 0; unit < 200000; ++unit) {
    const uint64_t serial = rng() % 150000;
    const uint32_t batch = static_cast<uint32_t>(rng() % 3);
    const int n = 1 + static_cast<int>(rng() % 9 == 0 ? rng() % 9 : rng() % 2);
    for (int i = 0; i < n; ++i) {
      const uint16_t region = static_cast<uint16_t>(rng() % 4);
      scans.push_back(S(serial, batch, region));
      auto& [count, regions] = truth[{serial, batch}];
      ++count, regions.insert(region);
    }
  }
  std::shuffle(scans.begin(), scans.end(), rng);
  SuspiciousParams p;
  p.min_scans = 6;
  p.min_regions = 3;
  std::vector<uint64_t> serials;
  std::vector<int64_t> batches, counts, regions;
  for (const auto& [unit, seen] : truth) {
    const int64_t distinct = static_cast<int64_t>(seen.second.size());
    if (seen.first < p.min_scans && distinct < p.min_regions) continue;
    serials.push_back(unit.first), batches.push_back(unit.second);
    counts.push_back(seen.first), regions.push_back(distinct);
  }
  SerialComm comm;
  auto t = SuspiciousSerialTable(comm, {std::move(scans)}, p);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_GT(serials.size(), 1000u);
  EXPECT_EQ(std::get<std::vector<uint64_t>>(t->columns[0].data), serials);
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[1].data), batches);
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[2].data), counts);
  EXPECT_EQ(std::get<std::vector<int64_t>>(t->columns[3].data), regions);
}

}  // namespace
}  // namespace qrmark::aggregates
