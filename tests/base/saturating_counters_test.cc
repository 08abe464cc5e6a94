// Tests src/base/saturating_counters.h: each width stops at its limit, a
// counter never spills into its neighbours, and the packed bytes read back
// through ValueIn as through Value.
#include "src/base/saturating_counters.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace qrmark {
namespace {

TEST(SaturatingCountersTest, WidthFollowsTheLimit) {
  EXPECT_EQ(SaturatingCounters(64, 1).bits(), 2);
  EXPECT_EQ(SaturatingCounters(64, 3).bits(), 2);
  EXPECT_EQ(SaturatingCounters(64, 4).bits(), 4);
  EXPECT_EQ(SaturatingCounters(64, 15).bits(), 4);
  EXPECT_EQ(SaturatingCounters(64, 16).bits(), 8);
  EXPECT_EQ(SaturatingCounters(64, 255).bits(), 8);
  EXPECT_EQ(SaturatingCounters(64, 3).bytes().size(), 16u);
  EXPECT_EQ(SaturatingCounters(64, 3).size(), 64u);
}

// Random increments against plain ints, at every width and at its largest
// limit, where a counter that did not stop would carry into the next one.
TEST(SaturatingCountersTest, CountsLikePlainIntsThatStopAtTheLimit) {
  for (int limit : {1, 2, 3, 4, 15, 16, 200, 255}) {
    constexpr size_t kCounters = 256;
    SaturatingCounters counts(kCounters, limit);
    std::vector<int> want(kCounters, 0);
    std::mt19937_64 rng(static_cast<uint64_t>(limit));
    for (int n = 0; n < 100000; ++n) {
      const size_t i = rng() % 8 == 0 ? 5 : rng() % kCounters;  // counter 5 far past any limit
      counts.Prefetch(i);
      counts.Increment(i);
      want[i] = std::min(want[i] + 1, limit);
    }
    for (size_t i = 0; i < kCounters; ++i) {
      ASSERT_EQ(counts.Value(i), want[i]) << "counter " << i << ", limit " << limit;
      ASSERT_EQ(SaturatingCounters::ValueIn(counts.bytes().data(), i, counts.bits()), want[i]);
    }
    EXPECT_EQ(counts.Value(5), limit);
  }
}

}  // namespace
}  // namespace qrmark
