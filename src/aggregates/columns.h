// Small builders for the replicated snapshot tables the aggregates return,
// and the walk over a rank's scans one user at a time. Internal to
// src/aggregates; pure; thread-safe.
#ifndef QRMARK_SRC_AGGREGATES_COLUMNS_H_
#define QRMARK_SRC_AGGREGATES_COLUMNS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/base/scan_record.h"

namespace qrmark::aggregates {

snapshot::Column Int64Column(std::string name, std::vector<int64_t> values, std::string description);

// int32 codes into `dictionary` (the snapshot's string convention).
snapshot::Column CodeColumn(std::string name, std::vector<int32_t> codes, std::vector<std::string> dictionary,
                            std::string description);

// Calls fn(user_scans) for each run of scans with the same user_key.
template <typename Fn>
void ForEachUser(std::span<const UserScan> scans, Fn fn) {
  for (size_t b = 0; b < scans.size();) {
    size_t e = b + 1;
    while (e < scans.size() && scans[e].user_key == scans[b].user_key) ++e;
    fn(scans.subspan(b, e - b));
    b = e;
  }
}

// For one user's scans: sorts `groups` (one group index per scan) and adds 1
// to users[g] for each distinct g (and to repeat[g], if given, when the user
// has two or more scans in g).
void CountUserGroups(std::vector<int32_t>& groups, std::span<int64_t> users, std::span<int64_t> repeat = {});

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_COLUMNS_H_
