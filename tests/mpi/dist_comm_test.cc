// MpiComm collectives behave as documented in src/dist/comm.h at any rank count.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
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

// Every rank but 0 arrives first and works while it waits: rank 0 comes only
// once each of them has called its work (a file each: no MPI in between),
// and brings an error that every rank then gets. Work that reports nothing
// left is not called again; a rank whose work is never needed still agrees.
TEST(MpiCommTest, AgreeOnStatusWhileWorksUntilTheOthersArriveAndAgrees) {
  MpiComm world = MpiComm::World();
  const std::filesystem::path marks = std::filesystem::temp_directory_path() /
                                      ("agree_while_" + std::to_string(world.size()) + "_" +
                                       std::to_string(std::hash<std::string>{}(std::to_string(getppid()))));
  if (world.rank() == 0) std::filesystem::create_directories(marks);
  world.Barrier();
  int calls = 0;
  const auto work = [&] {
    if (++calls == 1) std::ofstream(marks / std::to_string(world.rank())) << "waiting";
    return calls < 3;  // then nothing left: waits without calling again
  };
  Status agreed;
  if (world.rank() == 0) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (int r = 1; r < world.size(); ++r) {
      while (!std::filesystem::exists(marks / std::to_string(r)) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    agreed = world.AgreeOnStatusWhile(InvalidArgument("late and wrong"), work);
    EXPECT_LE(calls, 3);  // everyone else was there already (completing takes a look or two)
  } else {
    agreed = world.AgreeOnStatusWhile(Status::Ok(), work);
    EXPECT_EQ(calls, 3);
  }
  EXPECT_EQ(agreed.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(agreed.message().find("late and wrong"), std::string::npos) << agreed.message();
  EXPECT_TRUE(world.AgreeOnStatusWhile(Status::Ok(), [] { return false; }).ok());
  EXPECT_TRUE(SerialComm().AgreeOnStatusWhile(Status::Ok(), [] { return true; }).ok());
  world.Barrier();
  if (world.rank() == 0) std::filesystem::remove_all(marks);
}

// The runtime (started by this test's main as by the programs) left every
// TCP socket of the process sending at once: the PMIx connection to mpirun
// among them, whose Nagle delay held MPI_Finalize 40 ms.
TEST(MpiCommTest, EveryTcpSocketSendsAtOnce) {
  int tcp = 0, nodelay = 0;
  for (int fd : MpiRuntime::TcpSockets()) {
    ++tcp;
    int on = 0;
    socklen_t on_size = sizeof on;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &on_size) == 0 && on != 0) ++nodelay;
  }
  EXPECT_GT(tcp, 0) << "under mpirun, PMIx reaches the launcher over TCP";
  EXPECT_EQ(nodelay, tcp);
  EXPECT_EQ(MpiRuntime::SendTcpSegmentsAtOnce(), tcp);
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
