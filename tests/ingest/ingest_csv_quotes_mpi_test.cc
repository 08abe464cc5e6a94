// Ingest under mpirun of a CSV whose quoted fields span many lines, sized so
// that every rank's byte range starts inside a quoted field, just after a
// newline that is data: the accepted scans, the counts and the quarantine
// rows (offsets included) are those of a SerialComm run in rank 0's process,
// at any rank count. The file ends with a quote that never closes, and at 3
// ranks a range starts inside it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "src/base/page_relay.h"
#include "io/csv/csv_reader.h"
#include "io/csv/quote_state.h"
#include "src/dist/mpi_comm.h"
#include "src/ingest/byte_range.h"
#include "io/scanlog/crc32c.h"
#include "src/crypto/sha256.h"
#include "src/ingest/checksum.h"
#include "src/ingest/ingest.h"
#include "tests/ingest/ingest_test_util.h"

namespace qrmark::ingest {
namespace {

namespace fs = std::filesystem;

bool ScanLess(const UserScan& a, const UserScan& b) { return std::memcmp(&a, &b, sizeof a) < 0; }

std::vector<UserScan> SortedScans(const std::vector<PagedVector<UserScan>>& chunks) {
  std::vector<UserScan> all;
  for (const auto& c : chunks) all.insert(all.end(), c.begin(), c.end());
  std::sort(all.begin(), all.end(), ScanLess);
  return all;
}

// Whether every range start of 2 and 3 ranks is inside a quoted field, just
// after a newline, and one of them inside the unterminated tail.
bool RangesStartInsideQuotedNewlines(const testing::MultiLineCsv& csv) {
  bool one_in_tail = false;
  for (int ranks : {2, 3}) {
    for (int r = 1; r < ranks; ++r) {
      const uint64_t begin = EvenByteRange(csv.text.size(), r, ranks).begin;
      const std::string_view before = std::string_view(csv.text).substr(0, begin);
      if (before.back() != '\n' ||
          csv::CsvStateMapOf(before)(csv::CsvScanState::kFieldStart) != csv::CsvScanState::kQuoted) {
        return false;
      }
      one_in_tail |= begin > csv.tail_begin;
    }
  }
  return one_in_tail;
}

testing::MultiLineCsv MakeCsvSplitInsideQuotes() {
  for (int rows = 60;; ++rows) {
    testing::MultiLineCsv csv = testing::MakeMultiLineCsv(rows, rows * 25);  // the tail: ~40% of the bytes
    if (RangesStartInsideQuotedNewlines(csv)) return csv;
  }
}

// The rows of the quarantine files quarantine-<0..ranks-1>.csv in `dir`,
// fields joined by '|', sorted.
std::vector<std::string> QuarantineRows(const std::string& dir, int ranks) {
  std::vector<std::string> rows;
  for (int r = 0; r < ranks; ++r) {
    auto reader =
        csv::CsvReader::Open(dir + "/quarantine-" + std::to_string(r) + ".csv", 0, UINT64_MAX, true);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    if (!reader.ok()) continue;
    csv::CsvRecord rec;
    while (*(*reader)->Next(&rec)) {
      std::string row;
      for (std::string_view f : rec.fields) row.append(f).append("|");
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// A directory every rank sees (rank 0's process id), made by rank 0 with
// `text` as its c.csv, and ingest options for it.
struct SharedCsv {
  std::string dir;
  IngestOptions options;
};

SharedCsv WriteSharedCsv(MpiComm& world, const std::string& name, const std::string& text) {
  const int64_t pid = world.MaxOf(int64_t{world.rank() == 0 ? ::getpid() : 0});
  SharedCsv shared;
  shared.dir = (fs::temp_directory_path() / (name + "_" + std::to_string(pid))).string();
  if (world.rank() == 0) {
    fs::create_directories(shared.dir);
    std::ofstream(shared.dir + "/c.csv", std::ios::binary) << text;
  }
  world.Barrier();
  shared.options.inputs = {{shared.dir + "/c.csv", InputFormat::kCsv}};
  shared.options.csv = csv::ScanCsvMapping();
  shared.options.quarantine_dir = shared.dir + "/quarantine";
  shared.options.max_bad_fraction = 1;
  return shared;
}

TEST(IngestCsvQuotesMpiTest, RangesStartingInsideQuotedFieldsReadWhatOneRankReads) {
  MpiComm world = MpiComm::World();
  const testing::MultiLineCsv csv = MakeCsvSplitInsideQuotes();
  SharedCsv shared = WriteSharedCsv(world, "ingest_quotes_mpi", csv.text);
  const std::string& dir = shared.dir;
  IngestOptions& opt = shared.options;
  opt.batch_records = 16;
  Result<IngestedScans> in = Ingest(world, opt);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  // Every range start but rank 0's follows a newline inside quotes, where
  // the reader's first assumption (outside quotes) misleads it.
  EXPECT_EQ(in->stats.csv_read_again, world.size() > 1);
  std::vector<UserScan> mine;
  for (const auto& c : in->chunks) mine.insert(mine.end(), c.begin(), c.end());
  std::vector<UserScan> all = world.AllgathervOf<UserScan>(mine);
  std::sort(all.begin(), all.end(), ScanLess);
  world.Barrier();  // every quarantine file is closed

  if (world.rank() == 0) {
    SerialComm serial;
    opt.quarantine_dir = dir + "/quarantine-serial";
    Result<IngestedScans> ref = Ingest(serial, opt);
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    const IngestStats& s = in->stats;
    EXPECT_EQ(s.accepted, csv.good);
    EXPECT_EQ(s.records_read, csv.good + csv.bad_quote + csv.wrong_columns + csv.unterminated_lines);
    EXPECT_EQ(s.rejected[static_cast<int>(RejectReason::kMalformedLine)],
              csv.bad_quote + csv.unterminated_lines);
    EXPECT_EQ(s.rejected[static_cast<int>(RejectReason::kWrongColumnCount)], csv.wrong_columns);
    EXPECT_EQ(s.records_read, ref->stats.records_read);
    EXPECT_EQ(s.accepted, ref->stats.accepted);
    EXPECT_EQ(s.rejected, ref->stats.rejected);
    EXPECT_EQ(s.files[0].records, ref->stats.files[0].records);
    EXPECT_EQ(s.files[0].crc32c, ref->stats.files[0].crc32c);
    EXPECT_EQ(in->product_codes, ref->product_codes);
    EXPECT_EQ(in->region_names, ref->region_names);
    const std::vector<UserScan> want = SortedScans(ref->chunks);
    ASSERT_EQ(all.size(), want.size());
    EXPECT_TRUE(std::equal(all.begin(), all.end(), want.begin(), [](const UserScan& a, const UserScan& b) {
      return !ScanLess(a, b) && !ScanLess(b, a);
    }));
    const std::vector<std::string> rows = QuarantineRows(opt.quarantine_dir, 1);
    EXPECT_EQ(static_cast<int64_t>(rows.size()), csv.bad_quote + csv.wrong_columns + 1);
    EXPECT_EQ(QuarantineRows(dir + "/quarantine", world.size()), rows);
  }
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(dir);
}

// 40 rows in 4 regions, whose quoted notes hold 220,000 lines that look like
// rows, each with a region of its own: a reader that starts inside a note
// and assumes it is outside quotes sees more region names than a run may
// hold (at 2 and 3 ranks, every range but rank 0's starts in a note).
std::string CsvWithRowsInItsNotes() {
  std::string t = "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags,note\n";
  int quoted = 0;
  for (int i = 0; i < 40; ++i) {
    t += std::to_string(i) + ",2023-11-14 08:00:00," + std::to_string(100 + i) + ",P1,7," + std::to_string(i) +
         ",R" + std::to_string(i % 4) + ",wechat,ios,100,1,\"";
    for (int k = 0; k < 5500; ++k, ++quoted) {
      t += std::to_string(quoted) + ",2023-11-14 08:00:00,7,P1,7,1,Q" + std::to_string(quoted) + ",wechat,ios,1,1,n\n";
    }
    t += "\"\n";
  }
  return t;
}

// The rows a reader out of step with the quotes saw are not the file's: the
// run reads the ranges again from their exact states instead of failing on
// the region names it saw.
TEST(IngestCsvQuotesMpiTest, RegionNamesSeenOutOfStepWithTheQuotesDoNotFailTheRun) {
  MpiComm world = MpiComm::World();
  SharedCsv csv = WriteSharedCsv(world, "ingest_quoted_rows_mpi", CsvWithRowsInItsNotes());
  Result<IngestedScans> in = Ingest(world, csv.options);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->stats.csv_read_again, world.size() > 1);
  EXPECT_EQ(in->stats.accepted, 40);
  EXPECT_EQ(in->stats.rejected_total(), 0);
  EXPECT_EQ(in->region_names, (std::vector<std::string>{"R0", "R1", "R2", "R3"}));
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(csv.dir);
}

// More region names than a run holds fail it at every rank count with the
// same message, also when no rank alone sees that many.
TEST(IngestCsvQuotesMpiTest, TooManyRegionNamesFailTheRunWhateverTheRankCount) {
  MpiComm world = MpiComm::World();
  std::string text = "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n";
  for (int i = 0; i < 70000; ++i) {
    text += std::to_string(i) + ",2023-11-14 08:00:00,7,P1,7,1,R" + std::to_string(i) + ",wechat,ios,1,1\n";
  }
  SharedCsv csv = WriteSharedCsv(world, "ingest_many_regions_mpi", text);
  Result<IngestedScans> in = Ingest(world, csv.options);
  EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(in.status().message().find("more than 65536 distinct region names"), std::string::npos)
      << in.status().ToString();
  world.Barrier();
  if (world.rank() == 0) fs::remove_all(csv.dir);
}

TEST(IngestCsvQuotesMpiTest, JoinedRangeDigestsGiveTheWholeFilesCrcAndTheStatesAtRangeStarts) {
  MpiComm world = MpiComm::World();
  const testing::MultiLineCsv csv = testing::MakeMultiLineCsv(30, 100);
  const std::vector<std::string> files = {csv.text, "", csv.text.substr(0, 2), csv.text.substr(0, 1001)};
  std::vector<uint64_t> sizes;
  std::vector<CsvRangeDigest> mine;
  for (const std::string& text : files) {
    const ByteRange range = EvenByteRange(text.size(), world.rank(), world.size());
    sizes.push_back(text.size());
    mine.emplace_back().Add(std::string_view(text).substr(range.begin, range.end - range.begin));
  }
  const std::vector<InputDigest> joined = JoinCsvRangeDigests(world, sizes, mine);
  ASSERT_EQ(joined.size(), files.size());
  for (size_t f = 0; f < files.size(); ++f) {
    EXPECT_EQ(joined[f].crc32c, scanlog::Crc32c(crypto::AsBytes(files[f]))) << "file " << f;
    ASSERT_EQ(joined[f].csv_states.size(), static_cast<size_t>(world.size()));
    for (int r = 0; r < world.size(); ++r) {
      const uint64_t begin = EvenByteRange(files[f].size(), r, world.size()).begin;
      EXPECT_EQ(joined[f].csv_states[r],
                csv::CsvStateMapOf(std::string_view(files[f]).substr(0, begin))(csv::CsvScanState::kFieldStart))
          << "file " << f << ", rank " << r;
    }
  }
}

}  // namespace
}  // namespace qrmark::ingest
