// RFM scoring of every user across ranks: exact global quantile thresholds
// (src/rfm/quantiles.h) per dimension, scores 1..bins, and segments
// (src/rfm/segments.h). Recency is reversed: the most recent users score
// highest. Scores depend only on the global multiset of values, not on the
// number of ranks.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(RfmResult rfm, ScoreRfm(comm, users, RfmParams{}));
//   // rfm.r[i], rfm.segment_names[rfm.segment[i]] for users[i]
#ifndef QRMARK_SRC_RFM_RFM_SCORE_H_
#define QRMARK_SRC_RFM_RFM_SCORE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"
#include "src/features/user_features.h"
#include "src/rfm/segments.h"

namespace qrmark::rfm {

// How ties are binned, in words for the snapshot's metadata.
inline constexpr std::string_view kTieRule =
    "threshold j = smallest value v with count(values <= v) >= ceil(j*n/bins); score = 1 + number of "
    "thresholds strictly below the value (recency: strictly above the days); equal values share a "
    "score and scores a tied value skips stay empty";

struct RfmParams {
  int bins = 3;                       // 2..10
  std::vector<SegmentRule> segments;  // empty: DefaultSegments(bins)
};

// One dimension's binning, global (same on every rank).
struct DimensionScores {
  // bins - 1 thresholds in the dimension's unit (days, scans, cents). For
  // recency, score = 1 + number of thresholds strictly greater than the days.
  std::vector<int64_t> thresholds;
  std::vector<int64_t> users_per_score;  // [score - 1], all ranks
};

struct RfmResult {
  std::vector<uint8_t> r, f, m;            // per local user, 1..bins
  std::vector<int32_t> segment;            // per local user: index into segment_names
  std::vector<std::string> segment_names;  // the rules' names, then "Others"
  std::vector<SegmentRule> rules;          // the table actually used
  DimensionScores recency, frequency, monetary;
  std::vector<int64_t> users_per_segment;  // global, parallel to segment_names
};

// Scores `users` (this rank's). InvalidArgument for bins outside 2..10 or a
// bad segment table (the same on every rank, so every rank returns it).
// Collective: all ranks call it.
[[nodiscard]] Result<RfmResult> ScoreRfm(Comm& comm, std::span<const features::UserFeatures> users,
                                         const RfmParams& params);

}  // namespace qrmark::rfm

#endif  // QRMARK_SRC_RFM_RFM_SCORE_H_
