// The parallel HDF5 writer at 1, 2 and 3 ranks (uneven and empty slices),
// with and without scale-offset, read back through H5Reader, h5dump and h5py
// (/usr/bin/python3); integer columns in their narrowest type.
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

// Integer values as the reader gives them back: int64 or uint64.
ColumnData Widened(const ColumnData& data) {
  if (const auto* v = std::get_if<std::vector<int32_t>>(&data)) return std::vector<int64_t>(v->begin(), v->end());
  return data;
}

void ExpectSameColumn(const Column& got, const Column& want_as_written) {
  SCOPED_TRACE(want_as_written.name);
  Column want = want_as_written;
  want.data = Widened(want.data);
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

// Every test runs twice: integer columns unfiltered, and compressed by scale-offset.
class H5WriterTest : public ::testing::TestWithParam<IntegerCompression> {
 protected:
  void SetUp() override {
    dir_ = SharedTempDir(world_, "h5_writer_test");
    path_ = dir_ + "/snapshot.h5";
  }
  void TearDown() override {
    world_.Barrier();
    if (world_.rank() == 0) std::filesystem::remove_all(dir_);
  }
  H5WriteOptions options() const { return {GetParam()}; }
  MpiComm world_ = MpiComm::World();
  std::string dir_;
  std::string path_;
};

INSTANTIATE_TEST_SUITE_P(Compressions, H5WriterTest,
                         ::testing::Values(IntegerCompression::kNone, IntegerCompression::kScaleOffset),
                         [](const auto& info) {
                           return info.param == IntegerCompression::kNone ? "none" : "scale_offset";
                         });

TEST_P(H5WriterTest, ReaderGetsGlobalRowsInRankOrder) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_, options()).ok());
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

TEST_P(H5WriterTest, H5dumpReadsEveryDataset) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_, options()).ok());
  if (world_.rank() != 0) return;
  std::string out = dir_ + "/dump.txt";
  ASSERT_EQ(std::system(("h5dump " + path_ + " > " + out).c_str()), 0);
  std::string cmd =
      "grep -q 18446744073709551615 " + out + " && grep -q 'mid, \\\"keep\\\"' " + out;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "h5dump output lacks the values written";
}

TEST_P(H5WriterTest, H5pyReadsColumnsAndAttributes) {
  ASSERT_TRUE(WriteHdf5Snapshot(world_, MakeContent(world_.rank(), world_.size()), path_, options()).ok());
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
      "assert f['clusters']['spread'].attrs['in_csv'] == 0 and 'in_csv' not in f['clusters']['size'].attrs\n"
      // Integers in the narrowest type of their signedness; scale-offset only when asked.
      "assert [u[c].dtype for c in ('key', 'score', 'tier', 'recency')] == ['uint64', 'int8', 'int8', 'int64']\n"
      "assert f['clusters']['size'].dtype == 'int8' and u['hours'].dtype == 'float32'\n"
      "assert u['monetary'].scaleoffset is None and u['monetary'].compression is None\n" +
      (GetParam() == IntegerCompression::kScaleOffset ? "assert u['score'].scaleoffset == 0\n"
                                                      : "assert u['score'].scaleoffset is None\n");
  std::string file = dir_ + "/check.py";
  FILE* py = std::fopen(file.c_str(), "w");
  ASSERT_NE(py, nullptr);
  std::fputs(script.c_str(), py);
  std::fclose(py);
  // A clean environment: Debian's h5py picks its MPI build under mpirun.
  EXPECT_EQ(std::system(("env -i PATH=/usr/bin:/bin /usr/bin/python3 " + file).c_str()), 0);
}

// Each integer column takes the narrowest type that holds every rank's
// values: one value past a type's range, on the last rank only, widens the
// whole column on every rank.
TEST_P(H5WriterTest, IntegersTakeTheNarrowestTypeThatHoldsEveryRanksValues) {
  struct Case {
    std::string name;
    ColumnData small, widest;  // every rank's two values; the last rank's third
    std::string type;
  };
  const std::vector<Case> cases = {
      {"i8", std::vector<int64_t>{-128, 0}, std::vector<int64_t>{127}, "int8"},
      {"i16_high", std::vector<int64_t>{0, -128}, std::vector<int64_t>{128}, "int16"},
      {"i16_low", std::vector<int32_t>{5, 127}, std::vector<int32_t>{-129}, "int16"},
      {"i32", std::vector<int32_t>{0, -32768}, std::vector<int32_t>{INT32_MIN}, "int32"},
      {"i64", std::vector<int64_t>{1, INT32_MAX}, std::vector<int64_t>{int64_t{INT32_MAX} + 1}, "int64"},
      {"u8", std::vector<uint64_t>{0, 1}, std::vector<uint64_t>{255}, "uint8"},
      {"u16", std::vector<uint64_t>{7, 255}, std::vector<uint64_t>{256}, "uint16"},
      {"u32", std::vector<uint64_t>{7, 65535}, std::vector<uint64_t>{65536}, "uint32"},
      {"u64", std::vector<uint64_t>{7, UINT32_MAX}, std::vector<uint64_t>{uint64_t{1} << 32}, "uint64"},
  };
  const bool last = world_.rank() == world_.size() - 1;
  SnapshotContent content;
  content.id = "20261123T020000Z-0badc0de";
  Table table;
  table.name = "widths";
  table.distributed = true;
  for (const Case& c : cases) {
    ColumnData mine = c.small;
    if (last) {
      std::visit([&](auto& v) { v.push_back(std::get<std::decay_t<decltype(v)>>(c.widest)[0]); }, mine);
    }
    table.columns.push_back({c.name, mine, 1, "test values", {}});
  }
  content.tables.push_back(table);
  Status written = WriteHdf5Snapshot(world_, content, path_, options());
  ASSERT_TRUE(written.ok()) << written.ToString();
  if (world_.rank() != 0) return;
  Result<H5Reader> reader = H5Reader::Open(path_);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<H5Reader::Shape> shape = reader->ColumnShape("widths", c.name);
    ASSERT_TRUE(shape.ok()) << shape.status().ToString();
    EXPECT_EQ(shape->type, c.type);
    Column want{c.name, c.small, 1, "test values", {}};
    std::visit(
        [&](auto& v) {
          const auto& small = std::get<std::decay_t<decltype(v)>>(c.small);
          for (int r = 1; r < world_.size(); ++r) v.insert(v.end(), small.begin(), small.end());
          v.push_back(std::get<std::decay_t<decltype(v)>>(c.widest)[0]);
        },
        want.data);
    Result<Column> got = reader->ReadColumn("widths", c.name);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ExpectSameColumn(*got, want);
  }
}

TEST_P(H5WriterTest, ExistingFileFailsOnEveryRankNamingThePath) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  ASSERT_TRUE(WriteHdf5Snapshot(world_, content, path_, options()).ok());
  Status again = WriteHdf5Snapshot(world_, content, path_, options());
  EXPECT_EQ(again.code(), StatusCode::kIoError);
  EXPECT_NE(again.message().find(path_), std::string::npos) << again.ToString();
}

TEST_P(H5WriterTest, ContentThatDiffersAcrossRanksIsRefusedEverywhere) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  if (world_.rank() == world_.size() - 1) content.attributes["extra"] = int64_t{1};
  Status status = WriteHdf5Snapshot(world_, content, path_, options());
  if (world_.size() == 1) {
    EXPECT_TRUE(status.ok());
  } else {
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  }
}

TEST_P(H5WriterTest, BadShapeIsRefusedBeforeTheFileIsCreated) {
  SnapshotContent content = MakeContent(world_.rank(), world_.size());
  content.tables[1].columns[1].width = 4;  // 6 values are not 3 rows x 4
  Status status = WriteHdf5Snapshot(world_, content, path_, options());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'clusters' column 'center'"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

}  // namespace
}  // namespace qrmark::snapshot
