// Tests src/aggregates/suspicious.h with SerialComm: limits, units, order.
#include "src/aggregates/suspicious.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace qrmark::aggregates
