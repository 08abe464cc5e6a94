// ProductNorms: column norms of the user × product matrix, summed in user order.
#include "src/itemcf/cosine.h"

#include <cmath>

namespace qrmark::itemcf {

std::vector<double> ProductNorms(const UserLists& lists, int32_t num_products) {
  std::vector<double> sq(static_cast<size_t>(num_products), 0.0);
  for (size_t i = 0; i < lists.products.size(); ++i) {
    sq[lists.products[i]] += lists.weight(i) * lists.weight(i);
  }
  for (double& v : sq) v = std::sqrt(v);
  return sq;
}

}  // namespace qrmark::itemcf
