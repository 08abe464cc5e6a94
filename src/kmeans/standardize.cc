// Exact, rank-invariant mean and standard deviation via fixed-point sums.
#include "src/kmeans/standardize.h"

#include <cmath>
#include <cstdint>
#include <sstream>

#include "src/kmeans/points.h"

namespace qrmark::kmeans {
namespace {

Status CheckRaw(std::span<const double> raw, size_t dims, const std::vector<bool>& log1p) {
  if (dims == 0 || raw.size() % dims != 0 || (!log1p.empty() && log1p.size() != dims)) {
    std::ostringstream m;
    m << "standardize: " << raw.size() << " values do not form rows of " << dims << " dims with "
      << log1p.size() << " log1p flags";
    return InvalidArgument(m.str());
  }
  for (size_t i = 0; i < raw.size() / dims; ++i) {
    for (size_t d = 0; d < dims; ++d) {
      const double x = raw[i * dims + d];
      if (std::isfinite(x) && (log1p.empty() || !log1p[d] || x > -1)) continue;
      std::ostringstream m;
      m << "standardize: value " << x << " at local row " << i << ", dim " << d
        << (std::isfinite(x) ? " is <= -1 and cannot take log1p" : " is not finite");
      return InvalidArgument(m.str());
    }
  }
  return Status::Ok();
}

// Exact global sum of `values[i*dims + d]` over rows, per dim, as doubles.
std::vector<double> ExactColumnSums(Comm& comm, const std::vector<double>& values, size_t dims,
                                    int64_t n_global) {
  const size_t rows = values.size() / dims;
  std::vector<double> max_abs(dims, 0.0);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t d = 0; d < dims; ++d) max_abs[d] = std::max(max_abs[d], std::abs(values[i * dims + d]));
  }
  comm.AllreduceMax(max_abs);
  std::vector<double> e(dims);
  for (size_t d = 0; d < dims; ++d) e[d] = Pow2(FixedExponent(max_abs[d], n_global));
  std::vector<int64_t> sums(dims, 0);
  for (size_t i = 0; i < rows; ++i) {
    for (size_t d = 0; d < dims; ++d) sums[d] += ToFixed(values[i * dims + d], e[d]);
  }
  comm.AllreduceSum(sums);
  std::vector<double> out(dims);
  for (size_t d = 0; d < dims; ++d) out[d] = FromFixed(sums[d], e[d]);
  return out;
}

// y = log1p(x) where the dim's flag is set, else x.
std::vector<double> Transformed(std::span<const double> raw, size_t dims, const std::vector<bool>& log1p) {
  std::vector<double> y(raw.size());
  for (size_t i = 0; i < raw.size() / dims; ++i) {
    for (size_t d = 0; d < dims; ++d) {
      const double x = raw[i * dims + d];
      y[i * dims + d] = log1p[d] ? Log1p(x) : x;
    }
  }
  return y;
}

}  // namespace

double Log1p(double x) {
  constexpr uint32_t kWhole = 4096;
  static const std::vector<double> whole = [] {
    std::vector<double> t(kWhole);
    for (uint32_t v = 0; v < kWhole; ++v) t[v] = std::log1p(static_cast<double>(v));
    return t;
  }();
  if (x >= 0 && x < kWhole) {
    const auto v = static_cast<uint32_t>(x);
    if (static_cast<double>(v) == x) return whole[v];
  }
  return std::log1p(x);
}

Result<StandardizedRows> FitAndStandardize(Comm& comm, std::span<const double> raw, size_t dims,
                                           std::vector<bool> log1p) {
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CheckRaw(raw, dims, log1p)));
  Standardizer s;
  s.dims = dims;
  s.log1p = log1p.empty() ? std::vector<bool>(dims, false) : std::move(log1p);
  const size_t rows = raw.size() / dims;
  const int64_t n = comm.SumOf(static_cast<int64_t>(rows));
  if (n == 0) return InvalidArgument("standardize: no points on any rank");
  std::vector<double> y = Transformed(raw, dims, s.log1p);
  s.mean = ExactColumnSums(comm, y, dims, n);
  for (double& m : s.mean) m /= static_cast<double>(n);
  std::vector<double> squared_deviation(y.size());
  for (size_t i = 0; i < rows; ++i) {
    for (size_t d = 0; d < dims; ++d) {
      const double dev = y[i * dims + d] - s.mean[d];
      squared_deviation[i * dims + d] = dev * dev;
    }
  }
  s.stddev = ExactColumnSums(comm, squared_deviation, dims, n);
  for (double& v : s.stddev) v = v > 0 ? std::sqrt(v / static_cast<double>(n)) : 1.0;
  for (size_t i = 0; i < rows; ++i) {  // in place: y becomes z, as Standardize computes it
    for (size_t d = 0; d < dims; ++d) y[i * dims + d] = (y[i * dims + d] - s.mean[d]) / s.stddev[d];
  }
  return StandardizedRows{std::move(s), std::move(y)};
}

std::vector<double> Standardize(const Standardizer& s, std::span<const double> raw) {
  std::vector<double> z = Transformed(raw, s.dims, s.log1p);
  for (size_t i = 0; i < z.size() / s.dims; ++i) {
    for (size_t d = 0; d < s.dims; ++d) z[i * s.dims + d] = (z[i * s.dims + d] - s.mean[d]) / s.stddev[d];
  }
  return z;
}

std::vector<double> Unstandardize(const Standardizer& s, std::span<const double> z) {
  std::vector<double> x(z.size());
  for (size_t i = 0; i < z.size() / s.dims; ++i) {
    for (size_t d = 0; d < s.dims; ++d) {
      const double y = z[i * s.dims + d] * s.stddev[d] + s.mean[d];
      x[i * s.dims + d] = s.log1p[d] ? std::expm1(y) : y;
    }
  }
  return x;
}

}  // namespace qrmark::kmeans
