// The admin commands on a snapshot published by 1 or 2 ranks: keygen,
// verify-snapshot (OK, then a modified file) and inspect's summary read
// back through HDF5.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/snapshot/h5_reader.h"
#include "io/snapshot/publish.h"
#include "io/snapshot/summary.h"
#include "src/dist/mpi_comm.h"
#include "tests/mpi/h5_test_util.h"

namespace qrmark::snapshot {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr
};

CliRun Qrmark(const std::string& args) {
  std::string cmd = "env -i PATH=/usr/bin:/bin " QRMARK_BIN " " + args + " 2>&1";
  CliRun run{-1, ""};
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) run.output.append(buf, n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// MakeContent plus the tables and attributes inspect has sections for (the
// product tables without CSV, so the file count stays that of MakeContent).
SnapshotContent RichContent(int rank, int size) {
  SnapshotContent c = testing::MakeContent(rank, size);
  c.id = "day1";
  c.attributes["records_in"] = int64_t{1000};
  c.attributes["records_rejected"] = int64_t{50};
  Table regions;
  regions.name = "by_region";
  regions.columns.push_back(
      {"region", std::vector<int32_t>{0, 1, 2}, 1, "", {"Shanghai", "Beijing", "Chengdu"}});
  regions.columns.push_back({"users", std::vector<int64_t>{5, 40, 12}, 1, "", {}});
  c.tables.push_back(regions);
  Table by_product{"by_product", false, false, {}};
  by_product.columns.push_back(
      {"product", std::vector<int32_t>{0, 1, 2}, 1, "", {"P-1", "P-2", "P-3"}});
  by_product.columns.push_back({"scans", std::vector<int64_t>{3, 9, 1}, 1, "", {}});
  c.tables.push_back(by_product);
  Table products{"products", false, false, {}};
  products.columns.push_back({"product", std::vector<int32_t>{0, 1, 2}, 1, "", {}});
  products.columns.push_back({"code", std::vector<int32_t>{0, 1, 2}, 1, "", {"P-1", "P-2", "P-3"}});
  products.columns.push_back({"category", std::vector<int32_t>{0, 0, -1}, 1, "", {"tea"}});
  c.tables.push_back(products);
  Table items{"items", false, false, {}};
  items.columns.push_back({"product", std::vector<int32_t>{0, 1, 2}, 1, "", {}});
  items.columns.push_back({"neighbour", std::vector<int32_t>{1, -1, 0, 2, 1, -1}, 2, "", {}});
  items.columns.push_back({"score", std::vector<double>{0.8, 0, 0.8, 0.2, 0.2, 0}, 2, "", {}});
  c.tables.push_back(items);
  return c;
}

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::SharedTempDir(world_, "h5_admin_test");
    if (world_.rank() == 0) {
      CliRun keygen = Qrmark("keygen --dir " + root_ + "/keys");
      ASSERT_EQ(keygen.exit_code, 0) << keygen.output;
    }
    world_.Barrier();
    Result<std::string> dir = WriteAndPublish(world_, RichContent(world_.rank(), world_.size()),
                                              {root_, root_ + "/keys/signing.key"});
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  }
  void TearDown() override {
    world_.Barrier();
    if (world_.rank() == 0) fs::remove_all(root_);
  }
  MpiComm world_ = MpiComm::World();
  std::string root_;
};

TEST_F(AdminTest, KeygenRefusesToOverwriteKeys) {
  if (world_.rank() != 0) return;
  CliRun again = Qrmark("keygen --dir " + root_ + "/keys");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
}

TEST_F(AdminTest, VerifySnapshotPassesThenNamesAModifiedFile) {
  if (world_.rank() != 0) return;
  CliRun ok = Qrmark("verify-snapshot " + root_ + "/latest --keys " + root_ + "/keys");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("OK: 6 files verified"), std::string::npos) << ok.output;
  std::ofstream(root_ + "/latest/users.csv", std::ios::app) << "1,2\r\n";
  CliRun bad =
      Qrmark("verify-snapshot " + root_ + "/latest --public-key " + root_ + "/keys/signing.pub");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("users.csv was modified"), std::string::npos) << bad.output;
}

TEST_F(AdminTest, InspectPrintsTiersRegionsProductsAndWarnings) {
  if (world_.rank() != 0) return;
  CliRun run = Qrmark("inspect " + root_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* expected :
       {"snapshot_id: day1", "users: 7 rows;", "users: 7\n",
        "tier: high 2 (28.6%), mid, \"keep\" 2 (28.6%),  low 1 (14.3%), (none) 2 (28.6%)\n",
        "clusters (centres in original units):", "top regions:",
        "  P-2 [tea]: 9 scans\n      neighbours: P-1 (0.800), P-3 (0.200)\n",
        "high reject rate: 5.0% of records_in were rejected"}) {
    EXPECT_NE(run.output.find(expected), std::string::npos) << expected << "\n" << run.output;
  }
  EXPECT_LT(run.output.find("Beijing"), run.output.find("Chengdu")) << run.output;
  EXPECT_LT(run.output.find("Chengdu"), run.output.find("Shanghai")) << run.output;
}

TEST_F(AdminTest, InspectOfMissingSnapshotSaysWhatItTried) {
  if (world_.rank() != 0) return;
  CliRun run = Qrmark("inspect " + root_ + "/nothing");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("no snapshot at"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace qrmark::snapshot
