// HKDF-SHA256 (RFC 5869): derive independent keys from one master secret.
//
// Used to give each batch its own tag key (info = "qrmark tag v1" + batch)
// so that a leaked batch key says nothing about the master or other batches.
// Not a password hash: the input must already be high-entropy.
//
// Thread safety: pure functions; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_HKDF_H_
#define QRMARK_SRC_CRYPTO_HKDF_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "src/base/status.h"

namespace qrmark::crypto {

// PRK = HMAC-SHA256(salt, ikm); an empty salt means 32 zero bytes.
std::array<uint8_t, 32> HkdfExtract(std::span<const uint8_t> salt, std::span<const uint8_t> ikm);

// OKM of `length` bytes from `prk` and `info`; InvalidArgument when `length`
// is 0 or above 255 * 32 (RFC 5869's limit).
[[nodiscard]] Result<std::vector<uint8_t>> HkdfExpand(std::span<const uint8_t> prk,
                                                      std::span<const uint8_t> info, size_t length);

// Extract then expand.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(auto key, Hkdf({}, master, AsBytes("qrmark tag v1:B42"), 32));
[[nodiscard]] Result<std::vector<uint8_t>> Hkdf(std::span<const uint8_t> salt,
                                                std::span<const uint8_t> ikm,
                                                std::span<const uint8_t> info, size_t length);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_HKDF_H_
