// Times the per-request code check (parse + tag HMAC, constant-time compare) and
// the keyed user hash, without HTTP: the CPU floor of one verify request.
#include <chrono>
#include <cstdio>
#include <vector>

#include "src/codes/code_keys.h"
#include "src/crypto/user_key.h"

int main() {
  using namespace qrmark;
  std::vector<uint8_t> master(32, 7);
  codes::BatchKeys keys = *codes::DeriveBatchKeys(master, 1);
  std::vector<std::string> texts;
  for (uint64_t i = 0; i < 1000; ++i) texts.push_back(codes::FormatCode(codes::MintCode(keys, i)));
  const int kRounds = 100;
  auto t0 = std::chrono::steady_clock::now();
  int ok = 0;
  for (int r = 0; r < kRounds; ++r) {
    for (const std::string& t : texts) ok += codes::VerifyCode(keys, *codes::ParseCode(t));
  }
  auto t1 = std::chrono::steady_clock::now();
  uint64_t sink = 0;
  for (int r = 0; r < kRounds * 1000; ++r) sink += crypto::PseudonymousUserKey(master, "user-12345");
  auto t2 = std::chrono::steady_clock::now();
  double n = kRounds * 1000.0;
  std::printf("code check: %.2f us/code (%d ok)\nuser key:   %.2f us/hash (%llu)\n",
              std::chrono::duration<double, std::micro>(t1 - t0).count() / n, ok,
              std::chrono::duration<double, std::micro>(t2 - t1).count() / n,
              static_cast<unsigned long long>(sink % 10));
  return ok == kRounds * 1000 ? 0 : 1;
}
