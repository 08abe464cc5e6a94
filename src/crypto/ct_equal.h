// CtEqual: compare secrets (MAC tags, tokens) in time independent of content.
//
// The comparison time depends only on the lengths, which are not secret.
// Not an ordering: use it only for equality of secret-derived bytes.
//
// Thread safety: pure function; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_CT_EQUAL_H_
#define QRMARK_SRC_CRYPTO_CT_EQUAL_H_

#include <cstdint>
#include <span>

namespace qrmark::crypto {

// True iff `a` and `b` have the same length and bytes.
bool CtEqual(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_CT_EQUAL_H_
