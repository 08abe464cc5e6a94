// Exact distributed quantile thresholds: a binary search per threshold, all
// thresholds advanced together, one AllreduceSum of counts per round.
#include "src/rfm/quantiles.h"

#include <algorithm>
#include <limits>
#include <string>

namespace qrmark::rfm {
namespace {

// lo + (hi - lo) / 2 without overflow for any int64 lo <= hi.
int64_t Midpoint(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + span / 2);
}

}  // namespace

Result<std::vector<int64_t>> GlobalThresholds(Comm& comm, std::span<const int64_t> values, int bins) {
  if (bins < 2 || bins > 10) {
    return InvalidArgument("rfm: bins must be in 2..10, got " + std::to_string(bins));
  }
  std::vector<int64_t> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
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

}  // namespace qrmark::rfm
