// Tests for src/itemcf/cooccur.h and topk.h against the brute-force reference.
#include "src/itemcf/cooccur.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <vector>

#include "src/itemcf/cooccur_ref.h"
#include "src/itemcf/cosine.h"
#include "src/itemcf/topk.h"
#include "tests/itemcf/random_scans.h"

namespace qrmark::itemcf {
namespace {

UserLists ListsOf(const std::vector<std::vector<int32_t>>& rows) {
  UserLists l;
  for (const auto& r : rows) {
    for (int32_t p : r) l.products.push_back(p), l.weights.push_back(1.0);
    l.offsets.push_back(static_cast<int64_t>(l.products.size()));
  }
  return l;
}

NeighbourRows Fast(const UserLists& l, int32_t n, const NeighbourParams& p) {
  const ItemIndex index = BuildItemIndex(l, n, 0, n);
  return ComputeNeighbourRows(l, index, ProductNorms(l, n), 0, n, p);
}

std::vector<int32_t> Row(const NeighbourRows& r, int32_t p) {
  return {r.ids.begin() + p * r.k, r.ids.begin() + (p + 1) * r.k};
}

TEST(TopKTest, EqualScoresGoToTheLowerIdWhateverTheArrivalOrder) {
  BoundedTopK top(2);
  for (int32_t id : {9, 4, 7, 2}) top.Push({0.5, id});
  top.Push({0.1, 1});
  const std::vector<Scored>& best = top.Sorted();
  ASSERT_EQ(best.size(), 2u);
  EXPECT_EQ(best[0].id, 2);
  EXPECT_EQ(best[1].id, 4);
}

TEST(CooccurTest, MatchesBruteForceOnRandomMatricesForEveryWeighting) {
  for (uint64_t seed : {1, 2, 3}) {
    for (Weighting w : {Weighting::kBinary, Weighting::kCount, Weighting::kLog1p}) {
      const testing::ScanSet set = testing::RandomScans(seed, 60, 40, 12);
      Result<UserLists> l = BuildUserLists(set.scans, set.keys, 40, 1'700'000'000 + 90 * 86400,
                                           {w, seed == 3 ? 10.0 : 0.0, 0});
      ASSERT_TRUE(l.ok());
      const NeighbourParams p{5, 0.0, 1};
      const NeighbourRows fast = Fast(*l, 40, p), ref = ComputeNeighbourRowsRef(*l, 40, p);
      EXPECT_EQ(fast.ids, ref.ids) << "seed " << seed;
      EXPECT_EQ(fast.support, ref.support);
      for (size_t i = 0; i < ref.scores.size(); ++i)
        EXPECT_NEAR(fast.scores[i], ref.scores[i], 1e-6);
      EXPECT_EQ(fast.pairs_nonzero, ref.pairs_nonzero);
      EXPECT_EQ(fast.pairs_kept, ref.pairs_kept);
      EXPECT_GT(ref.pairs_kept, 40);  // the check is not vacuous
    }
  }
}

TEST(CooccurTest, TiedNeighboursAreOrderedByProductId) {
  // 0 co-occurs once with each of 3, 1, 2: identical cosines.
  const UserLists l = ListsOf({{0, 3}, {0, 1}, {0, 2}});
  EXPECT_EQ(Row(Fast(l, 4, {2, 0.0, 1}), 0), (std::vector<int32_t>{1, 2}));
}

TEST(CooccurTest, CosinesEqualInExactArithmeticTieAndGoToTheLowerId) {
  // cos(0,1) = 3/(√3·√27) and cos(0,2) = 1/(√3·√3) are both 1/3, yet in
  // doubles the first is one ulp below the second: only RoundScore ties them.
  std::vector<std::vector<int32_t>> rows{{0, 1, 2}, {0, 1}, {0, 1}, {2}, {2}};
  for (int i = 0; i < 24; ++i) rows.push_back({1});
  const NeighbourRows r = Fast(ListsOf(rows), 3, {2, 0.0, 1});
  EXPECT_EQ(Row(r, 0), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(r.scores[0], r.scores[1]);
}

TEST(CooccurTest, ProductIdsBeyondSixteenBitsTakeTheWidePath) {
  const UserLists l = ListsOf({{0, 70000}, {0, 70000}, {0, 1}});
  const NeighbourRows r = Fast(l, 70001, {2, 0.0, 1});
  EXPECT_EQ(Row(r, 0), (std::vector<int32_t>{70000, 1}));
  EXPECT_EQ(Row(r, 70000), (std::vector<int32_t>{0, -1}));
  EXPECT_EQ(r.support[0], 2);
}

TEST(CooccurTest, MinSupportDropsPairsSharedByTooFewUsers) {
  const UserLists l = ListsOf({{0, 1}, {0, 1}, {0, 2}});
  EXPECT_EQ(Row(Fast(l, 3, {2, 0.0, 1}), 0), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(Row(Fast(l, 3, {2, 0.0, 2}), 0), (std::vector<int32_t>{1, -1}));
}

TEST(CooccurTest, MinSimilarityDropsWeakNeighbours) {
  // cos(0,1) = 2/sqrt(3*2) = 0.816; cos(0,2) = 1/sqrt(3*3) = 0.333.
  const UserLists l = ListsOf({{0, 1}, {0, 1}, {0, 2}, {2}, {2}});
  EXPECT_EQ(Row(Fast(l, 3, {2, 0.0, 1}), 0), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(Row(Fast(l, 3, {2, 0.5, 1}), 0), (std::vector<int32_t>{1, -1}));
}

TEST(CooccurTest, RowsAreIdenticalWithOneAndTwoThreadsAndInPieces) {
  const testing::ScanSet set = testing::RandomScans(7, 300, 80, 20);
  Result<UserLists> l =
      BuildUserLists(set.scans, set.keys, 80, 1'700'000'000, {Weighting::kLog1p, 0, 0});
  ASSERT_TRUE(l.ok());
  const ItemIndex index = BuildItemIndex(*l, 80, 0, 80);
  const std::vector<double> norms = ProductNorms(*l, 80);
  omp_set_num_threads(1);
  const NeighbourRows one = ComputeNeighbourRows(*l, index, norms, 0, 80, {10, 0.0, 1});
  omp_set_num_threads(2);
  const NeighbourRows two = ComputeNeighbourRows(*l, index, norms, 0, 80, {10, 0.0, 1});
  const NeighbourRows tail =
      ComputeNeighbourRows(*l, BuildItemIndex(*l, 80, 33, 80), norms, 33, 80, {10, 0.0, 1});
  EXPECT_EQ(one.ids, two.ids);
  EXPECT_EQ(one.scores, two.scores);  // bit-identical, not just close
  EXPECT_EQ(std::vector<double>(one.scores.begin() + 330, one.scores.end()), tail.scores);
}

TEST(CooccurTest, BalancedRangesCoverAllProductsInOrder) {
  const testing::ScanSet set = testing::RandomScans(3, 200, 50, 10);
  Result<UserLists> l = BuildUserLists(set.scans, set.keys, 50, 1'700'000'000, {});
  ASSERT_TRUE(l.ok());
  const std::vector<int32_t> b = BalancedRowRanges(*l, 50, 3);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b.front(), 0);
  EXPECT_EQ(b.back(), 50);
  for (size_t i = 1; i < b.size(); ++i) EXPECT_LE(b[i - 1], b[i]);
  EXPECT_GT(b[1], 0);  // popular low ids: the first range is short but not empty
}

}  // namespace
}  // namespace qrmark::itemcf
