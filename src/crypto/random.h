// RandomBytes: cryptographically secure random bytes (OpenSSL's DRBG).
//
// For keys, secrets and unguessable serials. Not for simulation: synthetic
// data and k-means draws use seeded, reproducible generators instead.
//
// Thread safety: safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_RANDOM_H_
#define QRMARK_SRC_CRYPTO_RANDOM_H_

#include <cstdint>
#include <span>

#include "src/base/status.h"

namespace qrmark::crypto {

// Fills `out`; an Internal status when the generator is not seeded.
[[nodiscard]] Status RandomBytes(std::span<uint8_t> out);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_RANDOM_H_
