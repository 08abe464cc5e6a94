// Feature columns → the k-means point matrix.
#include "src/kmeans/feature_matrix.h"

#include <string>

namespace qrmark::kmeans {
namespace {

double Value(const features::UserFeatures& u, FeatureColumn c) {
  switch (c) {
    case FeatureColumn::kRecencyDays:
      return u.recency_days;
    case FeatureColumn::kFrequency:
      return static_cast<double>(u.frequency);
    case FeatureColumn::kMonetaryCents:
      return static_cast<double>(u.monetary_cents);
    case FeatureColumn::kDistinctProducts:
      return u.distinct_products;
    case FeatureColumn::kDistinctCategories:
      return u.distinct_categories;
  }
  return 0;
}

}  // namespace

Result<FeatureColumn> FeatureColumnFromName(std::string_view name) {
  if (name == "recency") return FeatureColumn::kRecencyDays;
  if (name == "frequency") return FeatureColumn::kFrequency;
  if (name == "monetary") return FeatureColumn::kMonetaryCents;
  if (name == "distinct_products") return FeatureColumn::kDistinctProducts;
  if (name == "distinct_categories") return FeatureColumn::kDistinctCategories;
  return InvalidArgument("k-means: unknown feature \"" + std::string(name) +
                         "\" (recency, frequency, monetary, distinct_products, distinct_categories)");
}

std::vector<double> FeatureMatrix(std::span<const features::UserFeatures> users,
                                  std::span<const FeatureColumn> columns) {
  std::vector<double> out;
  out.reserve(users.size() * columns.size());
  for (const auto& u : users)
    for (FeatureColumn c : columns) out.push_back(Value(u, c));
  return out;
}

std::vector<uint64_t> UserKeys(std::span<const features::UserFeatures> users) {
  std::vector<uint64_t> keys;
  keys.reserve(users.size());
  for (const auto& u : users) keys.push_back(u.user_key);
  return keys;
}

}  // namespace qrmark::kmeans
