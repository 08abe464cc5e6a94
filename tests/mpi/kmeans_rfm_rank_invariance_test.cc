// Rank and thread invariance of ScoreRfm and FitKMeans: every rank keeps the
// users it owns (OwnerOf), runs the collective, and the gathered results must
// equal a one-process (SerialComm) run over all users, bit for bit.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <map>

#include "src/base/hash.h"
#include "src/dist/mpi_comm.h"
#include "src/kmeans/kmeans.h"
#include "src/rfm/rfm_score.h"
#include "tests/kmeans/test_points.h"

namespace qrmark {
namespace {

constexpr size_t kUsers = 2500;

// This rank's rows of RfmLike(kUsers) (all of them for SerialComm), in user order.
kmeans::testing::TestPoints Mine(const Comm& comm) {
  const auto all = kmeans::testing::RfmLike(kUsers);
  std::vector<size_t> idx;
  for (size_t i = 0; i < all.keys.size(); ++i) {
    if (OwnerOf(all.keys[i], comm.size()) == comm.rank()) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(),
            [&](size_t a, size_t b) { return UserOrderLess(all.keys[a], all.keys[b]); });
  kmeans::testing::TestPoints mine;
  for (size_t i : idx) {
    mine.keys.push_back(all.keys[i]);
    mine.coords.insert(mine.coords.end(), all.coords.begin() + static_cast<std::ptrdiff_t>(3 * i),
                       all.coords.begin() + static_cast<std::ptrdiff_t>(3 * i + 3));
  }
  return mine;
}

// key → per-user value, gathered from every rank.
template <typename T>
std::map<uint64_t, T> Gather(Comm& comm, const std::vector<uint64_t>& keys, const std::vector<T>& values) {
  const auto all_keys = comm.AllgathervOf<uint64_t>(keys);
  const auto all_values = comm.AllgathervOf<T>(values);
  std::map<uint64_t, T> out;
  for (size_t i = 0; i < all_keys.size(); ++i) out[all_keys[i]] = all_values[i];
  return out;
}

std::vector<features::UserFeatures> Users(const kmeans::testing::TestPoints& p) {
  std::vector<features::UserFeatures> users(p.keys.size());
  for (size_t i = 0; i < users.size(); ++i) {
    users[i].user_key = p.keys[i];
    users[i].recency_days = static_cast<int32_t>(p.coords[3 * i]);
    users[i].frequency = static_cast<int64_t>(p.coords[3 * i + 1]);
    users[i].monetary_cents = static_cast<int64_t>(p.coords[3 * i + 2]);
  }
  return users;
}

TEST(RankInvarianceTest, RfmScoresAndSegmentsEqualTheSerialRun) {
  MpiComm world = MpiComm::World();
  SerialComm serial;
  const auto mine = Users(Mine(world)), all = Users(Mine(serial));
  auto dist = rfm::ScoreRfm(world, mine, rfm::RfmParams{5, {}});
  auto ref = rfm::ScoreRfm(serial, all, rfm::RfmParams{5, {}});
  ASSERT_TRUE(dist.ok() && ref.ok());
  EXPECT_EQ(dist->recency.thresholds, ref->recency.thresholds);
  EXPECT_EQ(dist->frequency.thresholds, ref->frequency.thresholds);
  EXPECT_EQ(dist->monetary.users_per_score, ref->monetary.users_per_score);
  EXPECT_EQ(dist->users_per_segment, ref->users_per_segment);
  std::vector<uint64_t> keys;
  std::vector<int32_t> code;
  for (size_t i = 0; i < mine.size(); ++i) {
    keys.push_back(mine[i].user_key);
    code.push_back(dist->r[i] * 1000000 + dist->f[i] * 10000 + dist->m[i] * 100 + dist->segment[i]);
  }
  const auto got = Gather(world, keys, code);
  ASSERT_EQ(got.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(got.at(all[i].user_key),
              ref->r[i] * 1000000 + ref->f[i] * 10000 + ref->m[i] * 100 + ref->segment[i]);
  }
}

void ExpectKMeansInvariant(kmeans::Seeding seeding) {
  MpiComm world = MpiComm::World();
  SerialComm serial;
  const auto mine = Mine(world), all = Mine(serial);
  kmeans::KMeansParams p;
  p.seeding = seeding;
  p.restarts = 2;
  p.log1p = {true, true, true};
  omp_set_num_threads(1);
  auto ref = kmeans::FitKMeans(serial, all.coords, all.keys, 3, p);
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    auto dist = kmeans::FitKMeans(world, mine.coords, mine.keys, 3, p);
    ASSERT_TRUE(dist.ok() && ref.ok()) << dist.status().ToString();
    EXPECT_EQ(dist->best.inertia, ref->best.inertia) << threads << " threads";
    EXPECT_NEAR(dist->best.inertia, ref->best.inertia, 1e-9 * ref->best.inertia);
    EXPECT_EQ(dist->centers, ref->centers);
    EXPECT_EQ(dist->best.sizes, ref->best.sizes);
    EXPECT_EQ(dist->standardizer.mean, ref->standardizer.mean);
    const auto got = Gather(world, mine.keys, dist->best.assignment);
    for (size_t i = 0; i < all.keys.size(); ++i) ASSERT_EQ(got.at(all.keys[i]), ref->best.assignment[i]);
  }
}

TEST(RankInvarianceTest, KMeansPlusPlusFitEqualsTheSerialRunAtOneAndTwoThreads) {
  ExpectKMeansInvariant(kmeans::Seeding::kKMeansPlusPlus);
}

TEST(RankInvarianceTest, KMeansParallelFitEqualsTheSerialRunAtOneAndTwoThreads) {
  ExpectKMeansInvariant(kmeans::Seeding::kKMeansParallel);
}

TEST(RankInvarianceTest, RanksWithoutUsersTakePartAndGetTheSameModel) {
  MpiComm world = MpiComm::World();
  SerialComm serial;
  const auto all = Mine(serial);
  const auto mine = world.rank() == 0 ? all : kmeans::testing::TestPoints{};
  kmeans::KMeansParams p;
  p.restarts = 1;
  p.seeding = kmeans::Seeding::kKMeansParallel;
  auto dist = kmeans::FitKMeans(world, mine.coords, mine.keys, 3, p);
  auto ref = kmeans::FitKMeans(serial, all.coords, all.keys, 3, p);
  ASSERT_TRUE(dist.ok() && ref.ok()) << dist.status().ToString();
  EXPECT_EQ(dist->centers, ref->centers);
  EXPECT_EQ(dist->best.inertia, ref->best.inertia);
  auto rfm_dist = rfm::ScoreRfm(world, Users(mine), rfm::RfmParams{});
  auto rfm_ref = rfm::ScoreRfm(serial, Users(all), rfm::RfmParams{});
  ASSERT_TRUE(rfm_dist.ok() && rfm_ref.ok());
  EXPECT_EQ(rfm_dist->monetary.thresholds, rfm_ref->monetary.thresholds);
  EXPECT_EQ(rfm_dist->users_per_segment, rfm_ref->users_per_segment);
}

}  // namespace
}  // namespace qrmark
