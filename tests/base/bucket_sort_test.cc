// Tests src/base/bucket_sort.h: the same order as std::sort, for spread,
// narrow, skewed and duplicate keys, sorted and reversed inputs, small and
// large inputs (each path: plain, scratch copy, in-place passes), 1 and 2
// threads.
#include "src/base/bucket_sort.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <optional>
#include <random>
#include <tuple>

#include "src/base/hash.h"

namespace qrmark {
namespace {

struct Rec {
  uint64_t key;
  uint32_t tie;
  uint32_t payload;
  bool operator==(const Rec&) const = default;
};

uint64_t MixedKey(const Rec& r) { return Mix64(r.key); }
bool ByMixedKeyThenTie(const Rec& a, const Rec& b) {
  return std::tuple(Mix64(a.key), a.tie) < std::tuple(Mix64(b.key), b.tie);
}

// `distinct_keys` keys drawn from [base, base + span), each record with a tie-breaker.
std::vector<Rec> Records(size_t n, uint64_t distinct_keys, uint64_t base, uint64_t span, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> keys(distinct_keys);
  for (uint64_t& k : keys) k = base + rng() % span;
  std::vector<Rec> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = {keys[rng() % distinct_keys], static_cast<uint32_t>(rng() % 1000), static_cast<uint32_t>(i)};
  }
  return out;
}

void ExpectSameAsStdSort(std::vector<Rec> records) {
  std::vector<Rec> expected = records;
  std::sort(expected.begin(), expected.end(), [](const Rec& a, const Rec& b) {
    return std::tuple(Mix64(a.key), a.tie, a.payload) < std::tuple(Mix64(b.key), b.tie, b.payload);
  });
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    std::vector<Rec> got = records;
    SortByLeadingKey(std::span(got), MixedKey, [](const Rec& a, const Rec& b) {
      return std::tuple(Mix64(a.key), a.tie, a.payload) < std::tuple(Mix64(b.key), b.tie, b.payload);
    });
    EXPECT_EQ(got, expected) << threads << " threads";
  }
}

TEST(BucketSortTest, SpreadKeysManyRecords) { ExpectSameAsStdSort(Records(200000, 50000, 0, UINT64_MAX, 1)); }

// Two million records: the first pass leaves buckets of about 2000, which
// go through the scratch copy; three keys of 100000 records each: buckets
// too big for it, which take another in-place pass first.
TEST(BucketSortTest, BucketsSortedThroughTheScratchCopyOrInPlaceAgain) {
  ExpectSameAsStdSort(Records(2000000, 1000000, 0, UINT64_MAX, 8));
  ExpectSameAsStdSort(Records(300000, 3, 0, UINT64_MAX, 9));
}

TEST(BucketSortTest, SortedAndReverseSortedInputs) {
  std::vector<Rec> records = Records(100000, 30000, 0, UINT64_MAX, 7);
  std::sort(records.begin(), records.end(), ByMixedKeyThenTie);
  ExpectSameAsStdSort(records);  // every record already in its bucket
  std::reverse(records.begin(), records.end());
  ExpectSameAsStdSort(records);  // every record in the mirror bucket
}

TEST(BucketSortTest, FewDistinctKeysAndHeavyDuplicates) { ExpectSameAsStdSort(Records(100000, 7, 0, UINT64_MAX, 2)); }

TEST(BucketSortTest, SmallInputsTakeThePlainPath) {
  ExpectSameAsStdSort({});
  ExpectSameAsStdSort(Records(1, 1, 0, 10, 3));
  ExpectSameAsStdSort(Records(3000, 100, 0, 1000, 4));
}

TEST(BucketSortTest, OneSliceOfTheKeySpaceAsOneRankHolds) {
  // Keys whose mixed values all fall in a narrow range: select them.
  std::vector<Rec> narrow;
  std::mt19937_64 rng(5);
  while (narrow.size() < 50000) {
    const uint64_t k = rng();
    if ((Mix64(k) >> 60) == 0x9) narrow.push_back({k, static_cast<uint32_t>(rng() % 3), 0});
  }
  for (size_t i = 0; i < narrow.size(); ++i) narrow[i].payload = static_cast<uint32_t>(i);
  ExpectSameAsStdSort(narrow);
}

TEST(BucketSortTest, OnlyTheTieBreakerDiffers) { ExpectSameAsStdSort(Records(20000, 1, 42, 1, 6)); }

TEST(BucketSortTest, ComparatorWithoutFullTieBreakKeepsGroupsTogether) {
  std::vector<Rec> records = Records(100000, 30000, 0, UINT64_MAX, 7);
  SortByLeadingKey(std::span(records), MixedKey, ByMixedKeyThenTie);
  for (size_t i = 1; i < records.size(); ++i) EXPECT_FALSE(ByMixedKeyThenTie(records[i], records[i - 1])) << i;
}

// GroupByLeadingKey: the same records, equal keys together, groups in
// increasing key order (the order within a group is left unspecified).
void ExpectGrouped(const std::vector<Rec>& records, std::optional<KeyRange> known = std::nullopt) {
  std::vector<Rec> expected = records;
  auto by_all = [](const Rec& a, const Rec& b) {
    return std::tuple(Mix64(a.key), a.tie, a.payload) < std::tuple(Mix64(b.key), b.tie, b.payload);
  };
  std::sort(expected.begin(), expected.end(), by_all);
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    std::vector<Rec> got = records;
    GroupByLeadingKey(std::span(got), MixedKey, known);
    for (size_t i = 1; i < got.size(); ++i) {
      ASSERT_LE(Mix64(got[i - 1].key), Mix64(got[i].key)) << i << ", " << threads << " threads";
    }
    std::sort(got.begin(), got.end(), by_all);
    EXPECT_EQ(got, expected) << threads << " threads";
  }
}

TEST(BucketSortTest, GroupByLeadingKeyOnEveryPath) {
  ExpectGrouped({});
  ExpectGrouped(Records(3000, 100, 0, 1000, 11));            // plain
  ExpectGrouped(Records(200000, 50000, 0, UINT64_MAX, 12));  // scratch copy: buckets of one and of several keys
  ExpectGrouped(Records(300000, 3, 0, UINT64_MAX, 13));      // three keys: buckets of one key throughout
  ExpectGrouped(Records(2000000, 1000000, 0, UINT64_MAX, 14));
  ExpectGrouped(Records(20000, 1, 42, 1, 15));  // one key
}

// The records OwnerOf gives `rank` of `nranks`.
std::vector<Rec> OwnedBy(const std::vector<Rec>& records, int rank, int nranks) {
  std::vector<Rec> out;
  for (const Rec& r : records) {
    if (OwnerOf(r.key, nranks) == rank) out.push_back(r);
  }
  return out;
}

TEST(BucketSortTest, GroupByLeadingKeyWithTheKeysRangeKnown) {
  const std::vector<Rec> all = Records(600000, 200000, 0, UINT64_MAX, 16);
  for (int n : {1, 2, 3}) {
    for (int r = 0; r < n; ++r) ExpectGrouped(OwnedBy(all, r, n), MixedKeysOwnedBy(r, n));
  }
  ExpectGrouped(Records(20000, 1, 42, 1, 17), KeyRange{Mix64(42), Mix64(42)});  // one key, known
  ExpectGrouped(Records(500, 100, 0, UINT64_MAX, 18), MixedKeysOwnedBy(0, 2));  // too few to need it
}

TEST(BucketSortTest, GroupByLeadingKeyWithAWrongRangeStillGroups) {
  const std::vector<Rec> all = Records(300000, 100000, 0, UINT64_MAX, 19);
  ExpectGrouped(all, MixedKeysOwnedBy(0, 2));  // half the keys lie above it
  ExpectGrouped(all, MixedKeysOwnedBy(1, 2));  // half below
  ExpectGrouped(all, KeyRange{5, 4});          // empty
}

}  // namespace
}  // namespace qrmark
