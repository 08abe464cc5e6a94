// The collective HDF5 writer at 1, 2 and 3 ranks (uneven and empty slices),
// read back through H5Reader, h5dump and h5py (/usr/bin/python3).
#include "io/snapshot/h5_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "io/snapshot/h5_reader.h"
#include "src/dist/mpi_comm.h"
#include "tests/mpi/h5_test_util.h"

namespace qrmark::snapshot {
namespace {

using testing::MakeContent;
using testing::SharedTempDir;
using testing::UsersRows;

void ExpectSameColumn(const Column& got, const Column& want) {
  SCOPED_TRACE(want.name);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.width, want.width);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.dictionary, want.dictionary);
  EXPECT_EQ(got.export_csv, want.export_csv);
  ASSERT_EQ(got.data.index(), want.data.index());
  std::visit(
      [&](const auto& w) {
        const auto& g = std::get<std::decay_t<decltype(w)>>(got.data);
        ASSERT_EQ(g.size(), w.size());
        EXPECT_EQ(std::memcmp(g.data(), w.data(), w.size() * sizeof(w[0])), 0);  // NaN-exact
      },
      want.data);
}

class H5WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = SharedTempDir(world_, "h5_writer_test");
    path_ = dir_ + "/snapshot.h5";
  }
  void TearDown() override {
    world_.Barrier();
    if (world_.rank() == 0) std::filesystem::remove_all(dir_);
  }
  MpiComm world_ = MpiComm::World();
  std::string dir_;
  std::string path_;
};

TEST_F(H5WriterTest, ReaderGetsGlobalRowsInRankOrder) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_).ok());
  if (world_.rank() != 0) return;
  Result<H5Reader> reader = H5Reader::Open(path_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(*reader->Tables(),
            (std::vector<std::string>{"users", "clusters", "suspicious", "by_hour"}));
  SnapshotContent whole = MakeContent(0, 1);
  for (const Table& want : whole.tables) {
    Result<Table> got = reader->ReadTable(want.name);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->distributed, want.distributed);
    ASSERT_EQ(got->columns.size(), want.columns.size()) << want.name;
    for (size_t c = 0; c < want.columns.size(); ++c)
      ExpectSameColumn(got->columns[c], want.columns[c]);
  }
  auto attributes = reader->Attributes("/");
  ASSERT_TRUE(attributes.ok());
  whole.attributes["snapshot_id"] = whole.id;
  EXPECT_EQ(*attributes, whole.attributes);
  EXPECT_EQ(std::get<int64_t>(reader->Attributes("users")->at("rows")), 7);
}

TEST_F(H5WriterTest, H5dumpReadsEveryDataset) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_).ok());
  if (world_.rank() != 0) return;
  std::string out = dir_ + "/dump.txt";
  ASSERT_EQ(std::system(("h5dump " + path_ + " > " + out).c_str()), 0);
  std::string cmd =
      "grep -q 18446744073709551615 " + out + " && grep -q 'mid, \\\"keep\\\"' " + out;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "h5dump output lacks the values written";
}

TEST_F(H5WriterTest, H5pyReadsColumnsAndAttributes) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_).ok());
  if (world_.rank() != 0) return;
  std::string script =
      "import h5py, numpy as np\n"
      "f = h5py.File('" +
      path_ +
      "', 'r')\n"
      "u = f['users']\n"
      "assert list(u['key'][:5]) == [1000, 1001, 1002, 1003, 1004], u['key'][:]\n"
      "assert u['key'][6] == 2**64 - 1\n"
      "assert u['hours'].shape == (7, 3)\n"
      "assert [w.decode() for w in u['tier_dict'][:]] == ['high', 'mid, \"keep\"', ' low']\n"
      "assert np.isnan(u['monetary'][3])\n"
      "assert f.attrs['schema_version'] == 1 and list(f.attrs['counts']) == [10, 20, 30]\n"
      "assert f['suspicious']['serial'].shape == (0,)\n"
      "assert list(f['clusters']['center'][2]) == [5.0, 6.0]\n"
      "assert f['clusters']['spread'].attrs['in_csv'] == 0 and 'in_csv' not in f['clusters']['size'].attrs\n";
  std::string file = dir_ + "/check.py";
  FILE* py = std::fopen(file.c_str(), "w");
  ASSERT_NE(py, nullptr);
  std::fputs(script.c_str(), py);
  std::fclose(py);
  // A clean environment: Debian's h5py picks its MPI build under mpirun.
  EXPECT_EQ(std::system(("env -i PATH=/usr/bin:/bin /usr/bin/python3 " + file).c_str()), 0);
}

TEST_F(H5WriterTest, ExistingFileFailsOnEveryRankNamingThePath) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  ASSERT_TRUE(WriteHdf5Snapshot(world_, content, path_).ok());
  Status again = WriteHdf5Snapshot(world_, content, path_);
  EXPECT_EQ(again.code(), StatusCode::kIoError);
  EXPECT_NE(again.message().find(path_), std::string::npos) << again.ToString();
}

TEST_F(H5WriterTest, ContentThatDiffersAcrossRanksIsRefusedEverywhere) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  if (world_.rank() == world_.size() - 1) content.attributes["extra"] = int64_t{1};
  Status status = WriteHdf5Snapshot(world_, content, path_);
  if (world_.size() == 1) {
    EXPECT_TRUE(status.ok());
  } else {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  }
}

TEST_F(H5WriterTest, BadShapeIsRefusedBeforeTheFileIsCreated) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  content.tables[1].columns[1].width = 4;  // 6 values are not 3 rows x 4
  Status status = WriteHdf5Snapshot(world_, content, path_);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'clusters' column 'center'"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

}  // namespace
}  // namespace qrmark::snapshot
