// CSV export at 1, 2 and 3 ranks: the same bytes whatever the rank count
// (checked against known lines and a single-writer export), rank 0's digest
// of each file, and pandas (/usr/bin/python3) reads back every value.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/snapshot/csv_export.h"
#include "src/dist/mpi_comm.h"
#include "tests/mpi/h5_test_util.h"

namespace qrmark::snapshot {
namespace {

using testing::MakeContent;
using testing::SharedTempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class CsvExportTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = SharedTempDir(world_, "h5_csv_export_test"); }
  void TearDown() override {
    world_.Barrier();
    if (world_.rank() == 0) std::filesystem::remove_all(dir_);
  }
  MpiComm world_ = MpiComm::World();
  std::string dir_;
};

TEST_F(CsvExportTest, WritesOneFilePerExportedTable) {
  auto files = ExportCsvFiles(world_, MakeContent(world_.rank(), world_.size()), dir_);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  std::vector<std::string> paths;
  for (const CsvFile& f : *files) paths.push_back(f.path);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/users.csv", dir_ + "/clusters.csv",
                                             dir_ + "/suspicious.csv"}));
  if (world_.rank() != 0) return;
  EXPECT_EQ(ReadFile(dir_ + "/clusters.csv"),
            "size,center_0,center_1\r\n4,1,2\r\n2,3,4\r\n1,5,6\r\n");
  EXPECT_EQ(ReadFile(dir_ + "/suspicious.csv"), "serial,kind\r\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/by_hour.csv"));
}

// Rank 0 writes the distributed tables' headers and holds their digests; the
// last rank writes the replicated table whole and holds its digest.
TEST_F(CsvExportTest, TheHeaderWritersDigestFinishesAsTheFilesSha256) {
  auto files = ExportCsvFiles(world_, MakeContent(world_.rank(), world_.size()), dir_);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 3u);
  world_.Barrier();  // every rank's bytes are written
  std::vector<size_t> bounds = testing::UserBounds(world_.size());
  const bool has_users = bounds[world_.rank() + 1] > bounds[world_.rank()];
  const bool first = world_.rank() == 0, last = world_.rank() == world_.size() - 1;
  EXPECT_EQ((*files)[0].wrote, first || has_users);  // users: the header, its rows
  EXPECT_EQ((*files)[1].wrote, last);                // clusters: replicated, the last rank alone
  EXPECT_EQ((*files)[2].wrote, first);               // suspicious: distributed, no rows: the header
  for (size_t i = 0; i < files->size(); ++i) {
    CsvFile& file = (*files)[i];
    const bool holder = i == 1 ? last : first;
    ASSERT_EQ(file.digest.has_value(), holder) << file.path;
    if (!holder) continue;
    Result<ManifestFile> entry = FinishDigest(std::move(*file.digest));
    ASSERT_TRUE(entry.ok()) << entry.status().ToString();
    Result<crypto::Sha256Digest> want = crypto::Sha256File(file.path);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(entry->sha256, crypto::ToHex(*want)) << file.path;
  }
}

TEST_F(CsvExportTest, DistributedBytesAreKnownLinesWhateverTheRankCount) {
  ASSERT_TRUE(ExportCsvFiles(world_, MakeContent(world_.rank(), world_.size()), dir_).ok());
  if (world_.rank() != 0) return;
  std::string csv = ReadFile(dir_ + "/users.csv");
  std::string head =
      "key,score,tier,monetary,hours_0,hours_1,hours_2,recency\r\n"
      "1000,-1,,1e-17,0,0.33333334,0.6666667,0\r\n"
      "1001,0,high,0.10000000000000002,1,1.3333334,1.6666666,-1000000007\r\n"
      "1002,1,\"mid, \"\"keep\"\"\",0.2,2,2.3333333,2.6666667,-2000000014\r\n"
      "1003,2,\" low\",,3,3.3333333,3.6666667,-3000000021\r\n";
  EXPECT_EQ(csv.substr(0, head.size()), head);
  EXPECT_NE(csv.find("\r\n18446744073709551615,0,\"mid, \"\"keep\"\"\",0.6000000000000001,"),
            std::string::npos);
}

TEST_F(CsvExportTest, DistributedBytesEqualASingleWriterExport) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  ASSERT_TRUE(ExportCsv(world_, content.tables[0], dir_ + "/distributed.csv").ok());
  Table whole = testing::UsersRows(0, testing::kUserRows);
  whole.distributed = false;  // rank 0 writes every row
  ASSERT_TRUE(ExportCsv(world_, whole, dir_ + "/single.csv").ok());
  if (world_.rank() != 0) return;
  EXPECT_EQ(ReadFile(dir_ + "/distributed.csv"), ReadFile(dir_ + "/single.csv"));
}

// Rows [begin, end) of a table whose rows are about 1 KB: a block of rows is
// then several writes, and each rank's share several blocks.
Table WideRows(size_t begin, size_t end) {
  constexpr size_t kWidth = 60;
  Table t;
  t.name = "wide";
  t.distributed = true;
  std::vector<uint64_t> key;
  std::vector<double> values;
  for (size_t i = begin; i < end; ++i) {
    key.push_back(i);
    for (size_t w = 0; w < kWidth; ++w) values.push_back(static_cast<double>(i * kWidth + w) / 7.0);
  }
  t.columns.push_back({"key", key, 1, "row number", {}});
  t.columns.push_back({"value", values, kWidth, "row number times the width plus the column, over 7", {}});
  return t;
}

TEST_F(CsvExportTest, LargeSharesWrittenInManyPiecesEqualASingleWriterExport) {
  constexpr size_t kRows = 12000;  // about 12 MB
  const size_t begin = kRows * world_.rank() / world_.size(), end = kRows * (world_.rank() + 1) / world_.size();
  Result<CsvFile> distributed = ExportCsv(world_, WideRows(begin, end), dir_ + "/distributed.csv");
  ASSERT_TRUE(distributed.ok()) << distributed.status().ToString();
  Table whole = WideRows(0, kRows);
  whole.distributed = false;  // the last rank writes every row
  ASSERT_TRUE(ExportCsv(world_, whole, dir_ + "/single.csv").ok());
  if (world_.rank() != 0) return;
  const std::string bytes = ReadFile(dir_ + "/distributed.csv");
  EXPECT_GT(bytes.size(), 10u << 20);
  EXPECT_EQ(std::count(bytes.begin(), bytes.end(), '\n'), static_cast<long>(kRows + 1));
  EXPECT_EQ(bytes, ReadFile(dir_ + "/single.csv"));
  ASSERT_TRUE(distributed->digest.has_value());
  Result<ManifestFile> entry = FinishDigest(std::move(*distributed->digest));
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->sha256, crypto::ToHex(crypto::Sha256(crypto::AsBytes(bytes))));
}

TEST_F(CsvExportTest, PandasReadsEveryValueBack) {
  ASSERT_TRUE(ExportCsvFiles(world_, MakeContent(world_.rank(), world_.size()), dir_).ok());
  if (world_.rank() != 0) return;
  std::string script =
      "import math, numpy as np, pandas as pd\n"
      "u = pd.read_csv('" +
      dir_ +
      "/users.csv', dtype={'key': np.uint64}, keep_default_na=False,"
      " na_values={'monetary': ['']},"
      " float_precision='round_trip')\n"
      "assert list(u.columns) == ['key','score','tier','monetary','hours_0','hours_1','hours_2',"
      "'recency'], u.columns\n"
      "assert len(u) == 7 and u['key'][6] == 2**64 - 1\n"
      "assert list(u['tier']) == ['', 'high', 'mid, \"keep\"', ' low', '', 'high', 'mid, "
      "\"keep\"'], list(u['tier'])\n"
      "for i in range(7):\n"
      "  m = u['monetary'][i]\n"
      "  assert (i == 3 and math.isnan(m)) or m == 0.1 * i + 1e-17, (i, m)\n"
      "  assert np.float32(u['hours_1'][i]) == np.float32(i * 3 + 1) / np.float32(3)\n"
      "  assert u['recency'][i] == -i * 1000000007\n";
  std::string file = dir_ + "/check.py";
  std::ofstream(file) << script;
  EXPECT_EQ(std::system(("env -i PATH=/usr/bin:/bin /usr/bin/python3 " + file).c_str()), 0);
}

TEST_F(CsvExportTest, ExistingFileIsRefusedOnEveryRank) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  ASSERT_TRUE(ExportCsv(world_, content.tables[0], dir_ + "/users.csv").ok());
  Status again = ExportCsv(world_, content.tables[0], dir_ + "/users.csv").status();
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.message().find("users.csv"), std::string::npos);
}

TEST(CsvField, QuotesOnlyWhenRfc4180NeedsIt) {
  std::string out;
  AppendCsvField("plain", &out);
  out += '|';
  AppendCsvField("a,b", &out);
  out += '|';
  AppendCsvField("say \"hi\"", &out);
  out += '|';
  AppendCsvField("two\r\nlines", &out);
  EXPECT_EQ(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\r\nlines\"");
}

}  // namespace
}  // namespace qrmark::snapshot
