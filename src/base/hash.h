// Deterministic mixing and the partition of keys across ranks.
//
// `Mix64` is a bijective 64-bit finaliser (splitmix64's): not cryptographic,
// only a way to spread keys evenly. Pseudonymous user keys come from a keyed
// HMAC (src/crypto), not from here.
//
// `OwnerOf` is a *range* partition of the mixed key space, so that sorting each
// rank's keys by `Mix64(key)` and concatenating the ranks in order gives the
// same global order for any number of ranks: output files do not depend on
// the rank count.
#ifndef QRMARK_SRC_BASE_HASH_H_
#define QRMARK_SRC_BASE_HASH_H_

#include <cstdint>

namespace qrmark {

constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Spreads serialised units (a serial within its batch) over hashed tables.
constexpr uint64_t MixUnit(uint64_t serial, uint32_t batch_id) {
  return Mix64(serial ^ Mix64(batch_id + 0x9E3779B97F4A7C15ull));
}

// The rank in [0, nranks) that owns `key`. Pure; no MPI.
constexpr int OwnerOf(uint64_t key, int nranks) {
  __extension__ using Wide = unsigned __int128;
  return static_cast<int>((static_cast<Wide>(Mix64(key)) * static_cast<uint64_t>(nranks)) >> 64);
}

// Strict weak order used for every per-user output: by mixed key, then key.
constexpr bool UserOrderLess(uint64_t a, uint64_t b) {
  const uint64_t ma = Mix64(a), mb = Mix64(b);
  return ma != mb ? ma < mb : a < b;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_HASH_H_
