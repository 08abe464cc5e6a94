// Test helpers for the verifier (see test_env.h).
#include "tests/verifyd/test_env.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "io/snapshot/manifest.h"
#include "src/base/civil_time.h"
#include "src/codes/keys_dir.h"
#include "src/crypto/ed25519.h"
#include "src/crypto/key_files.h"
#include "src/crypto/random.h"

namespace qrmark::verifyd::testing {

std::string FreshDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "qrmark_" + name + "_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void MakeKeysDir(const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::vector<uint8_t> secret(32);
  ASSERT_TRUE(crypto::RandomBytes(secret).ok());
  ASSERT_TRUE(crypto::WriteSecretFile(dir + "/" + codes::kTagMasterFile, secret).ok());
  ASSERT_TRUE(crypto::RandomBytes(secret).ok());
  ASSERT_TRUE(crypto::WriteSecretFile(dir + "/" + codes::kUserHashFile, secret).ok());
  auto key = crypto::GenerateEd25519KeyPair();
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(crypto::WriteEd25519PrivateKeyFile(dir + "/" + codes::kSigningKeyFile, *key).ok());
  ASSERT_TRUE(crypto::WriteEd25519PublicKeyFile(dir + "/" + codes::kSigningPublicFile,
                                                key->public_key).ok());
}

codes::BatchEntry AddBatch(const std::string& keys_dir, const std::string& registry,
                           uint32_t batch, uint64_t count, int produced_days_ago,
                           int shelf_life_days, const std::string& gtin) {
  int64_t today = FloorToDay(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
  codes::BatchEntry e;
  e.batch = batch;
  e.product = 1000 + batch;
  e.gtin = gtin;
  e.count = count;
  e.produced_unix = today - int64_t{produced_days_ago} * kSecondsPerDay;
  e.expiry_unix = e.produced_unix + int64_t{shelf_life_days} * kSecondsPerDay;
  auto key = codes::ReadSigningKey(keys_dir);
  EXPECT_TRUE(key.ok());
  EXPECT_TRUE(codes::AppendEntry(registry, e, *key).ok());
  return e;
}

std::string CodeOf(const std::string& keys_dir, uint32_t batch, uint64_t index) {
  auto master = codes::ReadTagMaster(keys_dir);
  auto keys = codes::DeriveBatchKeys(*master, batch);
  return codes::FormatCode(codes::MintCode(*keys, index));
}

void PublishSnapshot(const std::string& root, const std::string& id, const std::string& segment,
                     const crypto::Ed25519KeyPair& key) {
  std::string dir = root + "/snapshots/" + id;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/users.csv") << "user_key,tier,segment,r_score\r\n"
                                    << "123,Gold," << segment << ",5\r\n"
                                    << "456,Silver,\"at risk, lapsing\",2\r\n";
  std::ofstream(dir + "/user_tags.csv") << "user_key,tag,weight\r\n123,tea,0.5\r\n123,gift,0.25\r\n";
  auto m = snapshot::ComputeManifest(dir, id, "2026-11-23T00:00:00Z");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_TRUE(snapshot::WriteSignedManifest(dir, *m, key).ok());
  std::filesystem::remove(root + "/latest.tmp");
  std::filesystem::create_directory_symlink("snapshots/" + id, root + "/latest.tmp");
  std::filesystem::rename(root + "/latest.tmp", root + "/latest");
}

HttpReply HttpGet(uint16_t port, const std::string& target, const std::vector<std::string>& headers) {
  HttpReply reply;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return reply;
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  req += "\r\n";
  for (size_t sent = 0; sent < req.size();) {
    ssize_t n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  size_t end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  reply.body = raw.substr(end + 4);
  return reply;
}

}  // namespace qrmark::verifyd::testing
