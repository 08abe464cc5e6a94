// The per-user results and their summaries as snapshot tables, so the job
// appends them as they are: "users" (distributed: this rank's users, in
// their order), "clusters" and "segments" (replicated), plus the figures the
// snapshot's metadata records (RFM thresholds and tie rule, k-means inertia,
// sizes, seeding). Labels are int32 codes plus dictionaries. Pure.
//
// Example (the analytics part of the nightly job, after the shuffle):
//   features::GroupScansByUser(scans);
//   QRMARK_ASSIGN_OR_RETURN(auto feats, features::ComputeUserFeatures(scans, feature_params));
//   QRMARK_ASSIGN_OR_RETURN(auto rfm, rfm::ScoreRfm(comm, feats, rfm_params));
//   const kmeans::FeatureColumn cols[] = {kRecencyDays, kFrequency, kMonetaryCents};
//   QRMARK_ASSIGN_OR_RETURN(auto model, kmeans::FitKMeans(comm, kmeans::FeatureMatrix(feats, cols),
//                                                         kmeans::UserKeys(feats), 3, kmeans_params));
//   QRMARK_ASSIGN_OR_RETURN(auto tiers, kmeans::RankClustersIntoTiers(model.centers, model.k, 3, {}));
//   QRMARK_ASSIGN_OR_RETURN(snapshot::Table users, UsersTable({feats, rfm, model, tiers, regions}));
#ifndef QRMARK_SRC_AGGREGATES_ANALYTICS_TABLES_H_
#define QRMARK_SRC_AGGREGATES_ANALYTICS_TABLES_H_

#include <map>
#include <span>
#include <string>

#include "io/snapshot/table.h"
#include "src/base/status.h"
#include "src/features/user_features.h"
#include "src/kmeans/kmeans.h"
#include "src/kmeans/tiers.h"
#include "src/rfm/rfm_score.h"

namespace qrmark::aggregates {

struct UserTableInputs {
  std::span<const features::UserFeatures> users;  // this rank's, in output order
  const rfm::RfmResult& rfm;                      // ScoreRfm over `users`
  const kmeans::KMeansModel& model;               // FitKMeans over `users` (same order)
  const kmeans::Tiers& tiers;                     // RankClustersIntoTiers(model)
  std::span<const std::string> region_names;      // region id → name
};

// "users" (distributed): user_key, recency_days, frequency, monetary_cents,
// first_seen_s, last_seen_s, distinct_products, distinct_categories,
// top_region, top_channel, device_os, hour_histogram[24], lifecycle,
// r_score, f_score, m_score, segment, cluster, tier. InvalidArgument if the
// inputs do not have one row per user or a region id has no name.
[[nodiscard]] Result<snapshot::Table> UsersTable(const UserTableInputs& in);

// "clusters" (replicated): cluster, tier, size, value, then per feature
// center_<name> (original units) and center_<name>_std (standardized).
snapshot::Table ClustersTable(const kmeans::KMeansModel& model, const kmeans::Tiers& tiers,
                              std::span<const std::string> feature_names);

// "segments" (replicated): segment, users, r_min, r_max, f_min, f_max,
// m_min, m_max (0 for Others), strategy-free: the rule table as rows.
snapshot::Table SegmentsTable(const rfm::RfmResult& rfm);

// Root attributes: rfm_bins, rfm_tie_rule, rfm_{recency,frequency,monetary}
// _thresholds and _users_per_score, rfm_segment_table, kmeans_k, kmeans_seeding,
// kmeans_inertia, kmeans_iterations, kmeans_restart_inertia, kmeans_best_restart,
// kmeans_mean, kmeans_std, kmeans_tier_strategies.
std::map<std::string, snapshot::AttributeValue> AnalyticsAttributes(const rfm::RfmResult& rfm,
                                                                    const kmeans::KMeansParams& params,
                                                                    const kmeans::KMeansModel& model,
                                                                    const kmeans::Tiers& tiers);

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_ANALYTICS_TABLES_H_
