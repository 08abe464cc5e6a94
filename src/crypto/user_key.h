// The pseudonymous user key: what every qrmark program stores instead of an
// app's user id, so that the daemon's scan log, CSV imports through the job
// and the CRM all name a user by the same 64-bit number.
//
// key(id) = the first 8 bytes of HMAC-SHA256(user_hash.key, id), read as a
// big-endian number; 0 is reserved for "no user" (an empty id), so a hash
// that comes out 0 is stored as 1.
//
// Example:
//   uint64_t user = PseudonymousUserKey(user_hash_key, "wx:o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
//
// Thread safety: pure function; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_USER_KEY_H_
#define QRMARK_SRC_CRYPTO_USER_KEY_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace qrmark::crypto {

uint64_t PseudonymousUserKey(std::span<const uint8_t> key, std::string_view user_id);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_USER_KEY_H_
