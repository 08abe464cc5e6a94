// Ranking clusters into named value tiers with CRM strategies.
#include "src/kmeans/tiers.h"

#include <algorithm>

namespace qrmark::kmeans {
namespace {

constexpr const char* kTop = "important value: retain with VIP service and early access";
constexpr const char* kKeep = "keep: raise frequency with cross-sell and loyalty points";
constexpr const char* kWinBack = "win back: reactivation offer, then let go if silent";

std::vector<std::string> DefaultNames(size_t k) {
  if (k == 3) return {"high", "mid", "low"};
  std::vector<std::string> names;
  for (size_t t = 0; t < k; ++t) names.push_back("tier_" + std::to_string(t + 1));
  return names;
}

std::vector<std::string> DefaultStrategies(size_t k) {
  std::vector<std::string> s(k, kKeep);
  if (k >= 1) s.front() = kTop;
  if (k >= 2) s.back() = kWinBack;
  return s;
}

}  // namespace

Result<Tiers> RankClustersIntoTiers(std::span<const double> centers, size_t k, size_t dims,
                                    const TierParams& params) {
  std::vector<double> w = params.value_weights;
  if (w.empty()) {
    w.assign(dims, 0.0);
    const double defaults[] = {-1.0, 1.0, 1.0};
    for (size_t d = 0; d < std::min<size_t>(dims, 3); ++d) w[d] = defaults[d];
  }
  if (w.size() != dims || (!params.names.empty() && params.names.size() != k) ||
      (!params.strategies.empty() && params.strategies.size() != k) || centers.size() != k * dims) {
    return InvalidArgument("tiers: need " + std::to_string(dims) + " weights and " + std::to_string(k) +
                           " names and strategies (or none), got " + std::to_string(w.size()) + ", " +
                           std::to_string(params.names.size()) + ", " +
                           std::to_string(params.strategies.size()));
  }
  Tiers t;
  t.cluster_value.assign(k, 0.0);
  for (size_t c = 0; c < k; ++c)
    for (size_t d = 0; d < dims; ++d) t.cluster_value[c] += w[d] * centers[c * dims + d];
  std::vector<size_t> order(k);
  for (size_t c = 0; c < k; ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return t.cluster_value[a] > t.cluster_value[b]; });
  t.tier_of_cluster.assign(k, 0);
  for (size_t rank = 0; rank < k; ++rank) t.tier_of_cluster[order[rank]] = static_cast<int32_t>(rank);
  t.names = params.names.empty() ? DefaultNames(k) : params.names;
  t.strategies = params.strategies.empty() ? DefaultStrategies(k) : params.strategies;
  return t;
}

}  // namespace qrmark::kmeans
