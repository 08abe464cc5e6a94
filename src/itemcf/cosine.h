// Cosine similarity of two product columns of the user × product matrix.
//
// cos(p, q) = dot(p, q) / (‖p‖ · ‖q‖), where dot and the squared norms are sums
// over users of weight products. The norms are summed in user order, so every
// rank holding the same lists gets bit-identical norms. Pure; thread-safe.
#ifndef QRMARK_SRC_ITEMCF_COSINE_H_
#define QRMARK_SRC_ITEMCF_COSINE_H_

#include <cmath>
#include <cstdint>
#include <vector>

#include "src/itemcf/user_lists.h"

namespace qrmark::itemcf {

// ‖column p‖ for every product p < num_products (0 for an unscanned product).
std::vector<double> ProductNorms(const UserLists& lists, int32_t num_products);

// dot / (norm_a · norm_b); 0 when either norm is 0.
inline double Cosine(double dot, double norm_a, double norm_b) {
  const double d = norm_a * norm_b;
  return d > 0 ? dot / d : 0.0;
}

// A score rounded to a multiple of 2^-32 (≈ 2.3e-10), the resolution at which
// neighbours are ranked and ties go to the lower id: cosines that are equal in
// exact arithmetic (1/√3 and 3/√27) can differ in their last bits, and any
// implementation (SciPy's included) rounds them differently.
inline double RoundScore(double s) { return std::nearbyint(s * 0x1p32) * 0x1p-32; }

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_COSINE_H_
