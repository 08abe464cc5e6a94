// Brute-force reference for the co-occurrence kernel (HPCG's _ref habit).
//
// Builds the dense users × products matrix, computes every product pair's dot
// product, support and cosine by the definition, sorts each full row and cuts
// it to K. O(users · products²) time and products² memory: for tests on small
// matrices only, never for the job. Frozen: do not optimise it.
#ifndef QRMARK_SRC_ITEMCF_COOCCUR_REF_H_
#define QRMARK_SRC_ITEMCF_COOCCUR_REF_H_

#include <cstdint>

#include "src/itemcf/cooccur.h"
#include "src/itemcf/user_lists.h"

namespace qrmark::itemcf {

// All rows [0, num_products) with the same contract as ComputeNeighbourRows
// (pairs_accumulated is left 0: the reference does no sparse accumulation).
NeighbourRows ComputeNeighbourRowsRef(const UserLists& lists, int32_t num_products,
                                      const NeighbourParams& params);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_COOCCUR_REF_H_
