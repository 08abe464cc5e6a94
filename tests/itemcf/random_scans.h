// Test helper: seeded random scans, grouped by user in UserOrderLess order.
//
// Users 1..users draw Zipf-ish products (small ids are popular) at random
// times, so rows have ties, repeats and heavy users. Same seed, same scans.
#ifndef QRMARK_TESTS_ITEMCF_RANDOM_SCANS_H_
#define QRMARK_TESTS_ITEMCF_RANDOM_SCANS_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "src/base/hash.h"
#include "src/base/scan_record.h"

namespace qrmark::itemcf::testing {

struct ScanSet {
  std::vector<UserScan> scans;  // grouped by user, groups in `keys` order
  std::vector<uint64_t> keys;   // UserOrderLess order
};

inline ScanSet RandomScans(uint64_t seed, int users, int32_t products, int max_scans) {
  std::mt19937_64 rng(seed);
  ScanSet set;
  for (int u = 1; u <= users; ++u) set.keys.push_back(static_cast<uint64_t>(u) * 7919);
  std::sort(set.keys.begin(), set.keys.end(), UserOrderLess);
  for (uint64_t key : set.keys) {
    const int n = static_cast<int>(rng() % static_cast<uint64_t>(max_scans + 1));
    for (int i = 0; i < n; ++i) {
      const double x = std::uniform_real_distribution<double>(0, 1)(rng);
      const auto p = static_cast<uint32_t>(std::pow(x, 2.0) * products);
      const auto ts = static_cast<int64_t>(1'700'000'000 + rng() % (90 * 86400));
      set.scans.push_back(UserScan{key, ts, 0, std::min<uint32_t>(p, products - 1), 0, {}, {}});
    }
  }
  return set;
}

}  // namespace qrmark::itemcf::testing

#endif  // QRMARK_TESTS_ITEMCF_RANDOM_SCANS_H_
