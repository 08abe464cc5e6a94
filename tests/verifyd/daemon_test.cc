// Process-level tests of qrmark-verifyd on 127.0.0.1: HTTP with curl,
// keep-alive, SIGTERM drain, registry reload, limits, and the QR round trip
// (qrmark issue --png → zbarimg → GET → genuine, then repeat).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <thread>

#include "src/codes/keys_dir.h"
#include "src/crypto/key_files.h"

#include "tests/verifyd/daemon_process.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;
using testing::DaemonProcess;
using testing::Shell;

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::FreshDir("daemon");
    keys_ = dir_ + "/keys";
    testing::MakeKeysDir(keys_);
    registry_ = dir_ + "/registry.tsv";
  }
  std::vector<std::string> Args(std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"--keys", keys_, "--registry", registry_, "--scan-log",
                                  dir_ + "/log", "--threads", "2", "--poll-interval-ms", "100"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::string Url(const DaemonProcess& d, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(d.port()) + path;
  }
  std::string dir_, keys_, registry_;
};

TEST_F(DaemonTest, CurlGetsVerdictsOverOneKeepAliveConnectionAndSigtermSealsTheLog) {
  testing::AddBatch(keys_, registry_, 1, 5, 1, 30);
  DaemonProcess d(Args());
  ASSERT_TRUE(d.running());
  std::string url = Url(d, "/v1/verify/" + testing::CodeOf(keys_, 1, 0));
  std::string out = Shell("curl -sv '" + url + "' '" + url + "' 2>&1");
  EXPECT_NE(out.find("\"verdict\":\"genuine\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"verdict\":\"repeat\""), std::string::npos) << out;
  EXPECT_NE(out.find("Re-using existing connection"), std::string::npos) << out;
  EXPECT_EQ(Shell("curl -s -o /dev/null -w '%{http_code}' " + Url(d, "/healthz")), "200");
  EXPECT_EQ(d.Terminate(), 0);
  int sealed = 0, open = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/log")) {
    sealed += e.path().extension() == ".seg";
    open += e.path().extension() == ".open";
  }
  EXPECT_EQ(open, 0);
  EXPECT_GE(sealed, 1);
}

TEST_F(DaemonTest, SigtermFinishesTheScanInFlightBeforeExiting) {
  testing::AddBatch(keys_, registry_, 2, 5, 1, 30);
  DaemonProcess d(Args({"--commit-interval-us", "400000"}));  // the scan waits 0.4 s for its group
  ASSERT_TRUE(d.running());
  testing::HttpReply reply;
  std::thread client([&] {
    reply = testing::HttpGet(d.port(), "/v1/verify/" + testing::CodeOf(keys_, 2, 0));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(d.Terminate(), 0);
  client.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find("\"verdict\":\"genuine\""), std::string::npos) << reply.body;
}

TEST_F(DaemonTest, QrImageRoundTripIsGenuineThenRepeatWithFirstScan) {
  if (Shell("command -v zbarimg").empty()) GTEST_SKIP() << "zbarimg (zbar-tools) not installed";
  std::string issue = std::string(QRMARK_ADMIN_BIN) + " issue --batch 7 --product 70 --count 2 "
                      "--produced 2026-01-01 --shelf-life-days 3650 --png " + dir_ + "/png --keys " +
                      keys_ + " --registry " + registry_ + " --out " + dir_ + "/codes.csv";
  ASSERT_EQ(std::system(issue.c_str()), 0);
  DaemonProcess d(Args());
  ASSERT_TRUE(d.running());
  std::string png = fs::directory_iterator(dir_ + "/png")->path().string();
  std::string decoded = Shell("zbarimg -q --raw '" + png + "' 2>/dev/null");
  ASSERT_EQ(decoded.rfind("HTTPS://QR.EXAMPLE.COM/Q/", 0), 0u) << decoded;
  std::string path = decoded.substr(std::string("HTTPS://QR.EXAMPLE.COM").size());
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  std::string first = Shell("curl -s -H 'X-Region: 44' '" + Url(d, path) + "'");
  EXPECT_NE(first.find("正品"), std::string::npos) << first;
  std::string json = Shell("curl -s '" + Url(d, "/v1/verify/" + path.substr(3)) + "'");
  EXPECT_NE(json.find("\"verdict\":\"repeat\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"scan_count\":2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"region\":44"), std::string::npos) << json;
}

TEST_F(DaemonTest, RecallIsAnswered410AfterTheRegistryChanges) {
  testing::AddBatch(keys_, registry_, 9, 5, 1, 30);
  DaemonProcess d(Args());
  std::string url = Url(d, "/v1/verify/" + testing::CodeOf(keys_, 9, 1));
  EXPECT_EQ(Shell("curl -s -o /dev/null -w '%{http_code}' " + url), "200");
  std::string recall = std::string(QRMARK_ADMIN_BIN) + " batch recall 9 --keys " + keys_ +
                       " --registry " + registry_ + " >/dev/null";
  ASSERT_EQ(std::system(recall.c_str()), 0);
  std::string code;
  for (int i = 0; i < 40 && code != "410"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    code = Shell("curl -s -o /dev/null -w '%{http_code}' " + url);
  }
  EXPECT_EQ(code, "410");
}

TEST_F(DaemonTest, SlowAndOversizedRequestsAreCutOff) {
  DaemonProcess d(Args({"--idle-timeout-ms", "300", "--max-request-bytes", "2048"}));
  ASSERT_TRUE(d.running());
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(d.port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_GT(send(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n", 32, MSG_NOSIGNAL), 0);
  auto start = std::chrono::steady_clock::now();
  char buf[256];
  ssize_t n = recv(fd, buf, sizeof buf, 0);  // the server closes the slow connection
  EXPECT_LE(n, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  close(fd);
  EXPECT_EQ(testing::HttpGet(d.port(), "/v1/verify/" + std::string(1 << 20, 'A')).status, 431);
  std::vector<std::string> many(80, "X-Pad: 1");
  EXPECT_EQ(testing::HttpGet(d.port(), "/healthz", many).status, 431);
  EXPECT_EQ(testing::HttpGet(d.port(), "/healthz").status, 200);
}

TEST_F(DaemonTest, ConnectionsBeyondTheLimitAreClosedAtOnce) {
  DaemonProcess d(Args({"--max-connections", "2"}));
  ASSERT_TRUE(d.running());
  auto open_connection = [&] {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(d.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return fd;
  };
  int a = open_connection(), b = open_connection();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(testing::HttpGet(d.port(), "/healthz").status, 0);  // third: closed unanswered
  close(a);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(testing::HttpGet(d.port(), "/healthz").status, 200);
  close(b);
}

TEST_F(DaemonTest, NewSnapshotIsServedWhenLatestMovesAndABadOneIsRefused) {
  std::string root = dir_ + "/snapshots_root";
  fs::create_directories(root);
  auto key = codes::ReadSigningKey(keys_);
  ASSERT_TRUE(key.ok());
  testing::PublishSnapshot(root, "s1", "Champions", *key);
  std::string token = dir_ + "/token";
  ASSERT_TRUE(crypto::WriteSecretFile(token, std::vector<uint8_t>{'t', 'k', '\n'}).ok());
  DaemonProcess d(Args({"--snapshot-root", root, "--token-file", token}));
  ASSERT_TRUE(d.running());
  auto portrait = [&] {
    return testing::HttpGet(d.port(), "/v1/users/123/portrait", {"Authorization: Bearer tk"});
  };
  EXPECT_NE(portrait().body.find("Champions"), std::string::npos);
  testing::PublishSnapshot(root, "s2", "Loyal", *key);
  std::string body;
  for (int i = 0; i < 40 && body.find("Loyal") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    body = portrait().body;
  }
  EXPECT_NE(body.find("\"snapshot_id\":\"s2\""), std::string::npos) << body;
  testing::PublishSnapshot(root, "s3", "Forged", *key);
  std::ofstream(root + "/snapshots/s3/users.csv", std::ios::app) << "789,Gold,x,1\r\n";
  kill(d.pid(), SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_NE(portrait().body.find("Loyal"), std::string::npos);  // s3 refused, s2 still served
  EXPECT_EQ(testing::HttpGet(d.port(), "/v1/users/123/portrait").status, 401);
}

}  // namespace
}  // namespace qrmark::verifyd
