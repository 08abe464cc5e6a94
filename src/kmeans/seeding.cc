// k-means++ and k-means|| with keyed draws and global (score, key) minima.
#include "src/kmeans/seeding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "src/kmeans/choose_point.h"
#include "src/kmeans/nearest_center.h"
#include "src/kmeans/vector_clones.h"

namespace qrmark::kmeans {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Margin of the race's pruning test: far above the few roundings between the
// test and the score it stands for.
constexpr double kPruneMargin = 1 + 0x1p-40;

// Marks the points of [first, first + m) (m <= kNearestBlock) that may still
// win a race whose best score is `score`: maybe[j] = 0 where the weight is
// not positive or (1 - u) / weight is above score * kPruneMargin (the tests
// LocalRaceWinner makes), else 1. kFirstDraw: every d2 is infinite (no
// center yet), the weight is w alone; otherwise an infinite d2 marks its
// point. `w`: the block's weights where kWeighted. Returns how many are
// marked. A loop with no branch, so that it vectorizes; the few marked
// points then take the exact path.
template <bool kWeighted, bool kFirstDraw>
QRMARK_VECTOR_CLONES uint32_t MarkPossibleWinners(const uint64_t* keys, const double* d2, const double* w,
                                                  size_t m, uint64_t salt, double score, uint8_t* maybe) {
  uint32_t marked = 0;
  for (size_t j = 0; j < m; ++j) {
    double weight = kFirstDraw ? 1.0 : d2[j];
    if constexpr (kWeighted) weight *= w[j];
    const double u = SaltedUniform(keys[j], salt);
    const bool may_win = (weight > 0) & !(1 - u > score * weight * kPruneMargin);  // NaN: marked
    maybe[j] = may_win;
    marked += may_win;
  }
  return marked;
}

// MarkPossibleWinners for the block at `first`.
uint32_t MarkBlock(const PointSet& points, const std::vector<double>& d2, std::span<const double> w,
                   bool first_draw, size_t first, size_t m, uint64_t salt, double score, uint8_t* maybe) {
  const uint64_t* keys = points.keys.data() + first;
  const double* d = d2.data() + first;
  if (w.empty()) {
    return (first_draw ? MarkPossibleWinners<false, true> : MarkPossibleWinners<false, false>)(
        keys, d, nullptr, m, salt, score, maybe);
  }
  return (first_draw ? MarkPossibleWinners<true, true> : MarkPossibleWinners<true, false>)(
      keys, d, w.data() + first, m, salt, score, maybe);
}

// The local point with the lowest race score -log(u) / (w * d2), or -1.
// Since -log(u) >= 1 - u, a point with (1 - u) / weight above the best score
// so far cannot win or tie (the margin covers the roundings of both sides and
// of log), so its logarithm is skipped: after the first few points almost
// every point is. A block's points are first marked against the best score
// at its start (a score only falls, so the marks let through every point the
// exact tests would; those then decide).
int64_t LocalRaceWinner(const PointSet& points, const std::vector<double>& d2, std::span<const double> w,
                        uint64_t seed, uint64_t round, double* score) {
  const bool first_draw = std::all_of(d2.begin(), d2.end(), [](double d) { return std::isinf(d); });
  const uint64_t salt = KeyedUniformSalt(seed, round);
  int64_t best = -1;
  *score = kInf;
  uint8_t maybe[kNearestBlock];
  for (size_t first = 0; first < points.size(); first += kNearestBlock) {
    const size_t m = std::min(kNearestBlock, points.size() - first);
    if (MarkBlock(points, d2, w, first_draw, first, m, salt, *score, maybe) == 0) continue;
    for (size_t j = 0; j < m; ++j) {
      if (!maybe[j]) continue;
      const size_t i = first + j;
      const double base = std::isinf(d2[i]) ? 1.0 : d2[i];  // first draw: uniform (times w)
      const double weight = base * (w.empty() ? 1.0 : w[i]);
      if (!(weight > 0)) continue;
      const double u = SaltedUniform(points.keys[i], salt);
      if (1 - u > *score * weight * kPruneMargin) continue;
      const double e = -std::log(u) / weight;
      if (best < 0 || e < *score || (e == *score && points.keys[i] < points.keys[static_cast<size_t>(best)])) {
        best = static_cast<int64_t>(i), *score = e;
      }
    }
  }
  return best;
}

// Exact global sum of d2 (finite, >= 0), through fixed point.
double ExactSum(Comm& comm, const std::vector<double>& d2) {
  double max = 0;
  for (double d : d2) max = std::max(max, d);
  max = comm.MaxOf(max);
  const double scale = Pow2(FixedExponent(max, comm.SumOf(static_cast<int64_t>(d2.size()))));
  int64_t sum = 0;
  for (double d : d2) sum += ToFixed(d, scale);
  return FromFixed(comm.SumOf(sum), scale);
}

// k-means++ draws until k centers are chosen or no point is left at a
// positive distance from them: fewer than k centers (k * dims values) then
// means there are only that many distinct points.
std::vector<double> SeedUpTo(Comm& comm, const PointSet& points, size_t k, uint64_t seed,
                             std::span<const double> weights) {
  std::vector<double> centers, d2(points.size(), kInf);
  for (size_t c = 0; c < k; ++c) {
    double score = 0;
    const int64_t local = LocalRaceWinner(points, d2, weights, seed, c, &score);
    std::optional<ChosenPoint> chosen = ChooseGlobalPoint(comm, points, local, score);
    if (!chosen) break;
    centers.insert(centers.end(), chosen->coords.begin(), chosen->coords.end());
    if (c + 1 < k) LowerToNearest(points, chosen->coords, 1, d2);
  }
  return centers;
}

}  // namespace

Result<std::vector<double>> SeedKMeansPlusPlus(Comm& comm, const PointSet& points, size_t k, uint64_t seed,
                                               std::span<const double> weights) {
  std::vector<double> centers = SeedUpTo(comm, points, k, seed, weights);
  if (centers.size() < k * points.dims) {
    return FailedPrecondition("k-means++: only " + std::to_string(centers.size() / points.dims) +
                              " distinct points, k = " + std::to_string(k));
  }
  return centers;
}

size_t DistinctPointsUpTo(Comm& comm, const PointSet& points, size_t k) {
  return SeedUpTo(comm, points, k, /*seed=*/0, {}).size() / points.dims;
}

Result<std::vector<double>> SeedKMeansParallel(Comm& comm, const PointSet& points, size_t k, uint64_t seed,
                                               int rounds, double oversampling) {
  const size_t dims = points.dims;
  QRMARK_ASSIGN_OR_RETURN(std::vector<double> first, SeedKMeansPlusPlus(comm, points, 1, seed));
  std::vector<double> d2(points.size(), kInf), sampled;
  std::vector<uint64_t> sampled_keys;
  LowerToNearest(points, first, 1, d2);
  const double ell = oversampling * static_cast<double>(k);
  for (int r = 0; r < rounds; ++r) {
    const double phi = ExactSum(comm, d2);
    if (!(phi > 0)) break;
    std::vector<double> mine;
    std::vector<uint64_t> mine_keys;
    for (size_t i = 0; i < points.size(); ++i) {
      if (KeyedUniform(points.keys[i], seed, 1000 + static_cast<uint64_t>(r)) * phi < ell * d2[i]) {
        mine.insert(mine.end(), points.row(i), points.row(i) + dims);
        mine_keys.push_back(points.keys[i]);
      }
    }
    const std::vector<double> got = comm.AllgathervOf<double>(mine);
    LowerToNearest(points, got, got.size() / dims, d2);
    sampled.insert(sampled.end(), got.begin(), got.end());
    const std::vector<uint64_t> got_keys = comm.AllgathervOf<uint64_t>(mine_keys);
    sampled_keys.insert(sampled_keys.end(), got_keys.begin(), got_keys.end());
  }
  // Candidates: the first center, then the sampled points in key order (the
  // gather's rank order would depend on the partition).
  std::vector<size_t> order(sampled_keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return sampled_keys[a] < sampled_keys[b]; });
  std::vector<double> cand = first;
  for (size_t i : order) {
    cand.insert(cand.end(), sampled.begin() + static_cast<std::ptrdiff_t>(i * dims),
                sampled.begin() + static_cast<std::ptrdiff_t>((i + 1) * dims));
  }
  // Weight = points nearest to each candidate; then weighted k-means++ on the
  // candidates (keyed by their position, which is rank-independent).
  const size_t m = order.size() + 1;
  std::vector<int32_t> nearest(points.size());
  AssignNearest(points, cand, m, nearest);
  std::vector<int64_t> weight(m, 0);
  for (int32_t c : nearest) ++weight[static_cast<size_t>(c)];
  comm.AllreduceSum(weight);
  std::vector<uint64_t> positions(m);
  for (size_t c = 0; c < m; ++c) positions[c] = c;
  const std::vector<double> w(weight.begin(), weight.end());
  SerialComm self;
  return SeedKMeansPlusPlus(self, PointSet{cand, positions, dims}, k, seed, w);
}

}  // namespace qrmark::kmeans
