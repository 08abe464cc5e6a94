// MpiComm collectives behave as documented in src/dist/comm.h at any rank count.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "src/dist/mpi_comm.h"

namespace qrmark {
namespace {

// Rank 0 arrives 200 ms late at a barrier: the other ranks' collective
// time grows by about that much, rank 0's by little; a SerialComm has none.
TEST(MpiCommTest, CollectiveSecondsCountTheWaitForALateRank) {
  MpiComm world = MpiComm::World();
  world.Barrier();
  const double before = world.collective_seconds();
  if (world.rank() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  world.Barrier();
  const double waited = world.collective_seconds() - before;
  if (world.rank() == 0) {
    EXPECT_LT(waited, 0.1);
  } else {
    EXPECT_GT(waited, 0.15);
  }
  EXPECT_EQ(SerialComm().collective_seconds(), 0.0);
}

TEST(MpiCommTest, IntegerSumsAreExactAndEqualOnEveryRank) {
  MpiComm world = MpiComm::World();
  std::vector<int64_t> v = {world.rank() + 1, -1, int64_t{1} << 40};
  world.AllreduceSum(v);
  const int64_t n = world.size();
  EXPECT_EQ(v[0], n * (n + 1) / 2);
  EXPECT_EQ(v[1], -n);
  EXPECT_EQ(v[2], n << 40);
}

TEST(MpiCommTest, AllgathervConcatenatesInRankOrder) {
  MpiComm world = MpiComm::World();
  std::vector<int32_t> mine(static_cast<size_t>(world.rank()), world.rank());  // rank r sends r copies of r
  std::vector<size_t> counts;
  std::vector<int32_t> all = world.AllgathervOf<int32_t>(mine, &counts);
  std::vector<int32_t> expected;
  for (int r = 0; r < world.size(); ++r) expected.insert(expected.end(), static_cast<size_t>(r), r);
  EXPECT_EQ(all, expected);
  ASSERT_EQ(counts.size(), static_cast<size_t>(world.size()));
}

TEST(MpiCommTest, AgreeOnStatusReportsTheLowestFailingRankEverywhere) {
  MpiComm world = MpiComm::World();
  Status local = world.rank() == world.size() - 1 ? IoError("disk full") : Status::Ok();
  Status agreed = world.AgreeOnStatus(local);
  ASSERT_FALSE(agreed.ok());
  EXPECT_EQ(agreed.code(), StatusCode::kIoError);
  EXPECT_NE(agreed.message().find("disk full"), std::string::npos);
  EXPECT_TRUE(world.AgreeOnStatus(Status::Ok()).ok());
}

TEST(MpiCommTest, BroadcastCopiesRootBytes) {
  MpiComm world = MpiComm::World();
  int64_t value = world.rank() == 0 ? 42 : -1;
  world.Broadcast(std::as_writable_bytes(std::span<int64_t>(&value, 1)), 0);
  EXPECT_EQ(value, 42);
}

}  // namespace
}  // namespace qrmark
