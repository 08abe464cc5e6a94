// Tests of src/verifyd/scan_log.h: durability before done, group commit,
// recovery of counts and torn tails, rotation.
#include "src/verifyd/scan_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "io/scanlog/segment_reader.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;

ScanRecord Scan(uint32_t batch, uint64_t serial, int64_t ts, uint16_t region = 0) {
  ScanRecord r{};
  r.batch_id = batch;
  r.serial = serial;
  r.ts_unix_ms = ts;
  r.region = region;
  return r;
}

ScanLogOptions Options(const std::string& dir) {
  ScanLogOptions o;
  o.dir = dir;
  return o;
}

// Submits and waits for the durable result.
Result<LoggedScan> SubmitAndWait(ScanLog& log, const ScanRecord& r) {
  std::promise<Result<LoggedScan>> p;
  log.Submit(r, [](const UnitHistory& h) { return uint8_t(h.scans == 0 ? 1 : 2); },
             [&](Result<LoggedScan> s) { p.set_value(std::move(s)); });
  return p.get_future().get();
}

std::vector<ScanRecord> ReadAll(const std::string& dir) {
  struct Quiet : scanlog::Reporter {
    void Corruption(uint64_t, std::string_view) override {}
  } quiet;
  std::vector<ScanRecord> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto reader = scanlog::SegmentReader::Open(e.path().string());
    EXPECT_TRUE(reader.ok());
    auto range = scanlog::RecordRangeOf((*reader)->file_size(), 0, 1);
    EXPECT_TRUE((*reader)->Read(range, quiet, [&](std::span<const ScanRecord> r,
                                                  std::span<const uint64_t>) {
      out.insert(out.end(), r.begin(), r.end());
    }).ok());
  }
  return out;
}

TEST(ScanLog, RecordIsOnDiskWhenDoneIsCalled) {
  std::string dir = testing::FreshDir("scanlog_durable");
  auto log = ScanLog::Open(Options(dir));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  Result<LoggedScan> s = SubmitAndWait(**log, Scan(1, 77, 1000));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->record.flags, 1);
  std::vector<ScanRecord> on_disk = ReadAll(dir);  // before Close: the .open segment
  ASSERT_EQ(on_disk.size(), 1u);
  EXPECT_EQ(on_disk[0].scan_id, s->record.scan_id);
  EXPECT_EQ(on_disk[0].serial, 77u);
}

TEST(ScanLog, CountsAndFirstScanSurviveARestart) {
  std::string dir = testing::FreshDir("scanlog_restart");
  uint64_t last_id = 0;
  {
    auto log = ScanLog::Open(Options(dir));
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 3; ++i) last_id = SubmitAndWait(**log, Scan(1, 5, 1000 + i, 31))->record.scan_id;
    ASSERT_TRUE((*log)->Close().ok());
  }
  auto log = ScanLog::Open(Options(dir));
  ASSERT_TRUE(log.ok());
  UnitHistory h = (*log)->History(1, 5);
  EXPECT_EQ(h.scans, 3u);
  EXPECT_EQ(h.first_ts_ms, 1000);
  EXPECT_EQ(h.first_region, 31);
  Result<LoggedScan> next = SubmitAndWait(**log, Scan(1, 5, 2000));
  EXPECT_EQ(next->record.flags, 2);
  EXPECT_GT(next->record.scan_id, last_id);  // ids never reused
}

TEST(ScanLog, CrashLeftoverIsCutAtTheTornTailAndSealed) {
  std::string dir = testing::FreshDir("scanlog_torn");
  std::string crashed = testing::FreshDir("scanlog_torn_copy");
  {
    auto log = ScanLog::Open(Options(dir));
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(SubmitAndWait(**log, Scan(2, i, 1)).ok());
    for (const auto& e : fs::directory_iterator(dir)) {  // the state a SIGKILL leaves
      fs::copy_file(e.path(), crashed + "/" + e.path().filename().string());
    }
  }
  for (const auto& e : fs::directory_iterator(crashed)) {
    std::ofstream(e.path(), std::ios::app) << "torn-half-record";
  }
  auto log = ScanLog::Open(Options(crashed));
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ((*log)->recovery().sealed_on_start, 1u);
  EXPECT_EQ((*log)->recovery().records, 2u);
  EXPECT_EQ((*log)->History(2, 1).scans, 1u);
}

TEST(ScanLog, SegmentsRotateByRecordCount) {
  std::string dir = testing::FreshDir("scanlog_rotate");
  ScanLogOptions o = Options(dir);
  o.max_segment_records = 2;
  auto log = ScanLog::Open(o);
  ASSERT_TRUE(log.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(SubmitAndWait(**log, Scan(3, i, 1)).ok());
  ASSERT_TRUE((*log)->Close().ok());
  int sealed = 0;
  for (const auto& e : fs::directory_iterator(dir)) sealed += e.path().extension() == ".seg";
  EXPECT_GE(sealed, 3);
  EXPECT_EQ(ReadAll(dir).size(), 5u);
}

TEST(ScanLog, ConcurrentScansShareCommitsAndCountExactly) {
  std::string dir = testing::FreshDir("scanlog_group");
  std::atomic<int> commits{0};
  ScanLogOptions o = Options(dir);
  o.commit_interval_us = 2000;
  o.on_commit = [&](int64_t, size_t, uint64_t) { ++commits; };
  auto log = ScanLog::Open(o);
  ASSERT_TRUE(log.ok());
  std::atomic<int> firsts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) firsts += SubmitAndWait(**log, Scan(4, i, 1))->record.flags == 1;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(firsts.load(), 25);  // each unit is genuine exactly once
  EXPECT_LT(commits.load(), 200);
  EXPECT_EQ((*log)->History(4, 0).scans, 8u);
}

TEST(ScanLog, CloseWithoutScansLeavesNoEmptySegment) {
  std::string dir = testing::FreshDir("scanlog_empty");
  auto log = ScanLog::Open(Options(dir));
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Close().ok());
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(ScanLog, SubmitAfterCloseFailsCleanly) {
  std::string dir = testing::FreshDir("scanlog_closed");
  auto log = ScanLog::Open(Options(dir));
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Close().ok());
  EXPECT_FALSE(SubmitAndWait(**log, Scan(1, 1, 1)).ok());
}

}  // namespace
}  // namespace qrmark::verifyd
