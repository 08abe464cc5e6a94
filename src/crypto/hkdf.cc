// HKDF-SHA256 written from RFC 5869 §2.2-2.3 over HmacSha256.
#include "src/crypto/hkdf.h"

#include <string>

#include "src/crypto/hmac.h"

namespace qrmark::crypto {

std::array<uint8_t, 32> HkdfExtract(std::span<const uint8_t> salt, std::span<const uint8_t> ikm) {
  static const std::array<uint8_t, 32> kZeroSalt{};
  return HmacSha256(salt.empty() ? std::span<const uint8_t>(kZeroSalt) : salt, ikm);
}

Result<std::vector<uint8_t>> HkdfExpand(std::span<const uint8_t> prk, std::span<const uint8_t> info,
                                        size_t length) {
  constexpr size_t kHashLen = 32;
  if (length == 0 || length > 255 * kHashLen) {
    return InvalidArgument("hkdf: output length " + std::to_string(length) + " is outside 1.." +
                           std::to_string(255 * kHashLen));
  }
  std::vector<uint8_t> okm;
  okm.reserve(length);
  std::vector<uint8_t> block;  // T(i-1) || info || i
  std::array<uint8_t, kHashLen> t{};
  for (uint8_t i = 1; okm.size() < length; ++i) {
    block.assign(okm.empty() ? t.end() : t.begin(), t.end());
    block.insert(block.end(), info.begin(), info.end());
    block.push_back(i);
    t = HmacSha256(prk, block);
    size_t take = std::min(kHashLen, length - okm.size());
    okm.insert(okm.end(), t.begin(), t.begin() + take);
  }
  return okm;
}

Result<std::vector<uint8_t>> Hkdf(std::span<const uint8_t> salt, std::span<const uint8_t> ikm,
                                  std::span<const uint8_t> info, size_t length) {
  std::array<uint8_t, 32> prk = HkdfExtract(salt, ikm);
  return HkdfExpand(prk, info, length);
}

}  // namespace qrmark::crypto
