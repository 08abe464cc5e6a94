// Points for k-means: a row-major coordinate array plus one user key per row,
// the keyed uniform draw that makes sampling independent of ranks and
// threads, and exact fixed-point scaling for sums that feed decisions.
//
// `KeyedUniform` is a hash, not a stream: the same (key, seed, round) gives
// the same number on any rank. Not cryptographic. Pure; thread-safe.
#ifndef QRMARK_SRC_KMEANS_POINTS_H_
#define QRMARK_SRC_KMEANS_POINTS_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "src/base/hash.h"

namespace qrmark::kmeans {

struct PointSet {
  std::span<const double> coords;  // size() * dims, row-major
  std::span<const uint64_t> keys;  // one per row, unique across ranks
  size_t dims = 0;
  size_t size() const { return keys.size(); }
  const double* row(size_t i) const { return coords.data() + i * dims; }
};

inline double SquaredDistance(const double* a, const double* b, size_t dims) {
  double s = 0;
  for (size_t d = 0; d < dims; ++d) s += (a[d] - b[d]) * (a[d] - b[d]);
  return s;
}

// A uniform double in (0, 1] from (key, seed, round); in two parts for a
// loop over keys: the (seed, round) salt once, then a key's draw from it.
inline uint64_t KeyedUniformSalt(uint64_t seed, uint64_t round) {
  return Mix64(seed ^ Mix64(round ^ 0x6b6d65616e73ULL));
}
inline double SaltedUniform(uint64_t key, uint64_t salt) {
  // Through int64 (the value is at most 2^53): a signed conversion has no
  // branch, so loops over keys vectorize.
  return static_cast<double>(static_cast<int64_t>((Mix64(key ^ salt) >> 11) + 1)) * 0x1.0p-53;
}
inline double KeyedUniform(uint64_t key, uint64_t seed, uint64_t round) {
  return SaltedUniform(key, KeyedUniformSalt(seed, round));
}

// Fixed-point exponent e such that `n_terms` values of magnitude <= `max_abs`,
// each scaled by 2^e and rounded, sum without overflow in int64 (< 2^62).
// Depends only on its (global) arguments, so every rank picks the same e.
inline int FixedExponent(double max_abs, int64_t n_terms) {
  int p = 0, b = 0;
  std::frexp(max_abs > 0 ? max_abs : 1.0, &p);                     // max_abs < 2^p
  std::frexp(static_cast<double>(n_terms > 0 ? n_terms : 1), &b);  // n_terms < 2^b
  return 61 - p - b;
}
// The scale 2^e; multiplying or dividing by it is exact (barring underflow).
inline double Pow2(int e) { return std::ldexp(1.0, e); }
// x * scale rounded half away from zero; plain arithmetic, no library call
// and no branch (this is the inner loop of every Lloyd step, and the sign of
// a standardized coordinate is unpredictable). v + copysign(0.5, v) is
// exactly v - 0.5 for negative v and v + 0.5 otherwise.
inline int64_t ToFixed(double x, double scale) {
  const double v = x * scale;
  return static_cast<int64_t>(v + std::copysign(0.5, v));
}
inline double FromFixed(int64_t q, double scale) { return static_cast<double>(q) / scale; }

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_POINTS_H_
