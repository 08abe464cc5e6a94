// HMAC-SHA256 (RFC 2104): keyed integrity for code tags and user keys.
//
// Compare tags with CtEqual (src/crypto/ct_equal.h), never with ==.
// Truncate only to ≥ 10 bytes (80 bits, RFC 2104's floor).
//
// Thread safety: pure function; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_HMAC_H_
#define QRMARK_SRC_CRYPTO_HMAC_H_

#include <array>
#include <cstdint>
#include <span>

namespace qrmark::crypto {

// HMAC-SHA256 of `msg` under `key` (any length; empty allowed).
//
// Example:
//   auto tag = HmacSha256(batch_key, AsBytes(serial));
std::array<uint8_t, 32> HmacSha256(std::span<const uint8_t> key, std::span<const uint8_t> msg);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_HMAC_H_
