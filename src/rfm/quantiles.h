// Exact global quantile thresholds over integer values split across ranks,
// and the score rule that uses them. Not approximate (no sketches): the
// thresholds are the same for any number of ranks.
//
// Rule (written down because heavy ties are the norm: most users scan once):
// with n values in all and `bins` scores, threshold t_j (j = 1..bins-1) is the
// smallest value v with count(values <= v) >= ceil(j * n / bins), the lower
// empirical j/bins-quantile. A value's score is 1 + the number of thresholds
// strictly below it, so equal values always get equal scores, and when a
// value fills several quantiles the scores in between stay empty.
#ifndef QRMARK_SRC_RFM_QUANTILES_H_
#define QRMARK_SRC_RFM_QUANTILES_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::rfm {

// The `bins - 1` thresholds of the rule above over every rank's `values`
// (empty if no rank has a value). Distributed binary search on the value:
// about 64 rounds of one AllreduceSum of `bins - 1` counts each.
// InvalidArgument unless 2 <= bins <= 10 (same on every rank).
// Collective: all ranks call it.
[[nodiscard]] Result<std::vector<int64_t>> GlobalThresholds(Comm& comm, std::span<const int64_t> values,
                                                            int bins);

// 1 + number of thresholds strictly below `value`. Pure.
int ScoreOf(int64_t value, std::span<const int64_t> thresholds);
// ScoreOf of each of `values` into `scores` (as many): a threshold at a time
// over all values, which the compiler vectorizes. Pure.
void ScoresOf(std::span<const int64_t> values, std::span<const int64_t> thresholds, std::span<uint8_t> scores);

}  // namespace qrmark::rfm

#endif  // QRMARK_SRC_RFM_QUANTILES_H_
