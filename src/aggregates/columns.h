// Small builders for the columns of the replicated snapshot tables the
// aggregates return. Internal to src/aggregates; pure; thread-safe.
#ifndef QRMARK_SRC_AGGREGATES_COLUMNS_H_
#define QRMARK_SRC_AGGREGATES_COLUMNS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "io/snapshot/table.h"

namespace qrmark::aggregates {

snapshot::Column Int64Column(std::string name, std::vector<int64_t> values, std::string description);

// int32 codes into `dictionary` (the snapshot's string convention).
snapshot::Column CodeColumn(std::string name, std::vector<int32_t> codes, std::vector<std::string> dictionary,
                            std::string description);

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_COLUMNS_H_
