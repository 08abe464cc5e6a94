// The no-loss acceptance test: client threads verify codes against the real
// daemon while it is killed with SIGKILL at random moments, several times.
// After each restart the answered counts must agree with the log, and in the
// end every scan whose response was received is in the log exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "io/scanlog/segment_reader.h"
#include "src/codes/code_format.h"
#include "tests/verifyd/daemon_process.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;

// Every good record in every segment of `dir` (sealed or open).
std::vector<ScanRecord> ReadLog(const std::string& dir) {
  struct Quiet : scanlog::Reporter {
    void Corruption(uint64_t, std::string_view) override {}
  } quiet;
  std::vector<ScanRecord> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto reader = scanlog::SegmentReader::Open(e.path().string());
    if (!reader.ok()) continue;  // a header being created right now
    auto range = scanlog::RecordRangeOf((*reader)->file_size(), 0, 1);
    EXPECT_TRUE((*reader)->Read(range, quiet, [&](std::span<const ScanRecord> r,
                                                  std::span<const uint64_t>) {
      out.insert(out.end(), r.begin(), r.end());
    }).ok());
  }
  return out;
}

uint64_t JsonNumber(const std::string& body, const std::string& key) {
  size_t at = body.find("\"" + key + "\":");
  return at == std::string::npos ? 0 : std::stoull(body.substr(at + key.size() + 3));
}

TEST(NoLoss, EveryAcknowledgedScanIsInTheLogExactlyOnceAcrossSigkills) {
  std::string dir = testing::FreshDir("noloss");
  std::string keys = dir + "/keys", registry = dir + "/registry.tsv", log = dir + "/log";
  testing::MakeKeysDir(keys);
  testing::AddBatch(keys, registry, 5, 40, 1, 30);
  std::vector<std::string> codes;
  for (int i = 0; i < 40; ++i) codes.push_back(testing::CodeOf(keys, 5, i));
  std::vector<std::string> args = {"--keys", keys, "--registry", registry, "--scan-log", log,
                                   "--threads", "2", "--commit-interval-us", "300",
                                   "--segment-records", "300"};
  std::mutex mu;
  std::map<uint64_t, uint64_t> acked;  // scan_id → serial
  std::mt19937 rng(20261123);
  for (int round = 0; round < 4; ++round) {
    testing::DaemonProcess d(args);
    ASSERT_TRUE(d.running());
    std::map<uint64_t, uint64_t> per_serial;
    for (const ScanRecord& r : ReadLog(log)) ++per_serial[r.serial];
    for (int k = 0; k < 3; ++k) {  // counts answered after a restart agree with the log
      uint64_t serial = codes::ParseCode(codes[k])->serial;
      testing::HttpReply reply = testing::HttpGet(d.port(), "/v1/verify/" + codes[k]);
      ASSERT_EQ(reply.status, 200) << reply.body;
      EXPECT_EQ(JsonNumber(reply.body, "scan_count"), per_serial[serial] + 1) << "round " << round;
      acked[JsonNumber(reply.body, "scan_id")] = serial;
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&, t] {
        for (int i = t; !stop; i += 7) {
          const std::string& code = codes[i % codes.size()];
          testing::HttpReply reply = testing::HttpGet(d.port(), "/v1/verify/" + code);
          if (reply.status != 200) continue;
          std::lock_guard<std::mutex> lock(mu);
          bool fresh = acked.emplace(JsonNumber(reply.body, "scan_id"),
                                     codes::ParseCode(code)->serial).second;
          EXPECT_TRUE(fresh) << "scan id acknowledged twice";
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 250));
    d.Kill();
    stop = true;
    for (auto& c : clients) c.join();
  }
  { testing::DaemonProcess final_start(args); }  // recovery seals the last open segment
  std::map<uint64_t, int> in_log;
  std::map<uint64_t, uint64_t> serial_of;
  for (const ScanRecord& r : ReadLog(log)) {
    ++in_log[r.scan_id];
    serial_of[r.scan_id] = r.serial;
  }
  std::printf("%zu scans acknowledged, %zu in the log\n", acked.size(), in_log.size());
  ASSERT_GT(acked.size(), 50u);
  for (const auto& [id, serial] : acked) {
    ASSERT_EQ(in_log[id], 1) << "acknowledged scan " << id << " not in the log exactly once";
    EXPECT_EQ(serial_of[id], serial);
  }
  for (const auto& [id, n] : in_log) EXPECT_EQ(n, 1) << "scan id " << id << " logged twice";
}

}  // namespace
}  // namespace qrmark::verifyd
