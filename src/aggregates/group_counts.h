// The kernel behind every per-scan aggregate: users, scans and amount per
// group (region, channel, hour×weekday cell, product) over one rank's scans,
// grouped by user. Integer counts only, so summing ranks' counts is exact.
// Pure; no MPI.
#ifndef QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_
#define QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::aggregates {

struct GroupCounts {
  std::vector<int64_t> users;  // distinct users with a scan in the group
  std::vector<int64_t> scans;
  std::vector<int64_t> amount_cents;
  std::vector<int64_t> repeat_users;  // users with >= 2 scans in the group
};

// Group index of a scan in [0, groups), or -1 if the scan's id is unknown.
using GroupOf = std::function<int32_t(const UserScan&)>;

// Counts `scans` (grouped by user: features::IsGroupedByUser) into `groups`
// groups, then sums the counts over ranks. InvalidArgument (on every rank)
// if the scans are not grouped by user or a scan maps to -1; `what` names the
// group kind in the message ("region"). Collective: all ranks call it.
[[nodiscard]] Result<GroupCounts> CountByGroup(Comm& comm, std::span<const UserScan> scans, size_t groups,
                                               const GroupOf& group_of, const char* what);

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_
