// Shuffling delivers every record to its owner exactly once, whatever the
// rank count and however unevenly the input is spread.
#include <gtest/gtest.h>

#include <algorithm>

#include "src/base/hash.h"
#include "src/dist/mpi_comm.h"
#include "src/dist/shuffle.h"

namespace qrmark {
namespace {

// Rank r holds keys r, r+n, r+2n, ... below kTotal, split into small chunks;
// rank 0 also holds a long tail so ranks need different numbers of rounds.
constexpr uint64_t kTotal = 10000;

std::vector<std::vector<uint64_t>> LocalChunks(int rank, int size) {
  std::vector<std::vector<uint64_t>> chunks(1);
  for (uint64_t k = static_cast<uint64_t>(rank); k < kTotal; k += static_cast<uint64_t>(size)) {
    if (chunks.back().size() == 97) chunks.emplace_back();
    chunks.back().push_back(k);
  }
  if (rank == 0) {
    for (uint64_t k = kTotal; k < kTotal + 500; ++k) chunks.push_back({k});
  }
  return chunks;
}

TEST(ShuffleTest, ShuffleChunksDeliversEachRecordToItsOwnerExactlyOnce) {
  MpiComm world = MpiComm::World();
  const int n = world.size();
  auto owner = [n](const uint64_t& k) { return OwnerOf(k, n); };
  std::vector<uint64_t> mine = ShuffleChunks<uint64_t>(world, LocalChunks(world.rank(), n), owner);
  for (uint64_t k : mine) EXPECT_EQ(OwnerOf(k, n), world.rank());
  std::sort(mine.begin(), mine.end());
  EXPECT_TRUE(std::adjacent_find(mine.begin(), mine.end()) == mine.end());
  EXPECT_EQ(world.SumOf(static_cast<int64_t>(mine.size())), static_cast<int64_t>(kTotal + 500));
}

TEST(ShuffleTest, RangePartitionKeepsGlobalUserOrderIndependentOfRankCount) {
  // Concatenating each rank's keys sorted by UserOrderLess gives the global order.
  MpiComm world = MpiComm::World();
  const int n = world.size();
  auto owner = [n](const uint64_t& k) { return OwnerOf(k, n); };
  std::vector<uint64_t> mine = ShuffleChunks<uint64_t>(world, LocalChunks(world.rank(), n), owner);
  std::sort(mine.begin(), mine.end(), UserOrderLess);
  std::vector<uint64_t> gathered = world.AllgathervOf<uint64_t>(mine);
  std::vector<uint64_t> expected(kTotal + 500);
  for (uint64_t k = 0; k < expected.size(); ++k) expected[k] = k;
  std::sort(expected.begin(), expected.end(), UserOrderLess);
  EXPECT_EQ(gathered, expected);
}

}  // namespace
}  // namespace qrmark
