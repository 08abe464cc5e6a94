// CountCrossSell: each user's set of categories → per-category and per-pair counts.
#include "src/itemcf/cross_sell.h"

#include <algorithm>

namespace qrmark::itemcf {

CrossSellCounts CountCrossSell(std::span<const UserScan> scans, std::span<const int64_t> bounds,
                               std::span<const int32_t> category_of_product, int32_t categories) {
  const auto c = static_cast<size_t>(categories);
  CrossSellCounts out{categories, std::vector<int64_t>(c, 0), std::vector<int64_t>(c * c, 0)};
  if (category_of_product.empty() || c == 0) return out;
  std::vector<int32_t> seen;
  for (size_t u = 0; u + 1 < bounds.size(); ++u) {
    seen.clear();
    for (int64_t i = bounds[u]; i < bounds[u + 1]; ++i) {
      const int32_t cat = category_of_product[scans[i].product_id];
      if (cat >= 0) seen.push_back(cat);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (size_t i = 0; i < seen.size(); ++i) {
      ++out.users_with[seen[i]];
      for (size_t j = i + 1; j < seen.size(); ++j) ++out.both[seen[i] * c + seen[j]];
    }
  }
  return out;
}

}  // namespace qrmark::itemcf
