// Value tiers: clusters ranked by value, each with a name and a CRM strategy.
//
// A cluster's value is the weighted sum of its standardized center (default
// weights for (R days, F, M): -1, +1, +1, so recent, frequent, big spenders
// rank first); ties → lower cluster index. The best cluster gets tier 0.
// k = 3 defaults: high / mid / low with "important value" / "keep" /
// "win back"; other k: tier_1..tier_k, the first "important value", the last
// "win back", the rest "keep". Pure; thread-safe.
#ifndef QRMARK_SRC_KMEANS_TIERS_H_
#define QRMARK_SRC_KMEANS_TIERS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::kmeans {

struct TierParams {
  std::vector<double> value_weights;    // per dim; empty: -1, +1, +1, then 0
  std::vector<std::string> names;       // per tier, best first; empty: defaults
  std::vector<std::string> strategies;  // per tier; empty: defaults
};

struct Tiers {
  std::vector<int32_t> tier_of_cluster;        // [cluster] → tier index (0 = best)
  std::vector<double> cluster_value;           // [cluster]
  std::vector<std::string> names, strategies;  // [tier]
};

// InvalidArgument if names/strategies/weights are given with the wrong count.
[[nodiscard]] Result<Tiers> RankClustersIntoTiers(std::span<const double> centers_standardized, size_t k,
                                                  size_t dims, const TierParams& params);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_TIERS_H_
