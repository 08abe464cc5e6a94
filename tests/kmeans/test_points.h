// Deterministic test points for k-means tests: RFM-like heavy-tailed rows
// (recency days, scans, cents) and plain Gaussian blobs, each with unique keys.
#ifndef QRMARK_TESTS_KMEANS_TEST_POINTS_H_
#define QRMARK_TESTS_KMEANS_TEST_POINTS_H_

#include <cmath>
#include <cstdint>
#include <vector>

#include "src/base/hash.h"

namespace qrmark::kmeans::testing {

struct TestPoints {
  std::vector<double> coords;
  std::vector<uint64_t> keys;
};

// Uniform (0, 1) from a counter: no global RNG state.
inline double U(uint64_t i, uint64_t salt) {
  return (static_cast<double>(Mix64(i * 0x9e37ULL + salt) >> 11) + 0.5) * 0x1.0p-53;
}

// `n` users: recency uniform 0..364 days, frequency 1 + geometric-ish tail,
// monetary log-normal in cents. Keys are Mix64(i + 1): unique, unordered.
inline TestPoints RfmLike(size_t n) {
  TestPoints p;
  for (size_t i = 0; i < n; ++i) {
    const double r = std::floor(365 * U(i, 1) * U(i, 2));
    const double f = 1 + std::floor(-std::log(U(i, 3)) * (U(i, 4) < 0.3 ? 8 : 0.7));
    const double m = std::floor(
        f * std::exp(7 + 1.2 * std::sqrt(-2 * std::log(U(i, 5))) * std::cos(6.283185307179586 * U(i, 6))));
    p.coords.insert(p.coords.end(), {r, f, m});
    p.keys.push_back(Mix64(i + 1));
  }
  return p;
}

// `per_blob` points around each of `centers` (dims each), spread `sigma`.
inline TestPoints Blobs(const std::vector<std::vector<double>>& centers, size_t per_blob, double sigma) {
  TestPoints p;
  uint64_t i = 0;
  for (const auto& c : centers) {
    for (size_t j = 0; j < per_blob; ++j, ++i) {
      for (size_t d = 0; d < c.size(); ++d) p.coords.push_back(c[d] + sigma * (U(i, 10 + d) - 0.5));
      p.keys.push_back(Mix64(i + 1000));
    }
  }
  return p;
}

}  // namespace qrmark::kmeans::testing

#endif  // QRMARK_TESTS_KMEANS_TEST_POINTS_H_
