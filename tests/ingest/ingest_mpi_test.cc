// Ingest under mpirun: the global stats, dictionaries and the multiset of
// accepted scans are the same at any rank count (compared with a SerialComm
// run of the same inputs in rank 0's process), and the Online Retail counts
// hold however its byte ranges are split.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "src/dist/mpi_comm.h"
#include "src/ingest/checksum.h"
#include "src/ingest/ingest.h"
#include "tests/ingest/ingest_test_util.h"

namespace qrmark::ingest {
namespace {

namespace fs = std::filesystem;

bool ScanLess(const UserScan& a, const UserScan& b) { return std::memcmp(&a, &b, sizeof a) < 0; }

std::vector<UserScan> Flatten(const IngestedScans& in) {
  std::vector<UserScan> all;
  for (const auto& c : in.chunks) all.insert(all.end(), c.begin(), c.end());
  return all;
}

TEST(IngestMpiTest, StatsDictionariesAndAcceptedScansDoNotDependOnRankCount) {
  MpiComm world = MpiComm::World();
  // One directory per run, named by rank 0's pid.
  int64_t pid = world.rank() == 0 ? ::getpid() : 0;
  pid = world.MaxOf(pid);
  const std::string dir = (fs::temp_directory_path() / ("ingest_mpi_" + std::to_string(pid))).string();
  std::string seg, csv;
  if (world.rank() == 0) {
    fs::create_directories(dir);
    testing::MakeMixedInputs(dir, &seg, &csv);
  }
  world.Barrier();
  IngestOptions opt;
  opt.inputs = {{dir + "/a.seg", InputFormat::kScanLog}, {dir + "/b.csv", InputFormat::kCsv}};
  opt.csv = csv::ScanCsvMapping();
  opt.quarantine_dir = dir + "/quarantine";
  opt.max_bad_fraction = 0.05;
  opt.batch_records = 16;
  Result<IngestedScans> in = Ingest(world, opt);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  std::vector<UserScan> mine = Flatten(*in);
  std::vector<UserScan> all = world.AllgathervOf<UserScan>(mine);
  std::sort(all.begin(), all.end(), ScanLess);

  if (world.rank() == 0) {
    SerialComm serial;
    opt.quarantine_dir = dir + "/quarantine-serial";
    Result<IngestedScans> ref = Ingest(serial, opt);
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    std::vector<UserScan> want = Flatten(*ref);
    std::sort(want.begin(), want.end(), ScanLess);
    ASSERT_EQ(all.size(), want.size());
    EXPECT_TRUE(std::equal(all.begin(), all.end(), want.begin(), [](const UserScan& a, const UserScan& b) {
      return !ScanLess(a, b) && !ScanLess(b, a);
    }));
    EXPECT_EQ(in->product_codes, ref->product_codes);
    EXPECT_EQ(in->region_names, ref->region_names);
    EXPECT_EQ(in->stats.records_read, ref->stats.records_read);
    EXPECT_EQ(in->stats.accepted, ref->stats.accepted);
    EXPECT_EQ(in->stats.rejected, ref->stats.rejected);
    for (size_t f = 0; f < 2; ++f) {
      EXPECT_EQ(in->stats.files[f].records, ref->stats.files[f].records);
      EXPECT_EQ(in->stats.files[f].crc32c, ref->stats.files[f].crc32c);
    }
    EXPECT_EQ(in->stats.accepted, 297);
  }
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

TEST(IngestMpiTest, OnlineRetailCountsAreTheSameAtAnyRankCount) {
  const std::string gz = QRMARK_ONLINE_RETAIL_GZ;
  if (!fs::exists(gz)) GTEST_SKIP() << "no " << gz;
  MpiComm world = MpiComm::World();
  int64_t pid = world.MaxOf(int64_t{world.rank() == 0 ? ::getpid() : 0});
  const std::string dir = (fs::temp_directory_path() / ("ingest_mpi_or_" + std::to_string(pid))).string();
  if (world.rank() == 0) {
    fs::create_directories(dir);
    ASSERT_EQ(std::system(("gunzip -c '" + gz + "' > '" + dir + "/or.csv'").c_str()), 0);
  }
  world.Barrier();
  IngestOptions opt;
  opt.inputs = {{dir + "/or.csv", InputFormat::kCsv}};
  opt.csv.user = "CustomerID";
  opt.csv.user_is_pseudonymous = true;
  opt.csv.timestamp = "InvoiceDate";
  opt.csv.product = "StockCode";
  opt.csv.quantity = "Quantity";
  opt.csv.unit_price = "UnitPrice";
  opt.csv.amount_scale = 100;
  opt.csv.region = "Country";
  opt.csv.invoice = "InvoiceNo";
  opt.csv.cancelled_prefix.push_back('C');
  opt.max_bad_fraction = 0.30;
  Result<IngestedScans> in = Ingest(world, opt);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  std::vector<uint64_t> keys;
  for (const UserScan& u : Flatten(*in)) keys.push_back(u.user_key);
  std::vector<uint64_t> all = world.AllgathervOf<uint64_t>(keys);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::unique(all.begin(), all.end()) - all.begin(), 4338);
  EXPECT_EQ(in->stats.records_read, 541909);
  EXPECT_EQ(in->stats.accepted, 397884);
  EXPECT_EQ(in->stats.rejected_total(), 541909 - 397884);
  EXPECT_EQ(in->product_codes.size(), 3665u);
  // Range starts inside a quoted description lead the reader to the same
  // first record as the exact state: the file is read once.
  EXPECT_FALSE(in->stats.csv_read_again);
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

TEST(IngestMpiTest, ChecksumsOfUnevenBlocksAreTheSerialOnes) {
  MpiComm world = MpiComm::World();
  const fs::path dir = fs::temp_directory_path() / ("qrmark_checksum_mpi_" + std::to_string(::getppid()));
  const std::vector<std::string> contents = {"abcdefghij", "", "xyz", std::string(41, 'q'), "0123"};
  const std::vector<std::string> names = {"a", "b", "c", "d", "e"};
  std::vector<InputBytes> inputs;
  for (size_t f = 0; f < contents.size(); ++f) {
    inputs.push_back({(dir / names[f]).string(), contents[f].size()});
  }
  if (world.rank() == 0) {
    fs::create_directories(dir);
    for (size_t f = 0; f < contents.size(); ++f) {
      std::ofstream(inputs[f].path, std::ios::binary) << contents[f];
    }
  }
  world.Barrier();
  Result<std::vector<InputDigest>> distributed = DigestInputs(world, inputs, /*block_bytes=*/4);
  SerialComm one;
  Result<std::vector<InputDigest>> serial = DigestInputs(one, inputs, /*block_bytes=*/4);
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  ASSERT_TRUE(serial.ok()) << serial.status().ToString();
  for (size_t f = 0; f < inputs.size(); ++f) EXPECT_EQ((*distributed)[f].crc32c, (*serial)[f].crc32c);
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

TEST(IngestMpiTest, AMissingInputFailsOnEveryRankNamingIt) {
  MpiComm world = MpiComm::World();
  IngestOptions opt;
  opt.inputs = {{"/nonexistent/qrmark/scans.seg", InputFormat::kScanLog}};
  Result<IngestedScans> in = Ingest(world, opt);
  ASSERT_FALSE(in.ok());
  EXPECT_NE(in.status().message().find("/nonexistent/qrmark/scans.seg"), std::string::npos);
}

// Amounts whose total passes 2^63 - 1 cents would overflow the job's sums
// (a user's monetary value): the run fails at every rank count, also when no
// rank alone holds that much; three of them, 9e18 cents in all, still pass.
TEST(IngestMpiTest, AmountsPastWhatTheSumsHoldFailTheRunWhateverTheRankCount) {
  MpiComm world = MpiComm::World();
  const int64_t pid = world.MaxOf(int64_t{world.rank() == 0 ? ::getpid() : 0});
  const std::string dir = (fs::temp_directory_path() / ("ingest_amounts_mpi_" + std::to_string(pid))).string();
  for (int huge : {3, 4}) {
    const std::string path = dir + "/amounts-" + std::to_string(huge) + ".csv";
    if (world.rank() == 0) {
      fs::create_directories(dir);
      std::ofstream out(path);
      out << "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n";
      for (int i = 0; i < 60; ++i) {
        const bool big = i % 15 == 7 && i / 15 < huge;  // spread over the file: each rank holds one or two
        out << i << ",2023-11-14 08:00:00,7,P1,5," << i << ",Hebei,wechat,ios," << (big ? "3000000000000000000" : "100")
            << ",1\n";
      }
    }
    world.Barrier();
    IngestOptions opt;
    opt.inputs = {{path, InputFormat::kCsv}};
    opt.csv = csv::ScanCsvMapping();
    Result<IngestedScans> in = Ingest(world, opt);
    if (huge == 3) {
      EXPECT_TRUE(in.ok()) << in.status().ToString();
      continue;
    }
    EXPECT_EQ(in.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(in.status().message().find("amounts add up to more than 9223372036854775807 cents"), std::string::npos)
        << in.status().ToString();
  }
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

}  // namespace
}  // namespace qrmark::ingest
