// Item-CF results as snapshot tables (io/snapshot/table.h) and attributes.
//
// Column layouts are documented in io/snapshot/SCHEMA.md by the snapshot's
// owner; here: K- and N-wide 2-D columns, id -1 and score 0 padding, tag and
// category ids as int32 codes with their dictionaries. Pure; thread-safe.
#ifndef QRMARK_SRC_ITEMCF_TABLES_H_
#define QRMARK_SRC_ITEMCF_TABLES_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/itemcf/cooccur.h"
#include "src/itemcf/cross_sell.h"
#include "src/itemcf/itemcf.h"
#include "src/itemcf/portrait.h"

namespace qrmark::itemcf {

// "items" (distributed, HDF5 only): product, neighbour[K], score[K], support[K].
snapshot::Table ItemsTable(const NeighbourRows& rows);

// "item_neighbours" (distributed, for CSV): one row per kept neighbour,
// product, neighbour, score, support; products ascending, best first.
snapshot::Table ItemNeighboursTable(const NeighbourRows& rows);

// "user_tags" (distributed): user_key, tag[N] (codes into `tag_names`), tag_score[N].
snapshot::Table UserTagsTable(std::span<const uint64_t> user_keys, const UserPortraits& portraits,
                              int32_t top_tags, const std::vector<std::string>& tag_names);

// "user_recs" (distributed): user_key, product[N], rec_score[N].
snapshot::Table UserRecsTable(std::span<const uint64_t> user_keys, const UserPortraits& portraits,
                              int32_t top_recs);

// "cross_sell" (replicated): category_a, category_b (a < b), only_a, only_b, both.
snapshot::Table CrossSellTable(const CrossSellCounts& counts,
                               const std::vector<std::string>& category_names);

// The parameters used and the run's figures, as "itemcf_<name>" attributes.
std::map<std::string, snapshot::AttributeValue> ItemCfAttributes(const ItemCfParams& params,
                                                                 const ItemCfStats& stats);

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_TABLES_H_
