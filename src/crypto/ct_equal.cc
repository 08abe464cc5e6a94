// Constant-time equality over OpenSSL's CRYPTO_memcmp.
#include "src/crypto/ct_equal.h"

#include <openssl/crypto.h>

namespace qrmark::crypto {

bool CtEqual(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace qrmark::crypto
