// UnitCounts / UnitFilter without MPI: every unit with enough scans passes,
// most units with fewer are dropped, and what can break the counting (a piece
// cut inside a slot) makes every unit pass rather than lose one.
#include "src/ingest/unit_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "io/scanlog/format.h"
#include "tests/ingest/ingest_test_util.h"

namespace qrmark::ingest {
namespace {

using testing::MakeUnits;
using testing::SlotsOf;
using testing::Unit;

// Whether `filter` passes each unit: the one-record form and the batch form agree.
std::vector<bool> Passes(const UnitFilter& filter, const std::vector<Unit>& units) {
  std::vector<ScanRecord> records(units.size());
  for (size_t i = 0; i < units.size(); ++i) records[i].serial = units[i].serial, records[i].batch_id = units[i].batch_id;
  std::vector<uint8_t> batch(units.size());
  filter.MayReach(records, batch);
  std::vector<bool> out;
  for (size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(batch[i] != 0, filter.MayReach(units[i].serial, units[i].batch_id));
    out.push_back(batch[i] != 0);
  }
  return out;
}

TEST(UnitFilterTest, PassesEveryUnitThatReachesTheLimitAndDropsMostOthers) {
  const std::vector<Unit> units = MakeUnits();
  const std::vector<uint8_t> slots = SlotsOf(units);
  const uint64_t records = slots.size() / scanlog::kSlotSize;
  for (int limit : {2, 3, 5, 16}) {  // counters of 2, 2, 4 and 8 bits
    UnitCounts counts(records, limit);
    // In uneven pieces, as the checksum pass hands them over.
    for (size_t at = 0; at < slots.size();) {
      const size_t n = std::min(slots.size() - at, scanlog::kSlotSize * (1 + at % 977));
      counts.CountSlots(std::span(slots).subspan(at, n));
      at += n;
    }
    SerialComm serial;
    const UnitFilter filter = std::move(counts).Combine(serial);
    ASSERT_FALSE(filter.passes_all());
    const std::vector<bool> pass = Passes(filter, units);
    size_t below = 0, below_passed = 0;
    for (size_t i = 0; i < units.size(); ++i) {
      if (units[i].scans >= limit) {
        EXPECT_TRUE(pass[i]) << "unit " << i << " with " << units[i].scans << " scans, limit " << limit;
      } else {
        ++below, below_passed += pass[i];
      }
    }
    // Units sharing a counter add up: a few pass wrongly, most are dropped.
    EXPECT_LT(below_passed * 4, below) << "limit " << limit;
  }
}

TEST(UnitFilterTest, CountsSaturateWithoutWrappingAround) {
  std::vector<Unit> units = {{42, 7, 1000}, {43, 7, 1}};
  const std::vector<uint8_t> slots = SlotsOf(units);
  UnitCounts counts(slots.size() / scanlog::kSlotSize, 255);
  counts.CountSlots(slots);
  SerialComm serial;
  const UnitFilter filter = std::move(counts).Combine(serial);
  EXPECT_TRUE(filter.MayReach(42, 7));  // 1000 scans: a wrapping 8-bit counter would read 232
  EXPECT_FALSE(filter.MayReach(43, 7));
}

TEST(UnitFilterTest, GivingUpPassesEveryUnit) {
  const std::vector<Unit> units = MakeUnits();
  UnitCounts counts(1000, 3);
  counts.GiveUp();
  SerialComm serial;
  const UnitFilter filter = std::move(counts).Combine(serial);
  EXPECT_TRUE(filter.passes_all());
  for (bool p : Passes(filter, units)) EXPECT_TRUE(p);
  EXPECT_TRUE(Passes(UnitFilter(), units)[0]);
}

}  // namespace
}  // namespace qrmark::ingest
