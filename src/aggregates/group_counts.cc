// Local per-group counting, then one AllreduceSum of all four count arrays.
#include "src/aggregates/group_counts.h"

#include <sstream>

#include "src/features/user_features.h"

namespace qrmark::aggregates {
namespace {

Status CountLocal(std::span<const UserScan> scans, size_t groups, const GroupOf& group_of, const char* what,
                  GroupCounts& c) {
  if (!features::IsGroupedByUser(scans)) {
    return InvalidArgument(std::string("aggregates: scans are not grouped by user (") + what + " table)");
  }
  // The last user seen in each group and that user's scans in it: users are
  // contiguous, so "new user in g" needs no per-user set.
  std::vector<int64_t> last_user(groups, -1);
  std::vector<int64_t> hits(groups, 0);
  int64_t user = -1;
  for (size_t i = 0; i < scans.size(); ++i) {
    if (i == 0 || scans[i].user_key != scans[i - 1].user_key) ++user;
    const int32_t g = group_of(scans[i]);
    if (g < 0 || static_cast<size_t>(g) >= groups) {
      std::ostringstream m;
      m << "aggregates: a scan of user " << scans[i].user_key << " has a " << what
        << " id outside the dictionary of " << groups;
      return InvalidArgument(m.str());
    }
    const size_t k = static_cast<size_t>(g);
    ++c.scans[k];
    c.amount_cents[k] += scans[i].amount_cents;
    if (last_user[k] != user) {
      last_user[k] = user, hits[k] = 1;
      ++c.users[k];
    } else if (++hits[k] == 2) {
      ++c.repeat_users[k];
    }
  }
  return Status::Ok();
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
