// Deterministic test points for k-means tests: RFM-like heavy-tailed rows
// (recency days, scans, cents), plain Gaussian blobs and grids full of ties,
// each with unique keys; and the nearest center by the plain definition.
#ifndef QRMARK_TESTS_KMEANS_TEST_POINTS_H_
#define QRMARK_TESTS_KMEANS_TEST_POINTS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "src/base/hash.h"
#include "src/kmeans/points.h"

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

// Points on a small integer grid (many exact ties), every 11th exactly on a
// center, and k centers on the same grid with a duplicate (a tie between two
// centers) and one moved by one ulp (near-ties).
struct TieCase {
  std::vector<double> coords, centers;
  std::vector<uint64_t> keys;
};
inline TieCase Ties(size_t n, size_t dims, size_t k) {
  TieCase t;
  for (size_t c = 0; c < k; ++c) {
    for (size_t d = 0; d < dims; ++d) t.centers.push_back(std::floor(5 * U(c * 7 + d, 41)) - 2);
  }
  if (k >= 3) std::copy_n(t.centers.begin(), dims, t.centers.begin() + static_cast<std::ptrdiff_t>(2 * dims));
  if (k >= 2) t.centers[dims] = std::nextafter(t.centers[dims], 10.0);
  for (size_t i = 0; i < n; ++i) {
    const size_t on = i % 11 == 0 ? (i / 11) % k : k;
    for (size_t d = 0; d < dims; ++d) {
      t.coords.push_back(on < k ? t.centers[on * dims + d] : std::floor(5 * U(i * 7 + d, 43)) - 2);
    }
    t.keys.push_back(i + 1);
  }
  return t;
}

// The center nearest to p by a plain loop over SquaredDistance (ties → lowest
// index), its squared distance in *d2.
inline int32_t PlainNearest(const double* p, const std::vector<double>& centers, size_t k, size_t dims,
                            double* d2) {
  int32_t best = 0;
  *d2 = SquaredDistance(p, centers.data(), dims);
  for (size_t c = 1; c < k; ++c) {
    const double d = SquaredDistance(p, centers.data() + c * dims, dims);
    if (d < *d2) *d2 = d, best = static_cast<int32_t>(c);
  }
  return best;
}

}  // namespace qrmark::kmeans::testing

#endif  // QRMARK_TESTS_KMEANS_TEST_POINTS_H_
