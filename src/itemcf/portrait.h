// Tag portraits and item-CF recommendations for the users a rank owns.
//
// A user's tag affinity sums, over the products in their list (weight w), w
// for each of the product's tags, plus w · similarity · `tag_neighbour_factor`
// for each tag of each of the product's kept neighbours; the affinities are
// divided by their total, so every user's scores sum to 1 and are comparable
// across users. A recommendation score is Σ w · similarity over the user's
// products whose neighbour lists hold the candidate; products in the user's
// (capped) list are never recommended. Ties go to the lower tag/product id.
//
// Pure; no MPI. OpenMP over users inside.
#ifndef QRMARK_SRC_ITEMCF_PORTRAIT_H_
#define QRMARK_SRC_ITEMCF_PORTRAIT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/itemcf/cooccur.h"
#include "src/itemcf/user_lists.h"

namespace qrmark::itemcf {

// The product catalog as the job's dictionaries see it. Either vector indexed
// by product may be empty (no tags / no categories, as for the Online Retail
// data: portraits are then empty and cross-sell has no rows, while
// recommendations still work); otherwise it has one entry per product.
struct ItemCatalog {
  std::vector<std::vector<int32_t>> tags_of_product;  // ids into tag_names
  std::vector<std::string> tag_names;
  std::vector<int32_t> category_of_product;  // id into category_names, -1 = none
  std::vector<std::string> category_names;
};

// OK, or InvalidArgument naming the first product whose tag or category id is
// out of range, or a size that is neither 0 nor `num_products`.
[[nodiscard]] Status ValidateCatalog(const ItemCatalog& catalog, int32_t num_products);

struct PortraitParams {
  double tag_neighbour_factor = 0.5;
  int32_t top_tags = 10;
  int32_t top_recs = 10;
};

// Row-for-row with the lists' users: N-wide, id -1 and score 0 padding.
struct UserPortraits {
  std::vector<int32_t> tag_ids;  // users * top_tags
  std::vector<double> tag_scores;
  std::vector<int32_t> rec_ids;  // users * top_recs
  std::vector<double> rec_scores;
};

// Portraits of every user in `lists`, given `neighbours` of ALL products
// (first == 0, last == number of products) and a valid `catalog`.
UserPortraits ComputePortraits(const UserLists& lists, const NeighbourRows& neighbours,
                               const ItemCatalog& catalog, const PortraitParams& params);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_PORTRAIT_H_
