// Sort of records whose order starts with an evenly spread 64-bit key (a
// mixed user key, a mixed serial): in-place radix passes on the key's
// leading bits (1024 buckets a pass, records swapped to their bucket's front
// as in American flag sort, but in sweeps) split the array into buckets
// already in order among themselves. A bucket that fits in a core's cache
// then takes one counting pass through a scratch copy of itself, into
// buckets of a few records each, which std::sort finishes with the full
// comparator. The result is the one std::sort with `less` gives, provided
// `less` orders by the key first (key(a) < key(b) implies less(a, b)); no
// memory beyond the bucket counts and a scratch of kScratchRecords records a
// thread; faster than std::sort on millions of records.
// GroupByLeadingKey only brings equal keys together, in key order: a last
// bucket whose records share one key is left as it is, which spares the
// comparison sort that dominates when keys repeat (a user's scans): 0.68
// against 1.20 s on 30 M scans of 2.5 M users (bench/kmeans).
// The first pass's buckets are sorted in parallel with OpenMP (each by one
// thread, so the result does not depend on the thread count).
#ifndef QRMARK_SRC_BASE_BUCKET_SORT_H_
#define QRMARK_SRC_BASE_BUCKET_SORT_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "src/base/hash.h"

namespace qrmark {

namespace bucket_sort_detail {

constexpr int kRadixBits = 10;       // 1024 buckets a pass: their fronts stay in cache and TLB
constexpr size_t kSmall = 1 << 10;   // below this a plain sort is as fast
constexpr size_t kScratchRecords = size_t{1} << 16;  // a bucket this small is sorted through a scratch copy
constexpr size_t kRecordsPerScratchBucket = 2;       // the counting pass aims at this many a bucket (2: fewer
                                                     // buckets of several keys to sort than 4, 1 or 8)

// Sorts `records` (kSmall to kScratchRecords of them, keys in [lo, lo +
// 2^width)) by one counting pass on the top bits of that range, from a copy
// in `scratch` back into `records`, then std::sort on each bucket; with
// `group_only` (`less` compares keys alone), not on a bucket of one key.
template <class T, class KeyOf, class Less>
void SortThroughScratch(std::span<T> records, uint64_t lo, int width, const KeyOf& key_of, const Less& less,
                        bool group_only, std::vector<T>& scratch, std::vector<uint32_t>& ends) {
  const int bits = std::min(width, static_cast<int>(std::bit_width(records.size() / kRecordsPerScratchBucket)));
  const int shift = width - bits;
  const size_t buckets = size_t{1} << bits;
  scratch.assign(records.begin(), records.end());
  ends.assign(buckets + 1, 0);
  for (const T& r : scratch) ++ends[((key_of(r) - lo) >> shift) + 1];
  for (size_t b = 0; b < buckets; ++b) ends[b + 1] += ends[b];  // ends[b]: where bucket b starts
  for (const T& r : scratch) records[ends[(key_of(r) - lo) >> shift]++] = r;
  for (size_t b = 0, begin = 0; b < buckets; begin = ends[b++]) {  // ends[b]: now where bucket b ends
    if (ends[b] - begin < 2) continue;
    const std::span<T> bucket = records.subspan(begin, ends[b] - begin);
    if (group_only) {
      const uint64_t first = key_of(bucket.front());
      if (std::all_of(bucket.begin() + 1, bucket.end(), [&](const T& r) { return key_of(r) == first; })) {
        continue;  // one key: a group already
      }
    }
    std::sort(bucket.begin(), bucket.end(), less);
  }
}

// Sorts `records`, whose keys all lie in [lo, lo + 2^width) (width <= 64),
// by one in-place radix pass on the top kRadixBits of that range, then each
// bucket the same way, down to buckets small enough for SortThroughScratch
// or std::sort (`group_only`: as SortThroughScratch). `scratch` and `ends`
// are this thread's buffers.
// `check_range`: the range came from the caller, not from the keys: a key
// outside it makes SortRange return false with `records` unchanged.
template <class T, class KeyOf, class Less>
bool SortRange(std::span<T> records, uint64_t lo, int width, const KeyOf& key_of, const Less& less,
               bool group_only, bool parallel, bool check_range, std::vector<T>& scratch,
               std::vector<uint32_t>& ends) {
  if (group_only && width == 0 && !check_range) return true;  // one key
  if (records.size() < kSmall || width == 0) {
    std::sort(records.begin(), records.end(), less);
    return true;
  }
  if (!parallel && records.size() <= kScratchRecords && !check_range) {
    SortThroughScratch(records, lo, width, key_of, less, group_only, scratch, ends);
    return true;
  }
  const int shift = std::max(0, width - kRadixBits);
  const size_t buckets = size_t{1} << (width - shift);
  const auto bucket_of = [&](const T& r) { return static_cast<size_t>((key_of(r) - lo) >> shift); };

  std::vector<size_t> begin(buckets + 1, 0);
  for (const T& r : records) {
    const size_t b = bucket_of(r);
    if (check_range && b >= buckets) return false;
    ++begin[b + 1];
  }
  for (size_t b = 0; b < buckets; ++b) begin[b + 1] += begin[b];
  // Sweeps over each bucket's unplaced records, sending each to the front of
  // its own bucket; what comes back is looked at in a later sweep. Every step
  // places one record for good, and the next record to look at is the next in
  // memory, not the one just fetched from afar: the fetches of consecutive
  // steps overlap instead of waiting on each other.
  std::vector<size_t> next(begin.begin(), begin.end() - 1);
  for (bool unfinished = true; unfinished;) {
    unfinished = false;
    for (size_t b = 0; b < buckets; ++b) {
      for (size_t i = next[b]; i < begin[b + 1]; ++i) {
        std::swap(records[i], records[next[bucket_of(records[i])]++]);
      }
      unfinished |= next[b] < begin[b + 1];
    }
  }
  const int64_t bucket_count = static_cast<int64_t>(buckets);
#pragma omp parallel if (parallel)
  {
    std::vector<T> my_scratch;
    std::vector<uint32_t> my_ends;
#pragma omp for schedule(dynamic, 1)
    for (int64_t b = 0; b < bucket_count; ++b) {
      const size_t at = static_cast<size_t>(b);
      SortRange(records.subspan(begin[at], begin[at + 1] - begin[at]), lo + (static_cast<uint64_t>(at) << shift),
                shift, key_of, less, group_only, false, false, parallel ? my_scratch : scratch,
                parallel ? my_ends : ends);
    }
  }
  return true;
}

// The radix passes behind SortByLeadingKey and GroupByLeadingKey.
// `known`: the caller's range of the keys, or none (then one pass finds it).
template <class T, class KeyOf, class Less>
void SortByLeadingKeyImpl(std::span<T> records, const KeyOf& key_of, const Less& less, bool group_only,
                          std::optional<KeyRange> known) {
  if (records.empty()) return;
  std::vector<T> scratch;
  std::vector<uint32_t> ends;
  if (known && known->lo <= known->hi &&
      SortRange(records, known->lo, static_cast<int>(std::bit_width(known->hi - known->lo)), key_of, less,
                group_only, true, true, scratch, ends)) {
    return;
  }
  // The keys' actual range: a rank holds one slice of the key space.
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const T& r : records) {
    const uint64_t k = key_of(r);
    lo = std::min(lo, k), hi = std::max(hi, k);
  }
  SortRange(records, lo, static_cast<int>(std::bit_width(hi - lo)), key_of, less, group_only, true, false, scratch,
            ends);
}

}  // namespace bucket_sort_detail

// Sorts `records` as std::sort with `less` would; `less` orders by
// `key_of` first.
template <class T, class KeyOf, class Less>
void SortByLeadingKey(std::span<T> records, KeyOf key_of, Less less) {
  bucket_sort_detail::SortByLeadingKeyImpl(records, key_of, less, /*group_only=*/false, std::nullopt);
}

// Puts records with equal keys next to each other, the groups in increasing
// key order. The order within a group is unspecified: it depends on the
// input's order (and so, across ranks, on the number of ranks). `known`: the
// keys' range, which spares the pass that finds it; a key outside it costs
// that pass after all, never a wrong result.
template <class T, class KeyOf>
void GroupByLeadingKey(std::span<T> records, KeyOf key_of, std::optional<KeyRange> known = std::nullopt) {
  bucket_sort_detail::SortByLeadingKeyImpl(
      records, key_of, [&key_of](const T& a, const T& b) { return key_of(a) < key_of(b); }, /*group_only=*/true,
      known);
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_BUCKET_SORT_H_
