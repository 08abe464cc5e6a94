// Table::rows(): the local row count, read from the first column.
#include "io/snapshot/table.h"

#include <algorithm>

namespace qrmark::snapshot {

size_t Table::rows() const {
  if (columns.empty()) return 0;
  const Column& first = columns.front();
  size_t values = std::visit([](const auto& v) { return v.size(); }, first.data);
  return values / std::max<size_t>(1, first.width);
}

}  // namespace qrmark::snapshot
