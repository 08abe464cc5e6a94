// Cross-sell counts: per pair of categories, users who buy only A, only B, both.
//
// The marketing view of the seed case (contact-lens buyers who never buy
// solution, and the reverse). Counted from every scan of each user, before
// the heavy-user cap. Integer counts: summing the ranks' counts is exact.
//
// Pure; no MPI.
#ifndef QRMARK_SRC_ITEMCF_CROSS_SELL_H_
#define QRMARK_SRC_ITEMCF_CROSS_SELL_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/base/scan_record.h"

namespace qrmark::itemcf {

// Users per category and per pair; with C categories, pairs (a < b) are
// numbered a * C + b in `both` (C * C entries, only a < b used).
struct CrossSellCounts {
  int32_t categories = 0;
  std::vector<int64_t> users_with;  // C: users with at least one scan in the category
  std::vector<int64_t> both;        // C * C

  int64_t Both(int32_t a, int32_t b) const { return both[static_cast<size_t>(a) * categories + b]; }
  int64_t OnlyFirst(int32_t a, int32_t b) const { return users_with[a] - Both(a, b); }
};

// Counts over users given by scan offsets `bounds` (UserScanBounds), using
// `category_of_product` (ids < `categories`, -1 = none; product ids must be
// in range, as BuildUserLists checks).
CrossSellCounts CountCrossSell(std::span<const UserScan> scans, std::span<const int64_t> bounds,
                               std::span<const int32_t> category_of_product, int32_t categories);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_CROSS_SELL_H_
