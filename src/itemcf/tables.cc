// Snapshot tables and attributes of the item-CF stage.
#include "src/itemcf/tables.h"

#include <numeric>

namespace qrmark::itemcf {

using snapshot::Column;

snapshot::Table ItemsTable(const NeighbourRows& rows) {
  std::vector<int32_t> product(static_cast<size_t>(rows.last - rows.first));
  std::iota(product.begin(), product.end(), rows.first);
  const auto k = static_cast<size_t>(rows.k);
  snapshot::Table t{"items", true, false, {}};
  t.columns.push_back(Column{"product", product, 1, "dense product id", {}});
  t.columns.push_back(
      Column{"neighbour", rows.ids, k, "top-K neighbour product ids, best first; -1 pads", {}});
  t.columns.push_back(
      Column{"score", rows.scores, k, "cosine similarity of each neighbour; 0 pads", {}});
  t.columns.push_back(
      Column{"support", rows.support, k, "users who scanned both products; 0 pads", {}});
  return t;
}

snapshot::Table ItemNeighboursTable(const NeighbourRows& rows) {
  std::vector<int32_t> product, neighbour, support;
  std::vector<double> score;
  for (size_t i = 0; i < rows.ids.size(); ++i) {
    if (rows.ids[i] < 0) continue;
    product.push_back(rows.first + static_cast<int32_t>(i / static_cast<size_t>(rows.k)));
    neighbour.push_back(rows.ids[i]);
    score.push_back(rows.scores[i]);
    support.push_back(rows.support[i]);
  }
  snapshot::Table t{"item_neighbours", true, true, {}};
  t.columns.push_back(Column{"product", product, 1, "dense product id", {}});
  t.columns.push_back(Column{"neighbour", neighbour, 1, "neighbour product id", {}});
  t.columns.push_back(Column{"score", score, 1, "cosine similarity", {}});
  t.columns.push_back(Column{"support", support, 1, "users who scanned both products", {}});
  return t;
}

snapshot::Table UserTagsTable(std::span<const uint64_t> user_keys, const UserPortraits& portraits,
                              int32_t top_tags, const std::vector<std::string>& tag_names) {
  snapshot::Table t{"user_tags", true, true, {}};
  const auto n = static_cast<size_t>(top_tags);
  t.columns.push_back(Column{"user_key",
                             std::vector<uint64_t>(user_keys.begin(), user_keys.end()),
                             1,
                             "pseudonymous user key",
                             {}});
  t.columns.push_back(
      Column{"tag", portraits.tag_ids, n, "top tags, best first; -1 pads", tag_names});
  t.columns.push_back(Column{"tag_score",
                             portraits.tag_scores,
                             n,
                             "tag affinity share (a user's affinities sum to 1); 0 pads",
                             {}});
  return t;
}

snapshot::Table UserRecsTable(std::span<const uint64_t> user_keys, const UserPortraits& portraits,
                              int32_t top_recs) {
  snapshot::Table t{"user_recs", true, true, {}};
  const auto n = static_cast<size_t>(top_recs);
  t.columns.push_back(Column{"user_key",
                             std::vector<uint64_t>(user_keys.begin(), user_keys.end()),
                             1,
                             "pseudonymous user key",
                             {}});
  t.columns.push_back(Column{"product",
                             portraits.rec_ids,
                             n,
                             "recommended product ids not yet scanned, best first; -1 pads",
                             {}});
  t.columns.push_back(Column{"rec_score",
                             portraits.rec_scores,
                             n,
                             "item-CF score: sum of weight x similarity; 0 pads",
                             {}});
  return t;
}

snapshot::Table CrossSellTable(const CrossSellCounts& counts,
                               const std::vector<std::string>& category_names) {
  std::vector<int32_t> a, b;
  std::vector<int64_t> only_a, only_b, both;
  for (int32_t i = 0; i < counts.categories; ++i) {
    for (int32_t j = i + 1; j < counts.categories; ++j) {
      a.push_back(i), b.push_back(j);
      only_a.push_back(counts.OnlyFirst(i, j));
      only_b.push_back(counts.users_with[j] - counts.Both(i, j));
      both.push_back(counts.Both(i, j));
    }
  }
  snapshot::Table t{"cross_sell", false, true, {}};
  t.columns.push_back(Column{"category_a", a, 1, "first category", category_names});
  t.columns.push_back(Column{"category_b", b, 1, "second category", category_names});
  t.columns.push_back(Column{"only_a", only_a, 1, "users with scans in A and none in B", {}});
  t.columns.push_back(Column{"only_b", only_b, 1, "users with scans in B and none in A", {}});
  t.columns.push_back(Column{"both", both, 1, "users with scans in both", {}});
  return t;
}

std::map<std::string, snapshot::AttributeValue> ItemCfAttributes(const ItemCfParams& p,
                                                                 const ItemCfStats& s) {
  return {
      {"itemcf_weighting", std::string(WeightingName(p.weighting))},
      {"itemcf_half_life_days", p.half_life_days},
      {"itemcf_max_products_per_user", int64_t{p.max_products_per_user}},
      {"itemcf_top_k", int64_t{p.top_k}},
      {"itemcf_min_similarity", p.min_similarity},
      {"itemcf_min_support", int64_t{p.min_support}},
      {"itemcf_tag_neighbour_factor", p.tag_neighbour_factor},
      {"itemcf_top_tags", int64_t{p.top_tags}},
      {"itemcf_top_recs", int64_t{p.top_recs}},
      {"itemcf_users", s.users},
      {"itemcf_list_entries", s.list_entries},
      {"itemcf_capped_users", s.capped_users},
      {"itemcf_pairs_accumulated", s.pairs_accumulated},
      {"itemcf_pairs_nonzero", s.pairs_nonzero},
      {"itemcf_pairs_kept", s.pairs_kept},
      {"itemcf_bytes_exchanged", s.bytes_exchanged},
      {"itemcf_compute_s", s.compute_s},
      {"itemcf_comm_s", s.comm_s},
      {"itemcf_similarity_s", s.similarity_s},
      {"itemcf_portrait_s", s.portrait_s},
      {"itemcf_similarity_cpu_s", s.similarity_cpu_s},
  };
}

}  // namespace qrmark::itemcf
