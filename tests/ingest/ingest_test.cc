// Tests of src/ingest/ingest.h with SerialComm: counts by reason, quarantine,
// dictionaries, window, bad-fraction limit, empty and missing inputs, CSV
// records over several lines and a quote that never closes.
#include "src/ingest/ingest.h"
#include "src/ingest/unit_filter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "io/csv/column_map.h"
#include "io/csv/csv_reader.h"
#include "io/scanlog/crc32c.h"
#include "tests/ingest/ingest_test_util.h"

namespace qrmark::ingest {
namespace {

namespace fs = std::filesystem;

int64_t Rejected(const IngestStats& s, RejectReason r) { return s.rejected[static_cast<size_t>(r)]; }

size_t CountScans(const IngestedScans& in) {
  size_t n = 0;
  for (const auto& c : in.chunks) n += c.size();
  return n;
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("ingest_test_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    testing::MakeMixedInputs(dir_, &seg_, &csv_);
    opt_.inputs = {{seg_, InputFormat::kScanLog}, {csv_, InputFormat::kCsv}};
    opt_.csv = csv::ScanCsvMapping();
    opt_.quarantine_dir = dir_ + "/quarantine";
    opt_.max_bad_fraction = 0.05;
    opt_.batch_records = 64;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_, seg_, csv_;
  IngestOptions opt_;
  SerialComm comm_;
};

TEST_F(IngestTest, SegmentAndCsvRecordsAreCountedByReasonAndQuarantined) {
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const IngestStats& s = in->stats;
  EXPECT_EQ(s.records_read, 305);
  EXPECT_EQ(s.accepted, 297);
  EXPECT_EQ(s.outside_window, 0);
  EXPECT_EQ(s.anonymous, 1);  // segment slot 50, user_key 0: not bad, no user
  EXPECT_EQ(s.rejected_total(), 7);
  for (RejectReason r :
       {RejectReason::kMissingUser, RejectReason::kBadChecksum, RejectReason::kTornTail, RejectReason::kWrongColumnCount,
        RejectReason::kBadNumber, RejectReason::kBadTimestamp, RejectReason::kMalformedLine}) {
    EXPECT_EQ(Rejected(s, r), 1) << RejectReasonName(r);
  }
  ASSERT_EQ(s.files.size(), 2u);
  EXPECT_EQ(s.files[0].records, 200);
  EXPECT_EQ(s.files[1].records, 105);
  EXPECT_EQ(s.files[1].bytes, fs::file_size(csv_));
  for (size_t f = 0; f < 2; ++f) {  // the CRC-32C of each file's bytes
    std::ifstream file(opt_.inputs[f].path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_EQ(s.files[f].crc32c, scanlog::Crc32c({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}));
  }
  EXPECT_EQ(CountScans(*in), 297u);
  EXPECT_EQ(in->chunks.front().size(), 64u);
  size_t serial_scans = 0;
  for (const auto& chunk : in->serial_chunks) serial_scans += chunk.size();
  EXPECT_EQ(serial_scans, 298u);  // the anonymous scan is evidence for its serial too

  std::ifstream q(opt_.quarantine_dir + "/quarantine-0.csv");
  std::stringstream buffer;
  buffer << q.rdbuf();
  const std::string text = buffer.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1 + 7);
  EXPECT_NE(text.find(csv_ + ","), std::string::npos);
  EXPECT_NE(text.find(",torn_tail,"), std::string::npos);
}

TEST_F(IngestTest, DictionariesAreSortedAndIndexTheScans) {
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  // Segment products "0".."8" by value, then CSV codes bytewise.
  std::vector<std::string> want = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "P0", "P1", "P2", "P3", "P4"};
  EXPECT_EQ(in->product_codes, want);
  EXPECT_NE(std::find(in->region_names.begin(), in->region_names.end(), "Region, 2"), in->region_names.end());
  EXPECT_NE(std::find(in->region_names.begin(), in->region_names.end(), "region-39"), in->region_names.end());
  EXPECT_NE(std::find(in->region_names.begin(), in->region_names.end(), "Beijing"), in->region_names.end());
  const UserScan& first = in->chunks[0][0];  // segment slot 0: product 0, region 0
  EXPECT_EQ(in->product_codes[first.product_id], "0");
  EXPECT_EQ(in->region_names[first.region], "Beijing");
  EXPECT_EQ(first.ts_unix_s, testing::kBaseMs / 1000);
}

TEST_F(IngestTest, RecordsOutsideTheWindowAreCountedButNotBad) {
  opt_.window_begin_s = testing::kBaseMs / 1000 + 60 * 100;  // drops segment slots 0..99
  opt_.window_end_s = INT64_MAX;
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  // Segment slots 0..99 (the anonymous slot 50 included), and the CSV rows of Nov 10..14.
  EXPECT_EQ(in->stats.outside_window, 100 + 50);
  EXPECT_EQ(in->stats.accepted, 297 - 149);
  EXPECT_EQ(in->stats.anonymous, 0);
  EXPECT_EQ(in->stats.rejected_total(), 7);
}

TEST_F(IngestTest, BadFractionOverTheLimitIsDataLossWithCountsAndQuarantinePath) {
  opt_.max_bad_fraction = 0.01;
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), StatusCode::kDataLoss);
  for (const std::string& part : {std::string("7 of 305"), std::string("missing_user=1"),
                                  std::string("torn_tail=1"), opt_.quarantine_dir}) {
    EXPECT_NE(in.status().message().find(part), std::string::npos) << in.status().message();
  }
}

TEST_F(IngestTest, MultiLineRecordsAreReadAndAnUnterminatedQuoteRejectsEachLineItRunsOver) {
  const testing::MultiLineCsv csv = testing::MakeMultiLineCsv(40, 25);
  const std::string path = dir_ + "/c.csv";
  std::ofstream(path, std::ios::binary) << csv.text;
  opt_.inputs = {{path, InputFormat::kCsv}};
  opt_.max_bad_fraction = 1;
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const IngestStats& s = in->stats;
  EXPECT_EQ(s.records_read, csv.good + csv.bad_quote + csv.wrong_columns + csv.unterminated_lines);
  EXPECT_EQ(s.accepted, csv.good);
  EXPECT_EQ(Rejected(s, RejectReason::kMalformedLine), csv.bad_quote + csv.unterminated_lines);
  EXPECT_EQ(Rejected(s, RejectReason::kWrongColumnCount), csv.wrong_columns);
  const std::vector<std::string>& regions = in->region_names;
  EXPECT_NE(std::find(regions.begin(), regions.end(), "North\nEast"), regions.end());

  auto quarantine = csv::CsvReader::Open(opt_.quarantine_dir + "/quarantine-0.csv", 0, UINT64_MAX, true);
  ASSERT_TRUE(quarantine.ok());
  csv::CsvRecord row;
  std::vector<std::string> unterminated;
  int64_t rows = 0;
  while (*(*quarantine)->Next(&row)) {
    ASSERT_EQ(row.fields.size(), 4u);
    ++rows;
    if (row.fields[3].starts_with("unterminated")) unterminated = {row.fields.begin(), row.fields.end()};
  }
  EXPECT_EQ(rows, csv.bad_quote + csv.wrong_columns + 1);  // one row for the rest of the file
  ASSERT_EQ(unterminated.size(), 4u);
  EXPECT_EQ(unterminated[1], std::to_string(csv.tail_begin));
  EXPECT_EQ(unterminated[2], "malformed_line");
  EXPECT_TRUE(unterminated[3].starts_with("unterminated quote: the 26 line(s) from here to the end of the "
                                          "file are rejected; they begin: 999,\"never"))
      << unterminated[3];
}

// serial_min_scans = 3: the serial scans of every unit that has three scans
// in all the inputs together are kept, even when its scans are split between
// a segment and a CSV file (filtered as the segment is read without the CSV,
// by KeepSerialScansOfUnitsThatMayReach after both are read with it); most
// units scanned once are dropped.
TEST_F(IngestTest, SerialScansOfAUnitSplitBetweenSegmentAndCsvAreAllKept) {
  constexpr uint64_t kSplit = 777003, kSegmentOnly = 777002;  // units of batch 5
  std::vector<ScanRecord> recs;
  for (uint64_t i = 0; i < 1000; ++i) {
    ScanRecord r{};
    r.scan_id = i;
    r.ts_unix_ms = testing::kBaseMs + static_cast<int64_t>(i) * 1000;
    r.user_key = 1 + i % 50;
    r.batch_id = 5;
    r.serial = i < 2 ? kSplit : i < 5 ? kSegmentOnly : 100000 + i;  // the rest: scanned once
    recs.push_back(r);
  }
  const std::string seg = dir_ + "/units.seg";
  auto w = scanlog::SegmentWriter::Create(dir_ + "/units.open", 1, 0);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->Append(recs).ok());
  ASSERT_TRUE((*w)->Seal().ok());
  const std::string csv = dir_ + "/units.csv";
  std::ofstream(csv) << "scan_id,ts,user_key,product_id,batch_id,serial,region,channel,device_os,amount_cents,flags\n"
                     << "5000,2023-11-14 08:00:00,7,P1,5," << kSplit << ",Hebei,wechat,ios,100,1\n";
  opt_.inputs = {{seg, InputFormat::kScanLog}, {csv, InputFormat::kCsv}};
  opt_.serial_min_scans = 3;
  for (bool with_csv : {true, false}) {
    if (!with_csv) opt_.inputs.pop_back();
    Result<IngestedScans> in = Ingest(comm_, opt_);
    ASSERT_TRUE(in.ok()) << in.status().ToString();
    EXPECT_EQ(in->serial_chunks_unfiltered, with_csv);  // CSV rows cannot be counted before they are parsed
    if (in->serial_chunks_unfiltered) KeepSerialScansOfUnitsThatMayReach(comm_, 3, &in->serial_chunks);
    std::map<uint64_t, int> scans_of;
    size_t kept = 0;
    for (const auto& chunk : in->serial_chunks) {
      kept += chunk.size();
      for (const SerialScan& s : chunk) ++scans_of[s.serial];
    }
    if (with_csv) { EXPECT_EQ(scans_of[kSplit], 3); }
    EXPECT_EQ(scans_of[kSegmentOnly], 3) << "with the CSV: " << with_csv;
    EXPECT_LT(kept, 500u) << "with the CSV: " << with_csv;  // the units scanned once mostly go
  }
}

TEST_F(IngestTest, EmptyFilesGiveNoRecords) {
  std::ofstream(dir_ + "/e.seg").close();
  std::ofstream(dir_ + "/e.csv").close();
  opt_.inputs = {{dir_ + "/e.seg", InputFormat::kScanLog}, {dir_ + "/e.csv", InputFormat::kCsv}};
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->stats.records_read, 0);
  EXPECT_TRUE(in->chunks.empty());
  EXPECT_TRUE(in->product_codes.empty());
}

TEST_F(IngestTest, UnreadablePathIsAnErrorNamingIt) {
  opt_.inputs.push_back({dir_ + "/missing.csv", InputFormat::kCsv});
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), StatusCode::kNotFound);
  EXPECT_NE(in.status().message().find(dir_ + "/missing.csv"), std::string::npos);
}

TEST_F(IngestTest, BadOptionsAreInvalidArgument) {
  opt_.batch_records = 0;
  EXPECT_EQ(Ingest(comm_, opt_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(IngestTest, CsvHeaderWithoutAMappedColumnIsInvalidArgument) {
  opt_.csv.region = "province";
  Result<IngestedScans> in = Ingest(comm_, opt_);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(in.status().message().find("'province'"), std::string::npos);
}

TEST_F(IngestTest, ExpandInputsListsTheSegmentsOrTheCsvFilesOfADirectory) {
  std::ofstream(dir_ + "/c.open").close();
  Result<std::vector<InputFile>> files = ExpandInputs({dir_}, "auto");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path, seg_);
  files = ExpandInputs({dir_, seg_}, "csv");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, csv_);
  EXPECT_EQ((*files)[1].format, InputFormat::kCsv);  // an explicit format wins over the extension
  files = ExpandInputs({csv_, seg_}, "auto");
  ASSERT_TRUE(files.ok());
  EXPECT_EQ((*files)[0].format, InputFormat::kCsv);
  EXPECT_EQ((*files)[1].format, InputFormat::kScanLog);
  EXPECT_EQ(ExpandInputs({dir_ + "/nope"}, "auto").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ExpandInputs({dir_}, "xml").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::ingest
