// Messages of the counting kernel, its tallies as count arrays, and the one
// AllreduceSum of all four count arrays.
#include "src/aggregates/group_counts.h"

#include <sstream>
#include <string>

namespace qrmark::aggregates {

Status GroupOutOfRange(const UserScan& scan, size_t groups, const char* what) {
  std::ostringstream m;
  m << "aggregates: a scan of user " << scan.user_key << " has a " << what << " id outside the dictionary of "
    << groups;
  return InvalidArgument(m.str());
}

Status NotGroupedByUser(const char* what) {
  return InvalidArgument(std::string("aggregates: scans are not grouped by user (") + what + " table)");
}

Status TooManyUsers() {
  return InvalidArgument("aggregates: " + std::to_string(UINT32_MAX) +
                         " users or more on one rank (counts are 32-bit): run the job on more ranks");
}

namespace group_counts_detail {

GroupCounts CountsOf(const std::vector<Tally>& tallies) {
  GroupCounts c;
  for (const Tally& t : tallies) {
    c.users.push_back(t.users);
    c.scans.push_back(t.scans);
    c.amount_cents.push_back(t.amount_cents);
    c.repeat_users.push_back(t.repeat_users);
  }
  return c;
}

}  // namespace group_counts_detail

void SumOverRanks(Comm& comm, GroupCounts& c) {
  const size_t groups = c.users.size();
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
}

}  // namespace qrmark::aggregates
