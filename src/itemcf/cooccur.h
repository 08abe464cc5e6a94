// Co-occurrence kernel: exact cosine rows of the item × item matrix, top-K kept.
//
// Row p of XᵀX is accumulated Gustavson-style: for each user u of column p
// (in user order) and each product q in u's list, acc[q] += w(u,p)·w(u,q) in
// a dense per-thread accumulator of num_products entries. The row is then
// scanned once into a bounded top-K, so memory is O(threads · products +
// rows · K), never products². Sums run in a fixed order (users ascending), so
// a row is bit-identical whichever rank or thread computes it.
//
// Pure; no MPI. OpenMP over rows inside; callers need no locking.
#ifndef QRMARK_SRC_ITEMCF_COOCCUR_H_
#define QRMARK_SRC_ITEMCF_COOCCUR_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/itemcf/user_lists.h"

namespace qrmark::itemcf {

// Columns of the user × product matrix: column p's users ascending, each
// entry pointing straight at the user's list (one memory jump, prefetchable).
struct ItemIndex {
  std::vector<int64_t> offsets;     // num_products + 1
  std::vector<int64_t> list_begin;  // the user's first entry in UserLists::products
  std::vector<int32_t> list_size;   // the user's degree
  std::vector<double> weights;      // w(u, p), aligned; empty when the lists' weights are
};

// The columns [first, last) of `lists` (the rows a rank computes); columns
// outside the range are empty. Requires 0 <= first <= last <= num_products.
ItemIndex BuildItemIndex(const UserLists& lists, int32_t num_products, int32_t first, int32_t last);

struct NeighbourParams {
  int32_t top_k = 50;           // neighbours kept per product
  double min_similarity = 0.0;  // keep a neighbour only if cosine >= this (and > 0)
  int32_t min_support = 1;      // ... and at least this many users scanned both
};

// The K-wide neighbour rows of products [first, last), best first (higher
// rounded cosine, then lower product id); a product is never its own neighbour.
struct NeighbourRows {
  int32_t first = 0;
  int32_t last = 0;
  int32_t k = 0;
  std::vector<int32_t> ids;       // (last - first) * k; -1 pads short rows
  std::vector<double> scores;     // cosine, RoundScore'd (cosine.h); 0 padding
  std::vector<int32_t> support;   // users who scanned both; 0 padding
  int64_t pairs_accumulated = 0;  // weight products added (Σ over the rows' users of degree)
  int64_t pairs_nonzero = 0;      // (p, q != p) that share at least one user
  int64_t pairs_kept = 0;         // ids that are not -1
};

// Rows [first, last) from the replicated `lists`, an `index` holding at least
// those columns, and `norms` (ProductNorms). Requires 0 <= first <= last <=
// num_products, top_k >= 0.
NeighbourRows ComputeNeighbourRows(const UserLists& lists, const ItemIndex& index,
                                   std::span<const double> norms, int32_t first, int32_t last,
                                   const NeighbourParams& params);

// Row bounds (nranks + 1 entries, 0 .. num_products) splitting the products
// into contiguous ranges of about equal work, Σ over each column's users of
// their degree. A pure function of its inputs: every rank gets the same plan.
std::vector<int32_t> BalancedRowRanges(const UserLists& lists, int32_t num_products, int nranks);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_COOCCUR_H_
