// HMAC-SHA256 over OpenSSL's one-shot HMAC().
#include "src/crypto/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cassert>

namespace qrmark::crypto {

std::array<uint8_t, 32> HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> msg) {
  // OpenSSL rejects a null key pointer even with length 0.
  static const uint8_t kEmpty = 0;
  std::array<uint8_t, 32> mac{};
  unsigned int len = 0;
  [[maybe_unused]] unsigned char* out =
      HMAC(EVP_sha256(), key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
           msg.data(), msg.size(), mac.data(), &len);
  assert(out != nullptr && len == mac.size());
  return mac;
}

}  // namespace qrmark::crypto
