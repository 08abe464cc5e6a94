// Plain Lloyd, one process, double sums: the reference for tests and benches.
#include "src/kmeans/kmeans_ref.h"

namespace qrmark::kmeans {
namespace {

double Dist2(const double* a, const double* b, size_t dims) {
  double s = 0;
  for (size_t d = 0; d < dims; ++d) s += (a[d] - b[d]) * (a[d] - b[d]);
  return s;
}

// Assigns every point; returns the inertia and fills `dist2`.
double Assign(std::span<const double> points, size_t dims, const std::vector<double>& centers, size_t k,
              std::vector<int32_t>& assignment, std::vector<double>& dist2) {
  double inertia = 0;
  for (size_t i = 0; i < assignment.size(); ++i) {
    assignment[i] = 0;
    dist2[i] = Dist2(&points[i * dims], &centers[0], dims);
    for (size_t c = 1; c < k; ++c) {
      const double d = Dist2(&points[i * dims], &centers[c * dims], dims);
      if (d < dist2[i]) dist2[i] = d, assignment[i] = static_cast<int32_t>(c);
    }
    inertia += dist2[i];
  }
  return inertia;
}

}  // namespace

RefResult KMeansRef(std::span<const double> points, std::span<const uint64_t> keys, size_t dims,
                    std::vector<double> centers, size_t k, int max_iter, double tol) {
  const size_t n = keys.size();
  RefResult r;
  r.assignment.resize(n);
  std::vector<double> dist2(n);
  for (int it = 0; it < max_iter; ++it) {
    Assign(points, dims, centers, k, r.assignment, dist2);
    std::vector<double> sums(k * dims, 0.0);
    std::vector<int64_t> counts(k, 0);
    for (size_t i = 0; i < n; ++i) {
      const size_t c = static_cast<size_t>(r.assignment[i]);
      ++counts[c];
      for (size_t d = 0; d < dims; ++d) sums[c * dims + d] += points[i * dims + d];
    }
    std::vector<double> next = centers;
    for (size_t c = 0; c < k; ++c) {
      if (counts[c] > 0) {
        for (size_t d = 0; d < dims; ++d)
          next[c * dims + d] = sums[c * dims + d] / static_cast<double>(counts[c]);
        continue;
      }
      size_t far = n;  // farthest unused point, ties → smallest key
      for (size_t i = 0; i < n; ++i) {
        if (dist2[i] >= 0 &&
            (far == n || dist2[i] > dist2[far] || (dist2[i] == dist2[far] && keys[i] < keys[far])))
          far = i;
      }
      if (far == n) continue;
      for (size_t d = 0; d < dims; ++d) next[c * dims + d] = points[far * dims + d];
      dist2[far] = -1;
    }
    double shift = 0;
    for (size_t j = 0; j < next.size(); ++j) shift += (next[j] - centers[j]) * (next[j] - centers[j]);
    centers = std::move(next);
    r.iterations = it + 1;
    if (shift <= tol) break;
  }
  r.inertia = Assign(points, dims, centers, k, r.assignment, dist2);
  r.sizes.assign(k, 0);
  for (int32_t a : r.assignment) ++r.sizes[static_cast<size_t>(a)];
  r.centers = std::move(centers);
  return r;
}

}  // namespace qrmark::kmeans
