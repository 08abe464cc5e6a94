// Local per-group counting, then one AllreduceSum of all four count arrays.
#include "src/aggregates/group_counts.h"

#include <sstream>

#include "src/aggregates/columns.h"
#include "src/features/user_features.h"

namespace qrmark::aggregates {
namespace {

Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c) {
  if (!features::IsGroupedByUser(scans)) {
    return InvalidArgument(std::string("aggregates: scans are not grouped by user (") + what + " table)");
  }
  Status status;
  std::vector<int32_t> mine;
  ForEachUser(scans, [&](std::span<const UserScan> user) {
    mine.clear();
    for (const UserScan& s : user) {
      const int32_t g = group_of(s);
      if (g < 0 || static_cast<size_t>(g) >= groups) {
        if (status.ok()) {
          std::ostringstream m;
          m << "aggregates: a scan of user " << s.user_key << " has a " << what
            << " id outside the dictionary of " << groups;
          status = InvalidArgument(m.str());
        }
        continue;
      }
      mine.push_back(g);
      ++c.scans[static_cast<size_t>(g)];
      c.amount_cents[static_cast<size_t>(g)] += s.amount_cents;
    }
    CountUserGroups(mine, c.users, c.repeat_users);
  });
  return status;
}

}  // namespace

Result<GroupCounts> CountByGroup(Comm& comm, std::span<const UserScan> scans, size_t groups,
                                 const GroupOf& group_of, const char* what) {
  GroupCounts c;
  for (auto* v : {&c.users, &c.scans, &c.amount_cents, &c.repeat_users}) v->assign(groups, 0);
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CountLocal(scans, groups, group_of, what, c)));
  std::vector<int64_t> packed;
  for (auto* v : {&c.users, &c.scans, &c.amount_cents, &c.repeat_users})
    packed.insert(packed.end(), v->begin(), v->end());
  comm.AllreduceSum(packed);
  size_t at = 0;
  for (auto* v : {&c.users, &c.scans, &c.amount_cents, &c.repeat_users}) {
    std::copy(packed.begin() + static_cast<std::ptrdiff_t>(at),
              packed.begin() + static_cast<std::ptrdiff_t>(at + groups), v->begin());
    at += groups;
  }
  return c;
}

}  // namespace qrmark::aggregates
