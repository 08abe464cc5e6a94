// The job's operator new (src/base/slab_new.cc): under a PageRelay, big
// blocks are slab mappings that take kept slabs and are kept in turn,
// whichever delete frees them; small blocks, and blocks allocated while no
// relay lives, are malloc's and never reach the relay.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "src/base/page_relay.h"

namespace qrmark {
namespace {

constexpr size_t kBig = 3 * kPagedMinBytes / sizeof(uint64_t);  // 12 MiB of uint64_t
const size_t kBigBytes = RoundUpToSlab(kBig * sizeof(uint64_t));

TEST(SlabNewTest, BigBlocksUnderARelayAreKeptAndTakenAgain) {
  PageRelay relay;
  {
    std::vector<uint64_t> v(kBig, 5);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v.data()) % kSlabBytes, 0u);
  }
  EXPECT_EQ(relay.kept_bytes(), kBigBytes);
  std::vector<uint64_t> again(kBig);
  EXPECT_EQ(relay.reused_bytes(), kBigBytes);
  EXPECT_EQ(relay.kept_bytes(), 0u);
  for (size_t i = 0; i < again.size(); ++i) ASSERT_EQ(again[i], 0u) << i;
  for (size_t i = 0; i < again.size(); ++i) again[i] = i;
  for (size_t i = 0; i < again.size(); ++i) ASSERT_EQ(again[i], i) << i;
}

TEST(SlabNewTest, ArraysFreedWithoutTheirSizeAreKeptToo) {
  PageRelay relay;
  uint64_t* array = new uint64_t[kBig];
  std::fill(array, array + kBig, uint64_t{3});
  delete[] array;
  EXPECT_EQ(relay.kept_bytes(), kBigBytes);
  auto owned = std::make_unique<uint64_t[]>(kBig);  // value-initialised: every page touched
  EXPECT_EQ(relay.reused_bytes(), kBigBytes);
  owned.reset();
  EXPECT_EQ(relay.kept_bytes(), kBigBytes);
}

TEST(SlabNewTest, SmallBlocksAndBlocksFromBeforeTheRelayAreMallocs) {
  auto before = std::make_unique<std::vector<uint64_t>>(kBig, 1);
  PageRelay relay;
  { std::vector<uint64_t> small(1000, 2); }
  before.reset();
  EXPECT_EQ(relay.kept_bytes(), 0u);
  EXPECT_EQ(relay.reused_bytes(), 0u);
}

TEST(SlabNewTest, BlocksOutlivingTheRelayAreUnmappedAfterIt) {
  std::unique_ptr<std::vector<uint64_t>> outliving;
  {
    PageRelay relay;
    outliving = std::make_unique<std::vector<uint64_t>>(kBig, 4);
  }
  EXPECT_EQ((*outliving)[kBig - 1], 4u);
  outliving.reset();  // no relay: back to the system
  PageRelay later;
  EXPECT_EQ(later.kept_bytes(), 0u);
}

TEST(SlabNewTest, ThreadsAllocatingAndFreeingAtOnceKeepTheirValues) {
  PageRelay relay;
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (uint64_t round = 0; round < 20; ++round) {
        std::vector<uint64_t> v(kBig / 2 + static_cast<size_t>(t) * 1000);
        for (size_t i = 0; i < v.size(); i += 512) v[i] = round * 1000003 + i + static_cast<uint64_t>(t);
        for (size_t i = 0; i < v.size(); i += 512)
          failures[static_cast<size_t>(t)] += v[i] != round * 1000003 + i + static_cast<uint64_t>(t);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[static_cast<size_t>(t)], 0) << "thread " << t;
  EXPECT_GT(relay.reused_bytes(), 0u);
}

}  // namespace
}  // namespace qrmark
