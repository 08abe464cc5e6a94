// Tests of io/scanlog: round trip, torn tails, flipped bytes, rank ranges,
// recovery. Corrupt files are made here by helpers (ShrinkSize, FlipByte).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/scanlog/crc32c.h"
#include "io/scanlog/format.h"
#include "io/scanlog/recover.h"
#include "io/scanlog/segment_reader.h"
#include "io/scanlog/segment_writer.h"

namespace qrmark::scanlog {
namespace {

namespace fs = std::filesystem;

struct Report {
  uint64_t offset;
  std::string reason;
};
class VectorReporter final : public Reporter {
 public:
  void Corruption(uint64_t offset, std::string_view reason) override {
    reports.push_back({offset, std::string(reason)});
  }
  std::vector<Report> reports;
};

ScanRecord MakeRecord(uint64_t i) {
  ScanRecord r{};
  r.scan_id = i;
  r.ts_unix_ms = 1700000000000 + static_cast<int64_t>(i) * 1000;
  r.user_key = 1000 + i % 7;
  r.serial = 5000 + i;
  r.amount_cents = static_cast<int64_t>(i) * 3;
  r.product_id = static_cast<uint32_t>(i % 11);
  r.region = static_cast<uint16_t>(i % 34);
  r.channel = Channel::kWechat;
  r.flags = kFlagFirstScan;
  return r;
}

class SegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("scanlog_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A sealed segment holding records 0..n-1; returns its path.
  std::string WriteSegment(uint64_t n) {
    auto w = SegmentWriter::Create((dir_ / "s.open").string(), 7, 123);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    std::vector<ScanRecord> recs;
    for (uint64_t i = 0; i < n; ++i) recs.push_back(MakeRecord(i));
    EXPECT_TRUE((*w)->Append(recs).ok());
    EXPECT_TRUE((*w)->Seal().ok());
    return (dir_ / "s.seg").string();
  }
  static void ShrinkSize(const std::string& path, uint64_t bytes) {
    fs::resize_file(path, fs::file_size(path) - bytes);
  }
  static void FlipByte(const std::string& path, uint64_t offset) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 0x40));
  }
  std::vector<ScanRecord> ReadAll(const std::string& path, VectorReporter& rep) {
    auto reader = SegmentReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<ScanRecord> out;
    EXPECT_TRUE((*reader)
                    ->Read(
                        WholeFile((*reader)->file_size()), rep,
                        [&](std::span<const ScanRecord> r, std::span<const uint64_t> offsets) {
                          offsets_.insert(offsets_.end(), offsets.begin(), offsets.end());
                          out.insert(out.end(), r.begin(), r.end());
                        },
                        /*block_slots=*/3)
                    .ok());
    return out;
  }
  fs::path dir_;
  std::vector<uint64_t> offsets_;  // of the records ReadAll returned
};

TEST(Crc32cTest, MatchesTheStandardCheckValueAndMaskRoundTrips) {
  const std::string s = "123456789";
  uint32_t crc = Crc32c({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  EXPECT_EQ(crc, 0xe3069283u);
  EXPECT_NE(MaskCrc(crc), crc);
  EXPECT_EQ(UnmaskCrc(MaskCrc(crc)), crc);
  EXPECT_EQ(Crc32cExtendByTables(0, {reinterpret_cast<const uint8_t*>(s.data()), s.size()}), 0xe3069283u);
}

TEST(Crc32cTest, InstructionAndTablesAgreeOnEveryLengthAndContinuation) {
  std::vector<uint8_t> bytes(300);
  uint32_t x = 12345;
  for (uint8_t& b : bytes) b = static_cast<uint8_t>((x = x * 1103515245u + 12345u) >> 24);
  for (size_t len = 0; len <= bytes.size(); ++len) {
    const std::span<const uint8_t> data(bytes.data(), len);
    ASSERT_EQ(Crc32cExtend(0, data), Crc32cExtendByTables(0, data)) << len;
    const size_t half = len / 2;
    ASSERT_EQ(Crc32cExtend(Crc32cExtend(0, data.first(half)), data.subspan(half)), Crc32c(data)) << len;
  }
}

// Long inputs go three 8 KiB stripes at a time: lengths around whole groups
// of stripes, from a nonzero CRC, agree with the tables too.
TEST(Crc32cTest, InstructionAndTablesAgreeOnLongInputsInStripes) {
  std::vector<uint8_t> bytes(3 * 3 * 8192 + 100);
  uint32_t x = 777;
  for (uint8_t& b : bytes) b = static_cast<uint8_t>((x = x * 1103515245u + 12345u) >> 24);
  for (size_t group : {size_t{1}, size_t{2}, size_t{3}}) {
    for (size_t len : {group * 3 * 8192 - 9, group * 3 * 8192 - 1, group * 3 * 8192, group * 3 * 8192 + 7,
                       group * 3 * 8192 + 100}) {
      const std::span<const uint8_t> data(bytes.data(), std::min(len, bytes.size()));
      ASSERT_EQ(Crc32cExtend(0x9e3779b9u, data), Crc32cExtendByTables(0x9e3779b9u, data)) << data.size();
    }
  }
}

TEST(Crc32cTest, CombineGivesTheCrcOfTheConcatenation) {
  std::vector<uint8_t> bytes(300);
  uint32_t x = 777;
  for (uint8_t& b : bytes) b = static_cast<uint8_t>((x = x * 1103515245u + 12345u) >> 24);
  const std::span<const uint8_t> all(bytes);
  for (size_t cut = 0; cut <= bytes.size(); ++cut) {
    const uint32_t a = Crc32c(all.first(cut)), b = Crc32c(all.subspan(cut));
    ASSERT_EQ(Crc32cCombine(a, b, bytes.size() - cut), Crc32c(all)) << cut;
  }
  // Three parts, joined left to right, as the checksum pass joins blocks.
  const uint32_t ab = Crc32cCombine(Crc32c(all.first(7)), Crc32c(all.subspan(7, 100)), 100);
  EXPECT_EQ(Crc32cCombine(ab, Crc32c(all.subspan(107)), bytes.size() - 107), Crc32c(all));
  // A long second part: every bit of its length counts.
  std::vector<uint8_t> zeros((64u << 20) + 3, 0);
  zeros.back() = 1;
  EXPECT_EQ(Crc32cCombine(Crc32c(all), Crc32c(zeros), zeros.size()), Crc32cExtend(Crc32c(all), zeros));
}

TEST_F(SegmentTest, RecordsRoundTripAndSealRenamesWithFlag) {
  const std::string path = WriteSegment(10);
  EXPECT_FALSE(fs::exists(dir_ / "s.open"));
  VectorReporter rep;
  std::vector<ScanRecord> got = ReadAll(path, rep);
  ASSERT_EQ(got.size(), 10u);
  for (uint64_t i = 0; i < 10; ++i) {
    const ScanRecord want = MakeRecord(i);
    EXPECT_EQ(std::memcmp(&got[i], &want, sizeof(ScanRecord)), 0);
  }
  EXPECT_TRUE(rep.reports.empty());
  auto reader = SegmentReader::Open(path);
  EXPECT_TRUE((*reader)->header().sealed());
  EXPECT_EQ((*reader)->header().segment_id, 7u);
}

TEST_F(SegmentTest, TruncatedTrailingRecordIsIgnored) {
  const std::string path = WriteSegment(5);
  ShrinkSize(path, 10);
  VectorReporter rep;
  EXPECT_EQ(ReadAll(path, rep).size(), 4u);
  ASSERT_EQ(rep.reports.size(), 1u);
  EXPECT_EQ(rep.reports[0].reason, "torn_tail");
  EXPECT_EQ(rep.reports[0].offset, SlotOffset(4));
}

TEST_F(SegmentTest, FlippedByteIsCountedAsBadChecksum) {
  const std::string path = WriteSegment(5);
  FlipByte(path, SlotOffset(2) + 9);
  VectorReporter rep;
  std::vector<ScanRecord> got = ReadAll(path, rep);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].scan_id, 3u);
  EXPECT_EQ(offsets_, (std::vector<uint64_t>{SlotOffset(0), SlotOffset(1), SlotOffset(3), SlotOffset(4)}));
  ASSERT_EQ(rep.reports.size(), 1u);
  EXPECT_EQ(rep.reports[0].reason, "bad_checksum");
  EXPECT_EQ(rep.reports[0].offset, SlotOffset(2));
}

TEST_F(SegmentTest, NonZeroPaddingIsBadReserved) {
  const std::string path = WriteSegment(3);
  FlipByte(path, SlotOffset(1) + 62);
  VectorReporter rep;
  EXPECT_EQ(ReadAll(path, rep).size(), 2u);
  ASSERT_EQ(rep.reports.size(), 1u);
  EXPECT_EQ(rep.reports[0].reason, "bad_reserved");
}

TEST_F(SegmentTest, BadHeaderIsAnErrorNamingThePath) {
  const std::string path = WriteSegment(3);
  FlipByte(path, 20);
  auto reader = SegmentReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kCorruption);
  EXPECT_NE(reader.status().message().find(path), std::string::npos);
}

TEST_F(SegmentTest, EmptyFileHasNoRecordsAndMissingFileIsNotFound) {
  const std::string path = (dir_ / "empty.seg").string();
  std::ofstream(path).close();
  VectorReporter rep;
  EXPECT_TRUE(ReadAll(path, rep).empty());
  EXPECT_EQ(SegmentReader::Open((dir_ / "nope.seg").string()).status().code(), StatusCode::kNotFound);
}

TEST(RecordRangeTest, CoversEveryRecordExactlyOnceForOneToSevenRanks) {
  for (uint64_t slots : {0u, 1u, 5u, 6u, 7u, 100u, 101u}) {
    const uint64_t size = kHeaderSize + slots * kSlotSize + 13;
    for (int p = 1; p <= 7; ++p) {
      uint64_t next = 0;
      int tail_owners = 0;
      for (int r = 0; r < p; ++r) {
        RecordRange range = RecordRangeOf(size, r, p);
        EXPECT_EQ(range.first, next) << slots << " slots, rank " << r << " of " << p;
        EXPECT_LE(range.count, slots / p + 1);
        next += range.count;
        tail_owners += range.owns_tail;
      }
      EXPECT_EQ(next, slots);
      EXPECT_EQ(tail_owners, 1);
    }
  }
}

TEST_F(SegmentTest, RecoverCutsTornTailAndReopenAppendsAfterIt) {
  const std::string open_path = (dir_ / "r.open").string();
  {
    auto w = SegmentWriter::Create(open_path, 1, 0);
    ASSERT_TRUE(w.ok());
    std::vector<ScanRecord> recs = {MakeRecord(0), MakeRecord(1), MakeRecord(2)};
    ASSERT_TRUE((*w)->Append(recs).ok());
    ASSERT_TRUE((*w)->Sync().ok());
  }
  ShrinkSize(open_path, 20);
  auto w = SegmentWriter::Reopen(open_path);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ((*w)->slots(), 2u);
  std::vector<ScanRecord> more = {MakeRecord(9)};
  ASSERT_TRUE((*w)->Append(more).ok());
  ASSERT_TRUE((*w)->Seal().ok());
  VectorReporter rep;
  std::vector<ScanRecord> got = ReadAll((dir_ / "r.seg").string(), rep);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[2].scan_id, 9u);
  EXPECT_TRUE(rep.reports.empty());
}

// A writer killed after Seal set the sealed flag but before the rename
// leaves a sealed `.open` segment; one killed earlier an unsealed one. Both
// end up sealed under their `.seg` name, every record kept.
TEST_F(SegmentTest, SealLeftOpenFinishesAnInterruptedSealOrSeals) {
  const std::string sealed_path = WriteSegment(3);
  const std::string left_open = (dir_ / "s.open").string();
  fs::rename(sealed_path, left_open);  // the crash between the header and the rename
  Result<std::string> done = SealLeftOpen(left_open);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, sealed_path);
  EXPECT_FALSE(fs::exists(left_open));
  VectorReporter rep;
  EXPECT_EQ(ReadAll(sealed_path, rep).size(), 3u);
  EXPECT_TRUE(rep.reports.empty());

  const std::string unsealed = (dir_ / "u.open").string();
  {
    auto w = SegmentWriter::Create(unsealed, 2, 0);
    ASSERT_TRUE(w.ok());
    std::vector<ScanRecord> recs = {MakeRecord(0), MakeRecord(1)};
    ASSERT_TRUE((*w)->Append(recs).ok());
    ASSERT_TRUE((*w)->Sync().ok());
  }
  done = SealLeftOpen(unsealed);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(*done, (dir_ / "u.seg").string());
  auto reader = SegmentReader::Open(*done);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->header().sealed());
  EXPECT_EQ(ReadAll(*done, rep).size(), 2u);
}

TEST_F(SegmentTest, CreateRefusesAnExistingSegment) {
  const std::string open_path = (dir_ / "x.open").string();
  ASSERT_TRUE(SegmentWriter::Create(open_path, 1, 0).ok());
  EXPECT_EQ(SegmentWriter::Create(open_path, 1, 0).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(SegmentWriter::Create((dir_ / "x.seg").string(), 1, 0).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::scanlog
