// Exact, rank-invariant mean and standard deviation via fixed-point sums.
#include "src/kmeans/standardize.h"

#include <cmath>
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
  for (size_t i = 0; i < raw.size(); ++i) {
    const size_t d = i % dims;
    if (std::isfinite(raw[i]) && (log1p.empty() || !log1p[d] || raw[i] > -1)) continue;
    std::ostringstream m;
    m << "standardize: value " << raw[i] << " at local row " << i / dims << ", dim " << d
      << (std::isfinite(raw[i]) ? " is <= -1 and cannot take log1p" : " is not finite");
    return InvalidArgument(m.str());
  }
  return Status::Ok();
}

// Exact global sum of `values[i*dims + d]` over rows, per dim, as doubles.
std::vector<double> ExactColumnSums(Comm& comm, const std::vector<double>& values, size_t dims,
                                    int64_t n_global) {
  std::vector<double> max_abs(dims, 0.0);
  for (size_t i = 0; i < values.size(); ++i)
    max_abs[i % dims] = std::max(max_abs[i % dims], std::abs(values[i]));
  comm.AllreduceMax(max_abs);
  std::vector<double> e(dims);
  for (size_t d = 0; d < dims; ++d) e[d] = Pow2(FixedExponent(max_abs[d], n_global));
  std::vector<int64_t> sums(dims, 0);
  for (size_t i = 0; i < values.size(); ++i) sums[i % dims] += ToFixed(values[i], e[i % dims]);
  comm.AllreduceSum(sums);
  std::vector<double> out(dims);
  for (size_t d = 0; d < dims; ++d) out[d] = FromFixed(sums[d], e[d]);
  return out;
}

double Transform(double x, bool log1p) { return log1p ? std::log1p(x) : x; }

}  // namespace

Result<Standardizer> FitStandardizer(Comm& comm, std::span<const double> raw, size_t dims,
                                     std::vector<bool> log1p) {
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CheckRaw(raw, dims, log1p)));
  Standardizer s;
  s.dims = dims;
  s.log1p = log1p.empty() ? std::vector<bool>(dims, false) : std::move(log1p);
  const int64_t n = comm.SumOf(static_cast<int64_t>(raw.size() / dims));
  if (n == 0) return InvalidArgument("standardize: no points on any rank");
  std::vector<double> y(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) y[i] = Transform(raw[i], s.log1p[i % dims]);
  s.mean = ExactColumnSums(comm, y, dims, n);
  for (double& m : s.mean) m /= static_cast<double>(n);
  for (size_t i = 0; i < y.size(); ++i) y[i] = (y[i] - s.mean[i % dims]) * (y[i] - s.mean[i % dims]);
  s.stddev = ExactColumnSums(comm, y, dims, n);
  for (double& v : s.stddev) v = v > 0 ? std::sqrt(v / static_cast<double>(n)) : 1.0;
  return s;
}

std::vector<double> Standardize(const Standardizer& s, std::span<const double> raw) {
  std::vector<double> z(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const size_t d = i % s.dims;
    z[i] = (Transform(raw[i], s.log1p[d]) - s.mean[d]) / s.stddev[d];
  }
  return z;
}

std::vector<double> Unstandardize(const Standardizer& s, std::span<const double> z) {
  std::vector<double> x(z.size());
  for (size_t i = 0; i < z.size(); ++i) {
    const size_t d = i % s.dims;
    const double y = z[i] * s.stddev[d] + s.mean[d];
    x[i] = s.log1p[d] ? std::expm1(y) : y;
  }
  return x;
}

}  // namespace qrmark::kmeans
