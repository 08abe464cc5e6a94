// The kernel behind every per-scan aggregate: users, scans and amount per
// group (region, channel, hour×weekday cell, product) over one rank's scans,
// grouped by user. Integer counts only, so summing ranks' counts is exact.
// Pure; no MPI.
#ifndef QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_
#define QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "src/base/hash.h"
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

// Counts one rank's `scans` (grouped by user as features::SortScansByUser
// leaves them: users contiguous in UserOrderLess order, each in time order;
// checked on the way) into `groups` groups; `group_of(scan)` is the scan's
// group in [0, groups), or -1 if its id is unknown. InvalidArgument if the
// scans are not grouped by user or a scan maps outside; `what` names the
// group kind in the message ("region"). No MPI: the kernel.
template <class GroupOf>
Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c);

// The errors CountLocal returns: a scan whose group is outside [0, groups),
// and scans not grouped by user.
Status GroupOutOfRange(const UserScan& scan, size_t groups, const char* what);
Status NotGroupedByUser(const char* what);

// CountLocal on every rank, then the counts summed over ranks. InvalidArgument
// on every rank if any rank's scans fail CountLocal's checks. Collective.
template <class GroupOf>
[[nodiscard]] Result<GroupCounts> CountByGroup(Comm& comm, std::span<const UserScan> scans, size_t groups,
                                               const GroupOf& group_of, const char* what);

// The counts summed over ranks, in place. Collective.
void SumOverRanks(Comm& comm, GroupCounts& c);

template <class GroupOf>
Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c) {
  for (auto* v : {&c.users, &c.scans, &c.amount_cents, &c.repeat_users}) v->assign(groups, 0);
  // The last user seen in each group and that user's scans in it: users are
  // contiguous, so "new user in g" needs no per-user set.
  std::vector<int64_t> last_user(groups, -1);
  std::vector<int64_t> hits(groups, 0);
  int64_t user = -1;
  for (size_t i = 0; i < scans.size(); ++i) {
    const UserScan& s = scans[i];
    if (i == 0 || s.user_key != scans[i - 1].user_key) {
      if (i != 0 && !UserOrderLess(scans[i - 1].user_key, s.user_key)) return NotGroupedByUser(what);
      ++user;
    } else if (s.ts_unix_s < scans[i - 1].ts_unix_s) {
      return NotGroupedByUser(what);
    }
    const int32_t g = group_of(s);
    if (g < 0 || static_cast<size_t>(g) >= groups) return GroupOutOfRange(s, groups, what);
    const size_t k = static_cast<size_t>(g);
    ++c.scans[k];
    c.amount_cents[k] += s.amount_cents;
    if (last_user[k] != user) {
      last_user[k] = user, hits[k] = 1;
      ++c.users[k];
    } else if (++hits[k] == 2) {
      ++c.repeat_users[k];
    }
  }
  return Status::Ok();
}

template <class GroupOf>
Result<GroupCounts> CountByGroup(Comm& comm, std::span<const UserScan> scans, size_t groups,
                                 const GroupOf& group_of, const char* what) {
  GroupCounts c;
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CountLocal(scans, groups, group_of, what, c)));
  SumOverRanks(comm, c);
  return c;
}

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_
