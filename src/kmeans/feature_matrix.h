// The k-means input matrix: chosen per-user feature columns as doubles, one
// row per user in the users' order. Default columns: recency, frequency,
// monetary (the RFM space). Pure; thread-safe.
#ifndef QRMARK_SRC_KMEANS_FEATURE_MATRIX_H_
#define QRMARK_SRC_KMEANS_FEATURE_MATRIX_H_

#include <span>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/features/user_features.h"

namespace qrmark::kmeans {

enum class FeatureColumn { kRecencyDays, kFrequency, kMonetaryCents, kDistinctProducts, kDistinctCategories };

// "recency", "frequency", "monetary", "distinct_products",
// "distinct_categories"; InvalidArgument (listing these) otherwise.
[[nodiscard]] Result<FeatureColumn> FeatureColumnFromName(std::string_view name);

// users.size() rows × columns.size() values, row-major.
std::vector<double> FeatureMatrix(std::span<const features::UserFeatures> users,
                                  std::span<const FeatureColumn> columns);

// The users' keys, in order (the k-means point keys).
std::vector<uint64_t> UserKeys(std::span<const features::UserFeatures> users);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_FEATURE_MATRIX_H_
