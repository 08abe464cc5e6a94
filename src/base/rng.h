// A small, fast, seeded and splittable random number generator.
//
// xoshiro256** seeded through splitmix64: good enough for synthetic data,
// sampling and k-means seeding; not cryptographic (use src/crypto/random.h).
// Determinism: the same seed gives the same sequence on every platform, and
// `Rng::ForKey(seed, key)` gives an independent stream per item or user, so
// draws never depend on how work is split across ranks or threads.
//
// Thread safety: an Rng is a value; one per thread.
//
// Example:
//   Rng rng = Rng::ForKey(seed, user_key);
//   double u = rng.Uniform01();
//   uint64_t i = rng.Below(n);
#ifndef QRMARK_SRC_BASE_RNG_H_
#define QRMARK_SRC_BASE_RNG_H_

#include <cmath>
#include <cstdint>

#include "src/base/hash.h"

namespace qrmark {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      s = Mix64(seed);
    }
  }
  // An independent stream for `key` under `seed`.
  static Rng ForKey(uint64_t seed, uint64_t key) {
    return Rng(Mix64(seed) ^ Mix64(key + 0x632be59bd9b4e019ULL));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1), 53 random bits.
  double Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) for n > 0 (Lemire's multiply-shift, negligible bias).
  uint64_t Below(uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<uint64_t>((static_cast<Wide>(Next()) * n) >> 64);
  }
  // Standard normal (Box-Muller; one value per call).
  double Normal() {
    const double u1 = 1.0 - Uniform01(), u2 = Uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_RNG_H_
