// BuildUserLists: scans grouped by user → deduplicated, weighted, capped rows.
#include "src/itemcf/user_lists.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "src/base/hash.h"

namespace qrmark::itemcf {
namespace {

struct Entry {
  int32_t product;
  double weight;
  int64_t last_ts;
};

double DecayFactor(int64_t ts, int64_t as_of_s, double half_life_days) {
  if (half_life_days <= 0) return 1.0;
  const double age_days = static_cast<double>(std::max<int64_t>(0, as_of_s - ts)) / 86400.0;
  return std::exp2(-age_days / half_life_days);
}

// One user's scans → `out`, ascending by product, capped; true if capped.
bool BuildRow(std::span<const UserScan> run, int64_t as_of_s, const WeightParams& p,
              std::vector<std::pair<int32_t, int64_t>>& scratch, std::vector<Entry>& out) {
  scratch.clear();
  for (const UserScan& s : run)
    scratch.emplace_back(static_cast<int32_t>(s.product_id), s.ts_unix_s);
  std::sort(scratch.begin(), scratch.end());
  out.clear();
  for (size_t i = 0; i < scratch.size();) {
    size_t j = i;
    double sum = 0, newest = 0;
    for (; j < scratch.size() && scratch[j].first == scratch[i].first; ++j) {
      const double f = DecayFactor(scratch[j].second, as_of_s, p.half_life_days);
      sum += f;
      newest = std::max(newest, f);
    }
    double w = p.weighting == Weighting::kBinary  ? newest
               : p.weighting == Weighting::kCount ? sum
                                                  : std::log1p(sum);
    out.push_back({scratch[i].first, w, scratch[j - 1].second});
    i = j;
  }
  const auto cap = static_cast<size_t>(p.max_products_per_user);
  if (cap == 0 || out.size() <= cap) return false;
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return a.last_ts != b.last_ts ? a.last_ts > b.last_ts : a.product < b.product;
  });
  out.resize(cap);
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.product < b.product; });
  return true;
}

}  // namespace

Result<Weighting> ParseWeighting(std::string_view name) {
  for (Weighting w : {Weighting::kBinary, Weighting::kCount, Weighting::kLog1p}) {
    if (name == WeightingName(w)) return w;
  }
  return InvalidArgument("itemcf: weighting '" + std::string(name) +
                         "' is not one of binary, count, log1p");
}

std::string_view WeightingName(Weighting w) {
  return w == Weighting::kBinary ? "binary" : w == Weighting::kCount ? "count" : "log1p";
}

Result<std::vector<int64_t>> UserScanBounds(std::span<const UserScan> scans,
                                            std::span<const uint64_t> user_keys) {
  for (size_t k = 1; k < user_keys.size(); ++k) {
    if (!UserOrderLess(user_keys[k - 1], user_keys[k])) {
      return InvalidArgument(
          "itemcf: user keys not strictly increasing in UserOrderLess at index " +
          std::to_string(k) + " (key " + std::to_string(user_keys[k]) + ")");
    }
  }
  std::vector<int64_t> bounds(user_keys.size() + 1, 0);
  size_t k = 0;
  for (size_t i = 0; i < scans.size(); ++i) {
    while (k < user_keys.size() && scans[i].user_key != user_keys[k])
      bounds[++k] = static_cast<int64_t>(i);
    if (k == user_keys.size()) {
      return InvalidArgument("itemcf: scan " + std::to_string(i) + " of user " +
                             std::to_string(scans[i].user_key) +
                             " is not grouped by user in the order of the user keys");
    }
  }
  while (k < user_keys.size()) bounds[++k] = static_cast<int64_t>(scans.size());
  return bounds;
}

Result<UserLists> BuildUserLists(std::span<const UserScan> scans,
                                 std::span<const uint64_t> user_keys, int32_t num_products,
                                 int64_t as_of_s, const WeightParams& params) {
  if (params.half_life_days < 0 || params.max_products_per_user < 0 || num_products < 0) {
    return InvalidArgument(
        "itemcf: half_life_days, max_products_per_user and num_products must be >= 0");
  }
  for (size_t i = 0; i < scans.size(); ++i) {
    if (scans[i].product_id >= static_cast<uint32_t>(num_products)) {
      return InvalidArgument("itemcf: scan " + std::to_string(i) + " has product id " +
                             std::to_string(scans[i].product_id) + ", not below the " +
                             std::to_string(num_products) + " products of the dictionary");
    }
  }
  QRMARK_ASSIGN_OR_RETURN(std::vector<int64_t> bounds, UserScanBounds(scans, user_keys));
  const auto n = static_cast<int64_t>(user_keys.size());
  // Each row fits in its scan range: write it there, then compact in order.
  std::vector<int32_t> products(scans.size());
  const bool unit = params.weighting == Weighting::kBinary && params.half_life_days == 0;
  std::vector<double> weights(unit ? 0 : scans.size());
  std::vector<int64_t> kept(n, 0);
  int64_t capped = 0;
#pragma omp parallel reduction(+ : capped)
  {
    std::vector<std::pair<int32_t, int64_t>> scratch;
    std::vector<Entry> row;
#pragma omp for schedule(dynamic, 256)
    for (int64_t u = 0; u < n; ++u) {
      const auto run = scans.subspan(bounds[u], bounds[u + 1] - bounds[u]);
      capped += BuildRow(run, as_of_s, params, scratch, row) ? 1 : 0;
      kept[u] = static_cast<int64_t>(row.size());
      for (int64_t j = 0; j < kept[u]; ++j) {
        products[bounds[u] + j] = row[j].product;
        if (!unit) weights[bounds[u] + j] = row[j].weight;
      }
    }
  }
  UserLists lists;
  lists.capped_users = capped;
  lists.offsets.assign(n + 1, 0);
  int64_t at = 0;
  for (int64_t u = 0; u < n; ++u) {
    std::copy_n(products.begin() + bounds[u], kept[u], products.begin() + at);
    if (!unit) std::copy_n(weights.begin() + bounds[u], kept[u], weights.begin() + at);
    at += kept[u];
    lists.offsets[u + 1] = at;
  }
  products.resize(at);
  if (!unit) weights.resize(at);
  lists.products = std::move(products);
  lists.weights = std::move(weights);
  return lists;
}

}  // namespace qrmark::itemcf
