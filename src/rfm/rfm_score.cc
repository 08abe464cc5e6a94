// RFM scoring: thresholds per dimension, scores, segments and global counts.
#include "src/rfm/rfm_score.h"

#include "src/rfm/quantiles.h"

namespace qrmark::rfm {
namespace {

// Scores `values` into `scores`, filling `dim`. `reversed`: score on -value
// (recency), thresholds reported back in the value's own unit.
Status ScoreDimension(Comm& comm, std::vector<int64_t> values, int bins, bool reversed,
                      std::vector<uint8_t>* scores, DimensionScores* dim) {
  if (reversed)
    for (int64_t& v : values) v = -v;
  QRMARK_ASSIGN_OR_RETURN(std::vector<int64_t> t, GlobalThresholds(comm, values, bins));
  dim->users_per_score.assign(static_cast<size_t>(bins), 0);
  scores->resize(values.size());
  ScoresOf(values, t, *scores);
  for (uint8_t s : *scores) ++dim->users_per_score[s - 1u];
  comm.AllreduceSum(dim->users_per_score);
  if (reversed)
    for (int64_t& v : t) v = -v;
  dim->thresholds = std::move(t);
  return Status::Ok();
}

}  // namespace

Result<RfmResult> ScoreRfm(Comm& comm, std::span<const features::UserFeatures> users,
                           const RfmParams& params) {
  if (params.bins < 2 || params.bins > 10) {
    return InvalidArgument("rfm: bins must be in 2..10, got " + std::to_string(params.bins));
  }
  RfmResult out;
  out.rules = params.segments.empty() ? DefaultSegments(params.bins) : params.segments;
  QRMARK_RETURN_IF_ERROR(ValidateSegments(out.rules, params.bins));
  std::vector<int64_t> r(users.size()), f(users.size()), m(users.size());
  for (size_t i = 0; i < users.size(); ++i) {
    r[i] = users[i].recency_days;
    f[i] = users[i].frequency;
    m[i] = users[i].monetary_cents;
  }
  QRMARK_RETURN_IF_ERROR(ScoreDimension(comm, std::move(r), params.bins, true, &out.r, &out.recency));
  QRMARK_RETURN_IF_ERROR(ScoreDimension(comm, std::move(f), params.bins, false, &out.f, &out.frequency));
  QRMARK_RETURN_IF_ERROR(ScoreDimension(comm, std::move(m), params.bins, false, &out.m, &out.monetary));
  for (const SegmentRule& s : out.rules) out.segment_names.push_back(s.name);
  out.segment_names.emplace_back(kOthersSegment);
  out.users_per_segment.assign(out.segment_names.size(), 0);
  out.segment.resize(users.size());
  for (size_t i = 0; i < users.size(); ++i) {
    out.segment[i] = MatchSegment(out.rules, out.r[i], out.f[i], out.m[i]);
    ++out.users_per_segment[static_cast<size_t>(out.segment[i])];
  }
  comm.AllreduceSum(out.users_per_segment);
  return out;
}

}  // namespace qrmark::rfm
