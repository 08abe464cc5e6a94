// PseudonymousUserKey over HmacSha256.
#include "src/crypto/user_key.h"

#include <array>

#include "src/crypto/hmac.h"

namespace qrmark::crypto {

uint64_t PseudonymousUserKey(std::span<const uint8_t> key, std::string_view user_id) {
  if (user_id.empty()) return 0;
  const std::array<uint8_t, 32> mac =
      HmacSha256(key, {reinterpret_cast<const uint8_t*>(user_id.data()), user_id.size()});
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | mac[static_cast<size_t>(i)];
  return v == 0 ? 1 : v;
}

}  // namespace qrmark::crypto
