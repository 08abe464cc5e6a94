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

// A range of 64-bit keys: every key k in it has lo <= k <= hi.
struct KeyRange {
  uint64_t lo = 0, hi = UINT64_MAX;
};

// The mixed keys Mix64(key) of the keys that OwnerOf gives `rank`: its
// slice of the mixed key space. Pure; no MPI.
constexpr KeyRange MixedKeysOwnedBy(int rank, int nranks) {
  __extension__ using Wide = unsigned __int128;
  const auto n = static_cast<uint64_t>(nranks);
  // The least mixed key m with m * n >= r * 2^64, OwnerOf's rank r onwards.
  const auto first = [n](uint64_t r) { return static_cast<uint64_t>(((static_cast<Wide>(r) << 64) + n - 1) / n); };
  const auto r = static_cast<uint64_t>(rank);
  return {first(r), r + 1 == n ? UINT64_MAX : first(r + 1) - 1};
}

// Strict weak order used for every per-user output: by mixed key, then key.
constexpr bool UserOrderLess(uint64_t a, uint64_t b) {
  const uint64_t ma = Mix64(a), mb = Mix64(b);
  return ma != mb ? ma < mb : a < b;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_HASH_H_
