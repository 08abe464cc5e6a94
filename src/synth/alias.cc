// Vose's construction of the alias table, in a fixed order (deterministic).
#include "src/synth/alias.h"

#include <cassert>
#include <cmath>

namespace qrmark::synth {

AliasTable::AliasTable(std::span<const double> weights) : prob_(weights.size()), alias_(weights.size()) {
  assert(!weights.empty());
  double sum = 0;
  for (double w : weights) sum += w;
  assert(sum > 0);
  const double n = static_cast<double>(weights.size());
  std::vector<double> scaled(weights.size());
  std::vector<uint32_t> small, large;
  for (size_t i = 0; i < weights.size(); ++i) {
    scaled[i] = weights[i] * n / sum;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (uint32_t i : large) {
    prob_[i] = 1.0;
    alias_[i] = i;
  }
  for (uint32_t i : small) {
    prob_[i] = 1.0;
    alias_[i] = i;
  }  // rounding leftovers
}

std::vector<double> ZipfWeights(size_t n, double s) {
  std::vector<double> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = 1.0 / std::pow(static_cast<double>(i + 1), s);
  return w;
}

}  // namespace qrmark::synth
