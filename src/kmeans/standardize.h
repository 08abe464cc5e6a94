// Standardization of k-means inputs: optional log1p per feature, then
// z = (y - mean) / std with mean and (population) std computed EXACTLY across
// ranks: fixed-point int64 sums whose scale depends only on global maxima, so
// the result is bit-identical for any number of ranks. Not a general
// scaler: no robust statistics, no missing values.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(StandardizedRows s, FitAndStandardize(comm, raw, 3, {true, true, true}));
//   // s.z: the standardized rows; s.standardizer: for other rows and back.
#ifndef QRMARK_SRC_KMEANS_STANDARDIZE_H_
#define QRMARK_SRC_KMEANS_STANDARDIZE_H_

#include <cstddef>
#include <span>
#include <vector>

#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::kmeans {

struct Standardizer {
  size_t dims = 0;
  std::vector<bool> log1p;     // per dim: y = log1p(x) before scaling
  std::vector<double> mean;    // of y, per dim
  std::vector<double> stddev;  // of y, population; 1 where y is constant
};

// The fitted standardizer and the rows it was fitted on, standardized.
struct StandardizedRows {
  Standardizer standardizer;
  std::vector<double> z;  // Standardize(standardizer, raw), bit for bit
};

// Fits on every rank's `raw` rows (row-major, `dims` columns) and
// standardizes them, taking each log1p once. `log1p` is empty (none) or one
// flag per dim. InvalidArgument (agreed on every rank) for a non-finite
// value, a log1p value <= -1, or a flag count != dims, with the local row and
// dimension. Collective: all ranks call it.
[[nodiscard]] Result<StandardizedRows> FitAndStandardize(Comm& comm, std::span<const double> raw, size_t dims,
                                                         std::vector<bool> log1p);

// Standardized copy of `raw` (rows FitAndStandardize would accept). Pure.
std::vector<double> Standardize(const Standardizer& s, std::span<const double> raw);

// Back to original units: y = z * std + mean, then expm1 where log1p. Pure.
std::vector<double> Unstandardize(const Standardizer& s, std::span<const double> z);

// std::log1p(x), bit for bit, from a table where x is a whole number below
// 4096 (recency days and frequencies, most of what k-means takes): no libm
// call for those. Thread-safe.
double Log1p(double x);

}  // namespace qrmark::kmeans

#endif  // QRMARK_SRC_KMEANS_STANDARDIZE_H_
