// The item-CF stage of the nightly job: similarity, top-K, portraits, cross-sell.
//
// Plan and execute, HPCG-style: every rank's deduplicated user → product
// lists are replicated (one Allgatherv), each rank plans the same balanced
// contiguous product ranges and computes exact cosine rows for its own range
// with OpenMP (cooccur.h), the K-wide rows are gathered (one Allgatherv), and
// each rank derives the tag portraits and recommendations of its own users.
//
// Why replicate lists rather than send partial rows to row owners: see the
// note in itemcf.cc (measured bytes and memory at 2 ranks, model at 16/256).
// Every sum runs in a fixed order and every tie goes to the lower id, so the
// tables are bit-identical on any number of ranks and threads.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(ItemCfResult cf, RunItemCf(comm, scans, keys, num_products,
//                                                      as_of_s, catalog, ItemCfParams{}));
//   content.tables.push_back(std::move(cf.items));
#ifndef QRMARK_SRC_ITEMCF_ITEMCF_H_
#define QRMARK_SRC_ITEMCF_ITEMCF_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/itemcf/portrait.h"
#include "src/itemcf/user_lists.h"

namespace qrmark::itemcf {

struct ItemCfParams {
  Weighting weighting = Weighting::kBinary;
  double half_life_days = 0;            // 0 = no time decay
  int32_t max_products_per_user = 500;  // heavy-user cap (most recent N); 0 = none
  int32_t top_k = 50;                   // neighbours per product, >= 1
  double min_similarity = 0.0;          // in [0, 1]
  int32_t min_support = 1;              // users who scanned both, >= 1
  double tag_neighbour_factor = 0.5;    // >= 0
  int32_t top_tags = 10;                // >= 1
  int32_t top_recs = 10;                // >= 1
};

// Totals over all ranks (the same on every rank).
struct ItemCfStats {
  int64_t users = 0;
  int64_t list_entries = 0;  // (user, product) entries after dedup and cap
  int64_t capped_users = 0;
  int64_t pairs_accumulated = 0;  // weight products added while accumulating rows
  int64_t pairs_nonzero = 0;      // ordered product pairs sharing >= 1 user
  int64_t pairs_kept = 0;         // neighbours kept in the top-K lists
  int64_t bytes_exchanged = 0;    // bytes received from other ranks, all ranks
  double compute_s = 0;           // slowest rank's compute time
  double comm_s = 0;              // slowest rank's time in collectives
  double similarity_s = 0;        // slowest rank's wall time up to the gathered top-K rows
  double portrait_s = 0;          // slowest rank's wall time for portraits and cross-sell
  double similarity_cpu_s = 0;    // slowest rank's CPU time (all threads) for the former
};

struct ItemCfResult {
  snapshot::Table items;            // distributed, HDF5 only: this rank's products, K-wide
  snapshot::Table item_neighbours;  // distributed, CSV: the same, one row per neighbour
  snapshot::Table user_tags;        // distributed: row-for-row with user_keys_in_order
  snapshot::Table user_recs;        // distributed: row-for-row with user_keys_in_order
  snapshot::Table cross_sell;       // replicated: one row per category pair a < b
  std::vector<std::string> tag_dictionary;
  ItemCfStats stats;
  std::map<std::string, snapshot::AttributeValue> attributes;  // "itemcf_*": params + stats
};

// Collective: all ranks call it. `owned_sorted_by_user` holds this rank's
// scans grouped by user, groups in the order of `user_keys_in_order` (this
// rank's users, strictly increasing in UserOrderLess; ranks own consecutive
// ranges of that order, as OwnerOf gives); product ids are dense ids below
// `num_products`, the same on every rank, as is `catalog`. On bad input or
// parameters, every rank returns the same InvalidArgument (first failing rank).
[[nodiscard]] Result<ItemCfResult> RunItemCf(Comm& comm,
                                             std::span<const UserScan> owned_sorted_by_user,
                                             std::span<const uint64_t> user_keys_in_order,
                                             int32_t num_products, int64_t as_of_s,
                                             const ItemCatalog& catalog,
                                             const ItemCfParams& params);

// OK, or InvalidArgument naming the first parameter out of its range.
[[nodiscard]] Status ValidateParams(const ItemCfParams& params);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_ITEMCF_H_
