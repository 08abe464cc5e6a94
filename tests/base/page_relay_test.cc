// PagedVector buffers hand their pages on under a PageRelay, and only then;
// what a growing buffer holds is never disturbed by the pages it receives;
// only slabs whole in memory are kept; a consumed front gives up whole
// slabs only, to the relay where one lives, and a slab given up is never
// unmapped with its buffer; a buffer filled by
// PushBackPopulating has its pages in place one slab at a time.
#include "src/base/page_relay.h"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace qrmark {
namespace {

constexpr size_t kBig = 3 * kPagedMinBytes / sizeof(uint64_t);  // 12 MiB of uint64_t

PagedVector<uint64_t> Filled(size_t n, uint64_t seed) {
  PagedVector<uint64_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = seed + i;
  return v;
}

TEST(PageRelayTest, BigBuffersAreSlabAligned) {
  PagedVector<uint64_t> v;
  v.reserve(kBig);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(v.data()) % kSlabBytes, 0u);
}

TEST(PageRelayTest, FreedSlabsAreKeptOnlyWhileARelayLives) {
  { PagedVector<uint64_t> outside = Filled(kBig, 1); }  // returned to the system
  PageRelay relay;
  EXPECT_EQ(relay.kept_bytes(), 0u);
  { PagedVector<uint64_t> inside = Filled(kBig, 1); }
  EXPECT_EQ(relay.kept_bytes(), RoundUpToSlab(kBig * sizeof(uint64_t)));
  { PagedVector<uint64_t> small = Filled(1000, 1); }  // from malloc: not kept
  EXPECT_EQ(relay.kept_bytes(), RoundUpToSlab(kBig * sizeof(uint64_t)));
}

TEST(PageRelayTest, OnlySlabsWholeInMemoryAreKept) {
  PageRelay relay;
  {
    PagedVector<uint64_t> v;
    v.reserve(kBig);  // address space only
    v.resize(kSlabBytes / sizeof(uint64_t) + 1);
    std::fill(v.begin(), v.end(), 1);  // in memory: one slab whole, one page of the next
  }
  EXPECT_EQ(relay.kept_bytes(), kSlabBytes);
}

TEST(PageRelayTest, GrowingOntoKeptSlabsKeepsWhatTheBufferHolds) {
  PageRelay relay;
  PagedVector<uint64_t> growing;
  growing.reserve(3 * kBig);
  GrowOntoKeptSlabs(growing, kBig / 2 + 7);  // nothing kept yet: fresh pages
  for (size_t i = 0; i < growing.size(); ++i) growing[i] = 1000000 + i;
  { PagedVector<uint64_t> freed = Filled(kBig, 42); }
  { PagedVector<uint64_t> freed = Filled(kBig, 43); }
  const size_t kept = relay.kept_bytes();
  GrowOntoKeptSlabs(growing, 2 * kBig + 3);
  EXPECT_GT(relay.reused_bytes(), 0u);
  EXPECT_EQ(relay.kept_bytes() + relay.reused_bytes(), kept);
  for (size_t i = 0; i < kBig / 2 + 7; ++i) ASSERT_EQ(growing[i], 1000000 + i) << i;
  // The new elements are the caller's to write (not cleared: kept pages hold
  // what their buffer last held).
  for (size_t i = kBig / 2 + 7; i < growing.size(); ++i) growing[i] = 2000000 + i;
  GrowOntoKeptSlabs(growing, 3 * kBig);  // the rest, on what is left and fresh pages
  for (size_t i = 2 * kBig + 3; i < growing.size(); ++i) growing[i] = 3000000 + i;
  for (size_t i = 0; i < kBig / 2 + 7; ++i) ASSERT_EQ(growing[i], 1000000 + i) << i;
  for (size_t i = kBig / 2 + 7; i < 2 * kBig + 3; ++i) ASSERT_EQ(growing[i], 2000000 + i) << i;
  for (size_t i = 2 * kBig + 3; i < growing.size(); ++i) ASSERT_EQ(growing[i], 3000000 + i) << i;
}

TEST(PageRelayTest, GrownElementsOfATypeWithInitialisersGetThem) {
  struct Row {
    uint64_t key = 7;
    int32_t count = -1;
  };
  PageRelay relay;
  { PagedVector<uint64_t> freed = Filled(kBig, 42); }  // kept: the rows grow over its values
  PagedVector<Row> rows;
  rows.reserve(kBig / 2);
  GrowOntoKeptSlabs(rows, kBig / 2);
  EXPECT_GT(relay.reused_bytes(), 0u);
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].key, 7u) << i;
    ASSERT_EQ(rows[i].count, -1) << i;
  }
}

TEST(PageRelayTest, GrowingPastTheCapacityReallocatesAndKeepsTheValues) {
  PageRelay relay;
  PagedVector<uint64_t> v = Filled(kBig, 5);
  GrowOntoKeptSlabs(v, 2 * kBig);
  ASSERT_EQ(v.size(), 2 * kBig);
  for (size_t i = 0; i < kBig; ++i) ASSERT_EQ(v[i], 5 + i);
}

TEST(PageRelayTest, ReleasingConsumedSlabsGivesBackOnlyWholeSlabsBeforeTheMark) {
  PagedVector<uint64_t> v = Filled(kBig, 9);
  const size_t per_slab = kSlabBytes / sizeof(uint64_t);
  ReleaseConsumedSlabs(v, per_slab + per_slab / 2);  // one whole slab and half of the next
  ASSERT_EQ(v.size(), kBig);
  for (size_t i = 0; i < per_slab; ++i) ASSERT_EQ(v[i], 0u) << i;  // given back: zeros
  for (size_t i = per_slab; i < kBig; ++i) ASSERT_EQ(v[i], 9 + i) << i;
  ReleaseConsumedSlabs(v, 10 * kBig);  // past the end: every whole slab the elements fill
  const size_t whole = kBig * sizeof(uint64_t) / kSlabBytes * per_slab;
  for (size_t i = 0; i < whole; ++i) ASSERT_EQ(v[i], 0u) << i;
  for (size_t i = whole; i < kBig; ++i) ASSERT_EQ(v[i], 9 + i) << i;

  PagedVector<uint64_t> small = Filled(1000, 3);  // from malloc: left alone
  ReleaseConsumedSlabs(small, 1000);
  for (size_t i = 0; i < small.size(); ++i) ASSERT_EQ(small[i], 3 + i);
}

TEST(PageRelayTest, ConsumedSlabsGivenUpUnderARelayAreKeptForAGrowingBuffer) {
  PageRelay relay;
  PagedVector<uint64_t> v = Filled(kBig, 9);
  const size_t per_slab = kSlabBytes / sizeof(uint64_t);
  ReleaseConsumedSlabs(v, 2 * per_slab + 5);  // two whole slabs
  EXPECT_EQ(relay.kept_bytes(), 2 * kSlabBytes);
  for (size_t i = 2 * per_slab; i < kBig; ++i) ASSERT_EQ(v[i], 9 + i) << i;
  ReleaseConsumedSlabs(v, 2 * per_slab + 5);  // given up before: nothing more
  EXPECT_EQ(relay.kept_bytes(), 2 * kSlabBytes);

  PagedVector<uint64_t> growing;
  growing.reserve(kBig);
  GrowOntoKeptSlabs(growing, 2 * per_slab);
  EXPECT_EQ(relay.reused_bytes(), 2 * kSlabBytes);
  EXPECT_EQ(relay.kept_bytes(), 0u);
  ASSERT_EQ(growing.size(), 2 * per_slab);

  v = PagedVector<uint64_t>();  // the rest of its slabs are kept, the two given up are not
  EXPECT_EQ(relay.kept_bytes(), RoundUpToSlab(kBig * sizeof(uint64_t)) - 2 * kSlabBytes);
}

TEST(PageRelayTest, AGivenUpSlabIsNeverTouchedAgain) {
  PagedVector<uint64_t> v = Filled(kBig, 9);
  std::byte* const first_slab = reinterpret_cast<std::byte*>(v.data());
  {
    PageRelay relay;
    ReleaseConsumedSlabs(v, kSlabBytes / sizeof(uint64_t));
  }
  // Someone else maps the vacated slab's address; giving the slab up again,
  // or freeing `v`, must leave that mapping alone.
  void* other = ::mmap(first_slab, kSlabBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ASSERT_EQ(other, static_cast<void*>(first_slab));
  static_cast<volatile uint64_t*>(other)[7] = 77;
  {
    PageRelay relay;
    ReleaseConsumedSlabs(v, kSlabBytes / sizeof(uint64_t));
    EXPECT_EQ(relay.kept_bytes(), 0u);
  }
  EXPECT_EQ(static_cast<volatile uint64_t*>(other)[7], 77u);
  v = PagedVector<uint64_t>();
  EXPECT_EQ(static_cast<volatile uint64_t*>(other)[7], 77u);
  ::munmap(other, kSlabBytes);
}

// How many of the pages of [p, p + bytes) (page-aligned) are resident.
size_t ResidentPages(const void* p, size_t bytes) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_core((bytes + page - 1) / page);
  if (::mincore(const_cast<void*>(p), bytes, in_core.data()) != 0) return SIZE_MAX;
  size_t n = 0;
  for (unsigned char c : in_core) n += c & 1;
  return n;
}

TEST(PageRelayTest, PushBackPopulatingFaultsInTheSlabOfEachNewElementAndNoFurther) {
  PagedVector<uint64_t> v;
  v.reserve(kBig);
  const size_t per_slab = kSlabBytes / sizeof(uint64_t), page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const auto* base = reinterpret_cast<const std::byte*>(v.data());
  ASSERT_EQ(ResidentPages(base, kSlabBytes), 0u);  // reserved address space only
  PushBackPopulating(v, uint64_t{7});
  EXPECT_EQ(ResidentPages(base, kSlabBytes), kSlabBytes / page);  // the first slab, whole
  EXPECT_EQ(ResidentPages(base + kSlabBytes, kSlabBytes), 0u);    // not the next one
  for (uint64_t i = 1; i <= per_slab; ++i) PushBackPopulating(v, 7 + i);  // the first element of slab 2
  EXPECT_EQ(ResidentPages(base + kSlabBytes, kSlabBytes), kSlabBytes / page);
  EXPECT_EQ(ResidentPages(base + 2 * kSlabBytes, kSlabBytes), 0u);
  ASSERT_EQ(v.size(), per_slab + 1);
  for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], 7 + i) << i;

  PagedVector<uint64_t> small;  // from malloc: plain push_back
  for (uint64_t i = 0; i < 100; ++i) PushBackPopulating(small, i);
  for (size_t i = 0; i < small.size(); ++i) ASSERT_EQ(small[i], i);
}

}  // namespace
}  // namespace qrmark
