// HKDF per-batch keys, the Feistel serial permutation and HMAC tags.
#include "src/codes/code_keys.h"

#include <algorithm>
#include <string>
#include <vector>

#include "src/crypto/ct_equal.h"
#include "src/crypto/hkdf.h"
#include "src/crypto/hmac.h"

namespace qrmark::codes {
namespace {

constexpr int kRounds = 6;
constexpr uint64_t kHalfMask = (uint64_t{1} << 20) - 1;

std::span<const uint8_t> Bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Round function: 20 bits of HMAC(serial_key, round ‖ half).
uint64_t RoundValue(const BatchKeys& keys, int round, uint64_t half) {
  std::array<uint8_t, 4> msg = {static_cast<uint8_t>(round), static_cast<uint8_t>(half >> 16),
                                static_cast<uint8_t>(half >> 8), static_cast<uint8_t>(half)};
  auto mac = crypto::HmacSha256(keys.serial_key, msg);
  return ((uint64_t{mac[0]} << 16) | (uint64_t{mac[1]} << 8) | mac[2]) & kHalfMask;
}

Result<std::array<uint8_t, 32>> Derive(std::span<const uint8_t> master, const std::string& info) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> okm, crypto::Hkdf({}, master, Bytes(info), 32));
  std::array<uint8_t, 32> key;
  std::copy(okm.begin(), okm.end(), key.begin());
  return key;
}

}  // namespace

Result<BatchKeys> DeriveBatchKeys(std::span<const uint8_t> master, uint32_t batch) {
  if (master.size() < 32) {
    return InvalidArgument("tag master secret must be at least 32 bytes, got " +
                           std::to_string(master.size()));
  }
  BatchKeys keys;
  keys.batch = batch;
  QRMARK_ASSIGN_OR_RETURN(keys.tag_key, Derive(master, "qrmark tag v1:" + std::to_string(batch)));
  QRMARK_ASSIGN_OR_RETURN(keys.serial_key,
                          Derive(master, "qrmark serial v1:" + std::to_string(batch)));
  return keys;
}

uint64_t SerialOfIndex(const BatchKeys& keys, uint64_t index) {
  uint64_t left = (index >> 20) & kHalfMask, right = index & kHalfMask;
  for (int r = 0; r < kRounds; ++r) {
    uint64_t next = left ^ RoundValue(keys, r, right);
    left = right;
    right = next;
  }
  return (left << 20) | right;
}

uint64_t IndexOfSerial(const BatchKeys& keys, uint64_t serial) {
  uint64_t left = (serial >> 20) & kHalfMask, right = serial & kHalfMask;
  for (int r = kRounds - 1; r >= 0; --r) {
    uint64_t prev = right ^ RoundValue(keys, r, left);
    right = left;
    left = prev;
  }
  return (left << 20) | right;
}

Tag ComputeTag(const BatchKeys& keys, uint64_t serial) {
  std::array<uint8_t, 12> msg{};
  for (int i = 0; i < 4; ++i) msg[i] = static_cast<uint8_t>(keys.batch >> (8 * (3 - i)));
  for (int i = 0; i < 8; ++i) msg[4 + i] = static_cast<uint8_t>(serial >> (8 * (7 - i)));
  auto mac = crypto::HmacSha256(keys.tag_key, msg);
  Tag tag;
  std::copy(mac.begin(), mac.begin() + kTagBytes, tag.begin());
  return tag;
}

Code MintCode(const BatchKeys& keys, uint64_t index) {
  Code code;
  code.batch = keys.batch;
  code.serial = SerialOfIndex(keys, index);
  code.tag = ComputeTag(keys, code.serial);
  return code;
}

bool VerifyCode(const BatchKeys& keys, const Code& code) {
  if (code.batch != keys.batch || code.serial >= kSerialSpace) return false;
  return crypto::CtEqual(ComputeTag(keys, code.serial), code.tag);
}

}  // namespace qrmark::codes
