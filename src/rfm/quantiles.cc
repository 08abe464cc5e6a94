// Exact distributed quantile thresholds: a binary search per threshold, all
// thresholds advanced together, one AllreduceSum of counts per round.
#include "src/rfm/quantiles.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>

namespace qrmark::rfm {
namespace {

// lo + (hi - lo) / 2 without overflow for any int64 lo <= hi.
int64_t Midpoint(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + span / 2);
}

// Ascending LSD radix sort, 11 bits a pass, on the value with its sign bit
// flipped (so the unsigned order is the signed one). One read pass counts
// every digit; passes whose digit is the same for all values are skipped,
// so small numbers (recency days, frequencies) take one or two passes.
void RadixSort(std::vector<int64_t>& v) {
  constexpr int kBits = 11, kPasses = (64 + kBits - 1) / kBits;
  constexpr size_t kDigits = size_t{1} << kBits;
  const auto key = [](int64_t x) { return static_cast<uint64_t>(x) ^ (uint64_t{1} << 63); };
  const auto digit = [&](int64_t x, int pass) { return (key(x) >> (pass * kBits)) & (kDigits - 1); };
  std::vector<std::array<size_t, kDigits>> count(kPasses);
  for (int64_t x : v)
    for (int pass = 0; pass < kPasses; ++pass) ++count[pass][digit(x, pass)];
  std::vector<int64_t> out(v.size());
  for (int pass = 0; pass < kPasses; ++pass) {
    if (v.empty() || count[pass][digit(v[0], pass)] == v.size()) continue;
    size_t next = 0;
    for (size_t& c : count[pass]) next += std::exchange(c, next);
    for (int64_t x : v) out[count[pass][digit(x, pass)]++] = x;
    v.swap(out);
  }
}

}  // namespace

Result<std::vector<int64_t>> GlobalThresholds(Comm& comm, std::span<const int64_t> values, int bins) {
  if (bins < 2 || bins > 10) {
    return InvalidArgument("rfm: bins must be in 2..10, got " + std::to_string(bins));
  }
  std::vector<int64_t> sorted(values.begin(), values.end());
  RadixSort(sorted);
  const int64_t n = comm.SumOf(static_cast<int64_t>(sorted.size()));
  if (n == 0) return std::vector<int64_t>{};
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t gmin = comm.MinOf(sorted.empty() ? kMax : sorted.front());
  const int64_t gmax = comm.MaxOf(sorted.empty() ? std::numeric_limits<int64_t>::min() : sorted.back());
  const size_t t = static_cast<size_t>(bins - 1);
  std::vector<int64_t> lo(t, gmin), hi(t, gmax), target(t), counts(t);
  __extension__ using Wide = __int128;
  for (size_t j = 0; j < t; ++j) {
    target[j] = static_cast<int64_t>((static_cast<Wide>(j + 1) * n + bins - 1) / bins);
  }
  // Invariant: count(<= hi[j]) >= target[j] and count(<= lo[j] - 1) < target[j].
  while (lo != hi) {  // lo and hi come from global counts: the same on every rank
    for (size_t j = 0; j < t; ++j) {
      const int64_t mid = Midpoint(lo[j], hi[j]);
      counts[j] = std::upper_bound(sorted.begin(), sorted.end(), mid) - sorted.begin();
    }
    comm.AllreduceSum(counts);
    for (size_t j = 0; j < t; ++j) {
      if (lo[j] == hi[j]) continue;
      const int64_t mid = Midpoint(lo[j], hi[j]);
      if (counts[j] >= target[j])
        hi[j] = mid;
      else
        lo[j] = mid + 1;
    }
  }
  return lo;
}

int ScoreOf(int64_t value, std::span<const int64_t> thresholds) {
  return 1 +
         static_cast<int>(std::lower_bound(thresholds.begin(), thresholds.end(), value) - thresholds.begin());
}

void ScoresOf(std::span<const int64_t> values, std::span<const int64_t> thresholds, std::span<uint8_t> scores) {
  std::fill(scores.begin(), scores.end(), uint8_t{1});
  for (int64_t threshold : thresholds) {
    for (size_t i = 0; i < values.size(); ++i) scores[i] += static_cast<uint8_t>(threshold < values[i]);
  }
}

}  // namespace qrmark::rfm
