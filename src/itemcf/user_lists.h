// UserLists: each user's deduplicated, weighted, capped product list (CSR).
//
// The user × product matrix of item-CF, one row per user, built from the
// user's scans: weight binary, scan count or log(1 + count), optionally with a
// half-life time decay relative to `as_of_s`. Heavy users are capped to their
// most recent N products (ties by product id), so one user's deg² pairs cannot
// flood the job. Not a general sparse matrix: rows only grow in user order.
//
// Pure and deterministic; no MPI. Thread-safe (OpenMP inside, no shared state).
#ifndef QRMARK_SRC_ITEMCF_USER_LISTS_H_
#define QRMARK_SRC_ITEMCF_USER_LISTS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::itemcf {

enum class Weighting { kBinary, kCount, kLog1p };

// "binary", "count" or "log1p"; anything else is InvalidArgument naming it.
[[nodiscard]] Result<Weighting> ParseWeighting(std::string_view name);
std::string_view WeightingName(Weighting w);

struct WeightParams {
  Weighting weighting = Weighting::kBinary;
  double half_life_days = 0;          // 0 = no decay; a scan `h` days old counts 2^(-age/h)
  int32_t max_products_per_user = 0;  // 0 = no cap; else keep the N most recently scanned
};

// Rows in user order; within a row, products ascending.
struct UserLists {
  std::vector<int64_t> offsets{0};  // users() + 1 entries
  std::vector<int32_t> products;
  std::vector<double> weights;  // aligned with `products` (>= 0), or empty: every weight is 1
  int64_t capped_users = 0;     // users whose list was cut by the cap
  size_t users() const { return offsets.size() - 1; }
  double weight(size_t j) const { return weights.empty() ? 1.0 : weights[j]; }
};

// The lists of `user_keys` (unique, in UserOrderLess order) from `scans`,
// which must be grouped by user with groups in the order of `user_keys` (a
// key may have no scans: its list is empty). Weighting: binary = 1 (decayed:
// the most recent scan's factor), count = Σ factors, log1p = log(1 + Σ
// factors), factor 1 without decay; scans newer than `as_of_s` count as age 0.
// Binary without decay leaves `weights` empty (all 1).
// Fails with InvalidArgument naming the scan index when a product id is not
// below `num_products`, the scans are not grouped in key order, or the keys are
// not strictly increasing; and on negative parameters.
[[nodiscard]] Result<UserLists> BuildUserLists(std::span<const UserScan> scans,
                                               std::span<const uint64_t> user_keys,
                                               int32_t num_products, int64_t as_of_s,
                                               const WeightParams& params);

// Scan offsets per user: user i's scans are [bounds[i], bounds[i+1]) (size
// user_keys.size() + 1), after the same grouping and key-order checks as
// BuildUserLists.
[[nodiscard]] Result<std::vector<int64_t>> UserScanBounds(std::span<const UserScan> scans,
                                                          std::span<const uint64_t> user_keys);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_USER_LISTS_H_
