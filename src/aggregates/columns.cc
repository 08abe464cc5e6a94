// Column builders and per-user distinct-group counting.
#include "src/aggregates/columns.h"

#include <algorithm>

namespace qrmark::aggregates {

snapshot::Column Int64Column(std::string name, std::vector<int64_t> values, std::string description) {
  snapshot::Column c;
  c.name = std::move(name);
  c.data = std::move(values);
  c.description = std::move(description);
  return c;
}

snapshot::Column CodeColumn(std::string name, std::vector<int32_t> codes, std::vector<std::string> dictionary,
                            std::string description) {
  snapshot::Column c;
  c.name = std::move(name);
  c.data = std::move(codes);
  c.description = std::move(description);
  c.dictionary = std::move(dictionary);
  return c;
}

void CountUserGroups(std::vector<int32_t>& groups, std::span<int64_t> users, std::span<int64_t> repeat) {
  std::sort(groups.begin(), groups.end());
  for (size_t i = 0; i < groups.size();) {
    size_t j = i;
    while (j < groups.size() && groups[j] == groups[i]) ++j;
    ++users[static_cast<size_t>(groups[i])];
    if (!repeat.empty() && j - i >= 2) ++repeat[static_cast<size_t>(groups[i])];
    i = j;
  }
}

}  // namespace qrmark::aggregates
