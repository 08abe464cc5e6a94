// UnitCounts / UnitFilter without MPI: every unit with enough scans passes,
// most units with fewer are dropped, and what can break the counting (a piece
// cut inside a slot) makes every unit pass rather than lose one.
#include "src/ingest/unit_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>
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

// The combined sum against the counters summed one by one: every counter
// width, 1 to 6 tables, limits from 1 to the width's most, random counters
// (and sums past 255 for 8-bit ones).
TEST(UnitFilterTest, ReachedLimitIsTheSumOfEveryTablesCounters) {
  uint64_t state = 12345;
  const auto next_byte = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint8_t>(state >> 56);
  };
  for (int bits : {2, 4, 8}) {
    const int most = bits == 2 ? 3 : bits == 4 ? 15 : 255;
    const size_t word_bytes = 64 * static_cast<size_t>(bits) / 8, stride = 3 * word_bytes + 5;
    for (size_t tables = 1; tables <= 6; ++tables) {
      for (int round = 0; round < 20; ++round) {
        std::vector<uint8_t> bytes(tables * stride);
        for (uint8_t& b : bytes) b = round % 4 == 0 ? 0xff : next_byte();  // every counter full, or at random
        for (int limit : {1, 2, most / 2 + 1, most, bits == 8 ? 200 : most}) {
          const uint8_t* first = bytes.data() + word_bytes;  // the second word of each table
          uint64_t want = 0;
          for (size_t i = 0; i < 64; ++i) {
            int sum = 0;
            for (size_t t = 0; t < tables; ++t) sum += SaturatingCounters::ValueIn(first + t * stride, i, bits);
            want |= uint64_t{sum >= limit} << i;
          }
          ASSERT_EQ(unit_filter_detail::ReachedLimit(first, stride, tables, bits, limit), want)
              << bits << " bits, " << tables << " tables, limit " << limit << ", round " << round;
        }
      }
    }
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

// The scans themselves, in chunks (a CSV input's serial scans): every scan of
// a unit that reaches the limit is kept, in its chunk and in order; most
// others go, and a chunk left empty goes with them.
TEST(UnitFilterTest, KeepingSerialScansKeepsEveryScanOfAUnitThatMayReachInOrder) {
  const std::vector<Unit> units = MakeUnits();
  std::vector<SerialScan> all;
  for (const Unit& u : units) {
    for (int s = 0; s < u.scans; ++s) all.push_back({u.serial, u.batch_id, static_cast<uint16_t>(s), 0, 0});
  }
  std::vector<PagedVector<SerialScan>> chunks(3);
  for (size_t i = 0; i < all.size(); ++i) chunks[i * 3 / all.size()].push_back(all[i]);
  chunks.insert(chunks.begin() + 1, PagedVector<SerialScan>{{1, 1, 0, 0, 0}});  // a unit scanned once
  std::vector<SerialScan> sequence;  // every scan, chunk after chunk
  std::map<std::pair<uint64_t, uint32_t>, int> scans_of;
  for (const auto& chunk : chunks) {
    for (const SerialScan& s : chunk) sequence.push_back(s), ++scans_of[{s.serial, s.batch_id}];
  }
  SerialComm serial;
  KeepSerialScansOfUnitsThatMayReach(serial, 3, &chunks);
  std::vector<SerialScan> kept;
  for (const auto& chunk : chunks) {
    ASSERT_FALSE(chunk.empty());
    kept.insert(kept.end(), chunk.begin(), chunk.end());
  }
  const auto same = [](const SerialScan& a, const SerialScan& b) {
    return a.serial == b.serial && a.batch_id == b.batch_id && a.region == b.region;
  };
  size_t next = 0, reaching = 0;  // every scan of a unit with 3 or more is in `kept`, in the same order
  for (const SerialScan& s : sequence) {
    if (scans_of[{s.serial, s.batch_id}] < 3) continue;
    ++reaching;
    while (next < kept.size() && !same(kept[next], s)) ++next;
    ASSERT_LT(next, kept.size()) << "lost a scan of unit " << s.serial << "/" << s.batch_id;
    ++next;
  }
  // Units sharing a counter add up: a few scans of units below the limit stay, most go.
  EXPECT_LT((kept.size() - reaching) * 4, sequence.size() - reaching);
}

}  // namespace
}  // namespace qrmark::ingest
