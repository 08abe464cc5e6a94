// UnitCounts::Combine under mpirun: whichever rank counts which slots, the
// combined filter passes exactly the units the one-process filter passes
// (the counters' sums and the bitmap do not depend on the rank count).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "io/scanlog/format.h"
#include "src/dist/mpi_comm.h"
#include "src/ingest/unit_filter.h"
#include "tests/ingest/ingest_test_util.h"

namespace qrmark::ingest {
namespace {

// The filter's verdict on every unit and on as many units never counted.
std::vector<uint8_t> Verdicts(const UnitFilter& filter, const std::vector<testing::Unit>& units) {
  std::vector<ScanRecord> records;
  std::mt19937_64 rng(3);
  for (const testing::Unit& u : units) {
    ScanRecord r{};
    r.serial = u.serial, r.batch_id = u.batch_id;
    records.push_back(r);
    r.serial = rng(), r.batch_id = static_cast<uint32_t>(rng());
    records.push_back(r);
  }
  std::vector<uint8_t> out(records.size());
  filter.MayReach(records, out);
  return out;
}

TEST(UnitFilterMpiTest, CombinedFilterIsTheOneProcessFilter) {
  MpiComm world = MpiComm::World();
  const std::vector<testing::Unit> units = testing::MakeUnits();
  const std::vector<uint8_t> slots = testing::SlotsOf(units);  // the same on every rank
  const size_t records = slots.size() / scanlog::kSlotSize;
  // Rank r counts pieces r, r + size, ... of 1000 slots.
  constexpr size_t kPiece = 1000 * scanlog::kSlotSize;
  UnitCounts counts(records, 3);
  for (size_t at = kPiece * static_cast<size_t>(world.rank()); at < slots.size();
       at += kPiece * static_cast<size_t>(world.size())) {
    counts.CountSlots(std::span(slots).subspan(at, std::min(kPiece, slots.size() - at)));
  }
  const std::vector<uint8_t> got = Verdicts(std::move(counts).Combine(world), units);

  SerialComm serial;
  UnitCounts all(records, 3);
  all.CountSlots(slots);
  const std::vector<uint8_t> want = Verdicts(std::move(all).Combine(serial), units);
  EXPECT_EQ(got, want);
  size_t passed = 0;
  for (uint8_t v : want) passed += v;
  EXPECT_GT(passed, 0u);
  EXPECT_LT(passed, want.size() / 2);
}

TEST(UnitFilterMpiTest, OneRankGivingUpMakesEveryRankPassEveryUnit) {
  MpiComm world = MpiComm::World();
  const std::vector<testing::Unit> units = testing::MakeUnits();
  const std::vector<uint8_t> slots = testing::SlotsOf(units);
  UnitCounts counts(slots.size() / scanlog::kSlotSize, 3);
  if (world.rank() == world.size() - 1) counts.GiveUp();
  else counts.CountSlots(slots);
  EXPECT_TRUE(std::move(counts).Combine(world).passes_all());
}

}  // namespace
}  // namespace qrmark::ingest
