// Atomic publish at 1, 2 and 3 ranks: a verifiable snapshot, `latest` moved
// only after success, and left intact when the write fails midway.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "io/snapshot/h5_reader.h"
#include "io/snapshot/manifest.h"
#include "io/snapshot/publish.h"
#include "src/crypto/ed25519.h"
#include "src/dist/mpi_comm.h"
#include "tests/mpi/h5_test_util.h"

namespace qrmark::snapshot {
namespace {

namespace fs = std::filesystem;
using testing::MakeContent;
using testing::SharedTempDir;

class PublishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = SharedTempDir(world_, "h5_publish_test");
    options_ = {root_, root_ + "/sign.pem"};
    if (world_.rank() == 0) {
      Result<crypto::Ed25519KeyPair> key = crypto::GenerateEd25519KeyPair();
      ASSERT_TRUE(key.ok());
      public_key_ = key->public_key;
      ASSERT_TRUE(crypto::WriteEd25519PrivateKeyFile(options_.signing_key_path, *key).ok());
    }
    world_.Barrier();
  }
  void TearDown() override {
    world_.Barrier();
    if (world_.rank() == 0) fs::remove_all(root_);
  }
  SnapshotContent Content(const std::string& id) {
    SnapshotContent c = MakeContent(world_.rank(), world_.size());
    c.id = id;
    return c;
  }
  std::string Latest() { return fs::read_symlink(root_ + "/latest").string(); }
  bool NoTmpLeft() {
    for (const auto& e : fs::directory_iterator(root_)) {
      if (e.path().filename().string().rfind(".", 0) == 0) return false;
    }
    return true;
  }

  MpiComm world_ = MpiComm::World();
  std::string root_;
  PublishOptions options_;
  crypto::Ed25519PublicKey public_key_{};
};

TEST_F(PublishTest, PublishedSnapshotVerifiesAndBecomesLatest) {
  Result<std::string> dir = WriteAndPublish(world_, Content("day1"), options_);
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  EXPECT_EQ(*dir, root_ + "/snapshots/day1");
  ASSERT_TRUE(WriteAndPublish(world_, Content("day2"), options_).ok());
  world_.Barrier();
  if (world_.rank() != 0) return;
  EXPECT_EQ(Latest(), "snapshots/day2");
  Result<Manifest> m = VerifySnapshot(root_ + "/latest", public_key_);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::vector<std::string> names;
  for (const ManifestFile& f : m->files) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"clusters.csv", "report.json", "snapshot.h5",
                                             "suspicious.csv", "users.csv"}));
  EXPECT_TRUE(VerifySnapshot(root_ + "/snapshots/day1", public_key_).ok());
  EXPECT_TRUE(NoTmpLeft());
}

// The columns only snapshot.h5 has are dropped after it is written: the file
// and report.json still have them, the CSV never had them.
TEST_F(PublishTest, Hdf5OnlyColumnsAreInTheFileAndTheReportNotInTheCsv) {
  ASSERT_TRUE(WriteAndPublish(world_, Content("day1"), options_).ok());
  world_.Barrier();
  if (world_.rank() != 0) return;
  std::ifstream csv(root_ + "/latest/clusters.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "size,center_0,center_1\r");
  Result<H5Reader> reader = H5Reader::Open(root_ + "/latest/snapshot.h5");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(*reader->Columns("clusters"), (std::vector<std::string>{"size", "center", "spread"}));
  Result<Column> spread = reader->ReadColumn("clusters", "spread");
  ASSERT_TRUE(spread.ok()) << spread.status().ToString();
  EXPECT_FALSE(spread->export_csv);
  EXPECT_EQ(std::get<std::vector<int64_t>>(spread->data), (std::vector<int64_t>{7, 8, 9}));
  std::ifstream report_file(root_ + "/latest/report.json");
  const std::string report((std::istreambuf_iterator<char>(report_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(report.find("\"spread\""), std::string::npos) << report;
}

TEST_F(PublishTest, StepSecondsAreTheSlowestRanksOnEveryRank) {
  PublishSteps steps{-1, -1, -1, -1};
  PublishOptions options = options_;
  options.steps = &steps;
  ASSERT_TRUE(WriteAndPublish(world_, Content("day1"), options).ok());
  const double all[] = {steps.hdf5, steps.csv, steps.digest_sync, steps.seal};
  for (double seconds : all) {
    EXPECT_GE(seconds, 0);
    EXPECT_LT(seconds, 60);
    EXPECT_EQ(world_.MaxOf(seconds), seconds);  // the same value on every rank
    EXPECT_EQ(world_.MinOf(seconds), seconds);
  }
  EXPECT_GT(steps.hdf5, 0);
}

TEST_F(PublishTest, RepublishingAnIdFailsEverywhereAndKeepsLatest) {
  ASSERT_TRUE(WriteAndPublish(world_, Content("day1"), options_).ok());
  Result<std::string> again = WriteAndPublish(world_, Content("day1"), options_);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("day1"), std::string::npos);
  if (world_.rank() == 0) {
    EXPECT_EQ(Latest(), "snapshots/day1");
  }
}

TEST_F(PublishTest, RootThatIsAFileFailsOnEveryRank) {
  PublishOptions bad = {options_.signing_key_path, options_.signing_key_path};
  Result<std::string> dir = WriteAndPublish(world_, Content("day1"), bad);
  EXPECT_EQ(dir.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(dir.status().message().find("not a directory"), std::string::npos);
}

TEST_F(PublishTest, MissingKeyFailsBeforeAnythingIsWritten) {
  PublishOptions bad = {root_, root_ + "/no-such-key.pem"};
  Result<std::string> dir = WriteAndPublish(world_, Content("day1"), bad);
  EXPECT_EQ(dir.status().code(), StatusCode::kNotFound);
  if (world_.rank() == 0) {
    EXPECT_FALSE(fs::exists(root_ + "/.tmp-day1"));
  }
}

TEST_F(PublishTest, DiskFullMidwayLeavesPreviousLatestIntact) {
  ASSERT_TRUE(WriteAndPublish(world_, Content("day1"), options_).ok());
  SnapshotContent big = Content("day2");
  // 300k rows a rank: about 3 MB of CSV, but ~40 KB of HDF5 with
  // scale-offset (it stores two distinct values in one bit each).
  std::vector<uint64_t> serial(300000);
  for (size_t i = 0; i < serial.size(); ++i) serial[i] = 1000000 + i % 2;
  Table t;
  t.name = "serials";
  t.distributed = true;
  t.columns.push_back({"serial", serial, 1, "compressible", {}});
  big.tables.push_back(t);
  // Files may not grow past 1 MB now: snapshot.h5 is written, then the CSV
  // export fails with EFBIG, as on a full disk. (A failure inside HDF5 is
  // not tried here: HDF5 1.10.8 leaves a half-closed file that crashes
  // MPI_Finalize; see SCHEMA.md.)
  signal(SIGXFSZ, SIG_IGN);
  rlimit old;
  getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 1 << 20;
  setrlimit(RLIMIT_FSIZE, &small);
  PublishOptions compressed = options_;
  compressed.hdf5.integers = IntegerCompression::kScaleOffset;
  Result<std::string> dir = WriteAndPublish(world_, big, compressed);
  setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_EQ(dir.status().code(), StatusCode::kIoError) << dir.status().ToString();
  EXPECT_NE(dir.status().message().find("serials.csv"), std::string::npos);
  world_.Barrier();
  if (world_.rank() != 0) return;
  EXPECT_EQ(Latest(), "snapshots/day1");
  EXPECT_TRUE(VerifySnapshot(root_ + "/latest", public_key_).ok());
  EXPECT_FALSE(fs::exists(root_ + "/snapshots/day2"));
  EXPECT_TRUE(NoTmpLeft());
}

TEST_F(PublishTest, StaleTmpDirFromAKilledRunIsReplaced) {
  if (world_.rank() == 0) {
    fs::create_directories(root_ + "/.tmp-day1");
    std::ofstream(root_ + "/.tmp-day1/half.csv") << "partial";
  }
  world_.Barrier();
  ASSERT_TRUE(WriteAndPublish(world_, Content("day1"), options_).ok());
  if (world_.rank() != 0) return;
  EXPECT_TRUE(VerifySnapshot(root_ + "/latest", public_key_).ok());
  EXPECT_FALSE(fs::exists(root_ + "/snapshots/day1/half.csv"));
}

}  // namespace
}  // namespace qrmark::snapshot
