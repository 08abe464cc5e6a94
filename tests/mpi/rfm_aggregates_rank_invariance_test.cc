// Rank invariance of the marketing aggregates: every rank keeps the users (or
// serial scans) it is given by a partition, and the replicated tables must
// equal a one-process (SerialComm) run over everything.
#include <gtest/gtest.h>

#include "src/aggregates/scan_tables.h"
#include "src/aggregates/suspicious.h"
#include "src/base/hash.h"
#include "src/dist/mpi_comm.h"
#include "src/features/user_features.h"

namespace qrmark::aggregates {
namespace {

uint64_t H(uint64_t i, uint64_t salt) { return Mix64(i * 131 + salt); }

// 4000 scans of 300 users; the rank's users only (all for SerialComm).
std::vector<UserScan> Scans(const Comm& comm) {
  std::vector<UserScan> s;
  for (uint64_t i = 0; i < 4000; ++i) {
    const uint64_t user = H(i, 1) % 300 + 1;
    if (OwnerOf(user, comm.size()) != comm.rank()) continue;
    s.push_back(UserScan{user, static_cast<int64_t>(1'600'000'000 + H(i, 2) % 31'536'000),
                         static_cast<int64_t>(H(i, 3) % 10'000), static_cast<uint32_t>(H(i, 4) % 50),
                         static_cast<uint16_t>(H(i, 5) % 34), static_cast<Channel>(H(i, 6) % kChannelCount),
                         DeviceOs::kIos});
  }
  features::GroupScansByUser(s);
  return s;
}

// Serial scans dealt round-robin by index (not by owner): the shuffle must fix it.
std::vector<SerialScan> SerialScans(const Comm& comm) {
  std::vector<SerialScan> s;
  for (uint64_t i = 0; i < 3000; ++i) {
    if (static_cast<int>(i % static_cast<uint64_t>(comm.size())) != comm.rank()) continue;
    s.push_back(SerialScan{H(i, 7) % 400, static_cast<uint32_t>(H(i, 8) % 2),
                           static_cast<uint16_t>(H(i, 9) % 6),
                           static_cast<uint8_t>(H(i, 10) % 8 == 0 ? kFlagInvalid : 0), 0});
  }
  return s;
}

std::vector<PagedVector<SerialScan>> InChunks(const std::vector<SerialScan>& scans, size_t size) {
  std::vector<PagedVector<SerialScan>> chunks;
  for (size_t i = 0; i < scans.size(); i += size) {
    chunks.emplace_back(scans.begin() + static_cast<ptrdiff_t>(i),
                        scans.begin() + static_cast<ptrdiff_t>(std::min(i + size, scans.size())));
  }
  return chunks;
}

void ExpectSameTable(const snapshot::Table& a, const snapshot::Table& b) {
  EXPECT_EQ(a.name, b.name);
  ASSERT_EQ(a.columns.size(), b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    EXPECT_EQ(a.columns[c].name, b.columns[c].name);
    EXPECT_TRUE(a.columns[c].data == b.columns[c].data) << a.name << "." << a.columns[c].name;
    EXPECT_EQ(a.columns[c].dictionary, b.columns[c].dictionary);
  }
}

TEST(AggregatesRankInvarianceTest, ScanTablesEqualTheSerialRun) {
  MpiComm world = MpiComm::World();
  SerialComm serial;
  std::vector<std::string> regions(34), codes(50);
  for (size_t i = 0; i < regions.size(); ++i) regions[i] = std::to_string(i) + "r";
  for (size_t i = 0; i < codes.size(); ++i) codes[i] = std::to_string(i) + "p";
  const ScanTableParams p{480, regions, codes};
  auto dist = ScanAggregateTables(world, Scans(world), p);
  auto ref = ScanAggregateTables(serial, Scans(serial), p);
  ASSERT_TRUE(dist.ok() && ref.ok()) << dist.status().ToString();
  ASSERT_EQ(dist->size(), ref->size());
  for (size_t t = 0; t < ref->size(); ++t) ExpectSameTable((*dist)[t], (*ref)[t]);
}

TEST(AggregatesRankInvarianceTest, SuspiciousSerialsEqualTheSerialRun) {
  MpiComm world = MpiComm::World();
  SerialComm serial;
  SuspiciousParams p;
  p.min_scans = 11;
  p.min_regions = 5;
  auto dist = SuspiciousSerialTable(world, InChunks(SerialScans(world), 97), p);  // several rounds
  auto ref = SuspiciousSerialTable(serial, InChunks(SerialScans(serial), 1 << 30), p);
  ASSERT_TRUE(dist.ok() && ref.ok());
  EXPECT_GT(ref->rows(), 0u);
  ExpectSameTable(*dist, *ref);
}

}  // namespace
}  // namespace qrmark::aggregates
