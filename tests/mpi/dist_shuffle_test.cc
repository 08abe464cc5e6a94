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

std::vector<PagedVector<uint64_t>> LocalChunks(int rank, int size) {
  std::vector<PagedVector<uint64_t>> chunks(1);
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
  PagedVector<uint64_t> mine = ShuffleChunks<uint64_t>(world, LocalChunks(world.rank(), n), owner);
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
  PagedVector<uint64_t> mine = ShuffleChunks<uint64_t>(world, LocalChunks(world.rank(), n), owner);
  std::sort(mine.begin(), mine.end(), UserOrderLess);
  std::vector<uint64_t> gathered = world.AllgathervOf<uint64_t>(std::span<const uint64_t>(mine));
  std::vector<uint64_t> expected(kTotal + 500);
  for (uint64_t k = 0; k < expected.size(); ++k) expected[k] = k;
  std::sort(expected.begin(), expected.end(), UserOrderLess);
  EXPECT_EQ(gathered, expected);
}

TEST(ShuffleTest, BigChunksUnderAPageRelayArriveIntactOnReusedPages) {
  // Chunks of 5 MB: each is freed once sent and its pages carry later rounds.
  MpiComm world = MpiComm::World();
  const int n = world.size();
  constexpr uint64_t kPerChunk = 640 * 1024, kChunks = 3;
  std::vector<PagedVector<uint64_t>> chunks(kChunks);
  for (uint64_t c = 0; c < kChunks; ++c) {
    for (uint64_t i = 0; i < kPerChunk; ++i) {
      chunks[c].push_back(((c * kPerChunk + i) * static_cast<uint64_t>(n) + static_cast<uint64_t>(world.rank())) *
                          0x9E3779B97F4A7C15ull);
    }
  }
  auto owner = [n](const uint64_t& k) { return OwnerOf(k, n); };
  PageRelay relay;
  PagedVector<uint64_t> mine = ShuffleChunks<uint64_t>(world, std::move(chunks), owner);
  EXPECT_GT(relay.reused_bytes(), 0u);
  for (uint64_t k : mine) ASSERT_EQ(OwnerOf(k, n), world.rank());
  std::vector<uint64_t> ids;
  for (uint64_t k : mine) ids.push_back(k * 0xF1DE83E19937733Dull);  // the inverse multiplier
  std::sort(ids.begin(), ids.end());
  EXPECT_TRUE(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  const int64_t total = world.SumOf(static_cast<int64_t>(ids.size()));
  EXPECT_EQ(total, static_cast<int64_t>(kPerChunk * kChunks) * n);
  EXPECT_LT(world.MaxOf(static_cast<int64_t>(ids.empty() ? 0 : ids.back())), total);
}

}  // namespace
}  // namespace qrmark
