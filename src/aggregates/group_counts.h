// The kernel behind every per-scan aggregate: users, scans and amount per
// group (region, channel, hour×weekday cell, product) over one rank's scans,
// grouped by user. Integer counts only, so summing ranks' counts is exact.
// Pure; no MPI.
#ifndef QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_
#define QRMARK_SRC_AGGREGATES_GROUP_COUNTS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <utility>
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

// Counts one rank's `scans` (grouped by user as features::GroupScansByUser
// leaves them: users contiguous in UserOrderLess order, a user's scans in any
// order; checked on the way) into `groups` groups; `group_of(scan)` is the scan's
// group in [0, groups), or -1 if its id is unknown. InvalidArgument if the
// scans are not grouped by user or a scan maps outside; `what` names the
// group kind in the message ("region"). No MPI: the kernel.
template <class GroupOf>
Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c);

// One grouping for CountLocalTogether: `group_of(scan)` is the scan's group
// in [0, groups), or -1 if its id is unknown; `what` names the group kind.
template <class GroupOf>
struct Grouping {
  size_t groups;
  GroupOf group_of;
  const char* what;
};

// CountLocal for several groupings in one pass, each scan read once instead
// of once a grouping: `counts[k]` gets what CountLocal gives for the k-th
// grouping. The first problem met is returned, scan by scan and grouping by
// grouping; scans not grouped by user are named after the first grouping.
template <class... GroupOf>
Status CountLocalTogether(std::span<const UserScan> scans, std::array<GroupCounts, sizeof...(GroupOf)>& counts,
                          const Grouping<GroupOf>&... groupings);

// The errors CountLocal returns: a scan whose group is outside [0, groups),
// scans not grouped by user, and 2^32 - 1 users or more on the rank.
Status GroupOutOfRange(const UserScan& scan, size_t groups, const char* what);
Status NotGroupedByUser(const char* what);
Status TooManyUsers();

// CountLocal on every rank, then the counts summed over ranks. InvalidArgument
// on every rank if any rank's scans fail CountLocal's checks. Collective.
template <class GroupOf>
[[nodiscard]] Result<GroupCounts> CountByGroup(Comm& comm, std::span<const UserScan> scans, size_t groups,
                                               const GroupOf& group_of, const char* what);

// The counts summed over ranks, in place. Collective.
void SumOverRanks(Comm& comm, GroupCounts& c);

namespace group_counts_detail {

// One group's counts while the scans are read, with the last user seen in
// it and whether that user's second scan in it came (users are contiguous,
// so "new user in the group" needs no per-user set), side by side: a scan
// touches one place. 32 bytes, so that the tallies of 20,000 products stay
// in a core's L2 cache; user counts are 32-bit (CountLocalTogether refuses
// 2^32 - 1 users or more on one rank).
struct Tally {
  int64_t scans = 0, amount_cents = 0;
  int64_t last_user_twice = -2;  // 2 × the last user's index, + 1 once its second scan came; -2: none
  uint32_t users = 0, repeat_users = 0;
};
static_assert(sizeof(Tally) == 32);

// Adds `s` of the `user`-th user to its group's tally; false when its group
// is outside [0, tallies.size()).
template <class GroupOf>
bool TallyScan(const UserScan& s, int64_t user, const GroupOf& group_of, std::vector<Tally>& tallies) {
  const int32_t g = group_of(s);
  if (g < 0 || static_cast<size_t>(g) >= tallies.size()) return false;
  Tally& t = tallies[static_cast<size_t>(g)];
  ++t.scans;
  t.amount_cents += s.amount_cents;
  // Without branches: whether a user is new in a group follows no pattern.
  const bool new_user = (t.last_user_twice >> 1) != user;
  const bool second_came = (t.last_user_twice & 1) != 0;
  t.users += new_user;
  t.repeat_users += !new_user & !second_came;
  t.last_user_twice = 2 * user + !new_user;
  return true;
}

GroupCounts CountsOf(const std::vector<Tally>& tallies);

}  // namespace group_counts_detail

template <class GroupOf>
Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c) {
  std::array<GroupCounts, 1> counts;
  QRMARK_RETURN_IF_ERROR(CountLocalTogether(scans, counts, Grouping<GroupOf>{groups, group_of, what}));
  c = std::move(counts[0]);
  return Status::Ok();
}

template <class... GroupOf>
Status CountLocalTogether(std::span<const UserScan> scans, std::array<GroupCounts, sizeof...(GroupOf)>& counts,
                          const Grouping<GroupOf>&... groupings) {
  using group_counts_detail::Tally;
  constexpr size_t kGroupings = sizeof...(GroupOf);
  const auto all = std::forward_as_tuple(groupings...);
  std::array<std::vector<Tally>, kGroupings> tallies;
  std::array<const char*, kGroupings> what{groupings.what...};
  {
    size_t k = 0;
    ((tallies[k++].assign(groupings.groups, Tally())), ...);
  }
  int64_t user = -1;
  for (size_t i = 0; i < scans.size(); ++i) {
    const UserScan& s = scans[i];
    if (i == 0 || s.user_key != scans[i - 1].user_key) {
      if (i != 0 && !UserOrderLess(scans[i - 1].user_key, s.user_key)) return NotGroupedByUser(what[0]);
      if (++user >= int64_t{UINT32_MAX}) return TooManyUsers();
    }
    size_t failed = kGroupings;  // the first grouping that has no group for `s`
    [&]<size_t... K>(std::index_sequence<K...>) {
      using group_counts_detail::TallyScan;
      (void)((TallyScan(s, user, std::get<K>(all).group_of, tallies[K]) || (failed = K, false)) && ...);
    }(std::index_sequence_for<GroupOf...>{});
    if (failed < kGroupings) return GroupOutOfRange(s, tallies[failed].size(), what[failed]);
  }
  for (size_t k = 0; k < kGroupings; ++k) counts[k] = group_counts_detail::CountsOf(tallies[k]);
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
