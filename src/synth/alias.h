// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
//
// For the synthetic data generator's heavy-tailed users, Zipf-popular
// products, regions, hours and channels. Memory is 12 bytes per outcome.
// Not for distributions that change. Thread safety: const after construction.
#ifndef QRMARK_SRC_SYNTH_ALIAS_H_
#define QRMARK_SRC_SYNTH_ALIAS_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/base/rng.h"

namespace qrmark::synth {

class AliasTable {
 public:
  // `weights` must be non-empty, non-negative, with a positive sum.
  explicit AliasTable(std::span<const double> weights);

  // An index in [0, size()) drawn with probability weight / sum.
  uint32_t Sample(Rng& rng) const {
    const uint32_t i = static_cast<uint32_t>(rng.Below(prob_.size()));
    return rng.Uniform01() < prob_[i] ? i : alias_[i];
  }
  size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<uint32_t> alias_;
};

// Zipf weights 1/(i+1)^s for i in [0, n).
std::vector<double> ZipfWeights(size_t n, double s);

}  // namespace qrmark::synth

#endif  // QRMARK_SRC_SYNTH_ALIAS_H_
