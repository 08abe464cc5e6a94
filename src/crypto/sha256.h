// SHA-256 (FIPS 180-4) over bytes, streamed or one-shot, and hex formatting.
//
// For file integrity (the snapshot manifest) and fingerprints. Not a MAC:
// for keyed integrity use HmacSha256 (src/crypto/hmac.h).
//
// Thread safety: a Sha256Hasher is used by one thread at a time; the free
// functions are safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_SHA256_H_
#define QRMARK_SRC_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "src/base/status.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header.

namespace qrmark::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

// Incremental SHA-256. Update any number of times, then Finish once; after
// Finish the hasher starts over as if new.
//
// Example:
//   Sha256Hasher h;
//   h.Update(AsBytes("ab"));
//   h.Update(AsBytes("c"));
//   std::string hex = ToHex(h.Finish());  // "ba7816bf..."
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  // Moves the state (the bytes hashed so far); the moved-from hasher may
  // only be destroyed or assigned to.
  Sha256Hasher(Sha256Hasher&& other) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&& other) noexcept;

  void Update(std::span<const uint8_t> data);
  Sha256Digest Finish();

 private:
  evp_md_ctx_st* ctx_;
};

// SHA-256 of `data` in one call.
Sha256Digest Sha256(std::span<const uint8_t> data);

// SHA-256 of the whole file at `path`, read in blocks; NotFound/IoError
// naming the path when it cannot be read.
[[nodiscard]] Result<Sha256Digest> Sha256File(const std::string& path);

// Feeds the bytes of the file at `path` from `offset` to its end into
// `hasher`, read in blocks, and returns the file's size: to finish a digest
// begun from the file's first `offset` bytes held in memory. NotFound /
// IoError naming the path when it cannot be read or is shorter than
// `offset`.
[[nodiscard]] Result<uint64_t> Sha256FileFrom(const std::string& path, uint64_t offset,
                                              Sha256Hasher& hasher);
// As Sha256FileFrom, but no more than `max_bytes` of them: the number of
// bytes fed (fewer than `max_bytes` only at the file's end). On an error
// the hasher may have been fed part of the bytes: start again.
[[nodiscard]] Result<uint64_t> Sha256FilePart(const std::string& path, uint64_t offset, uint64_t max_bytes,
                                              Sha256Hasher& hasher);

// Lower-case hex, two characters per byte.
std::string ToHex(std::span<const uint8_t> bytes);

// The bytes of `s`, for hashing text without copies.
inline std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_SHA256_H_
