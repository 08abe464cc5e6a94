// Synthetic scans, one day at a time, in time order: the stream `qrmark gen`
// writes.
//
// Shape: heavy-tailed users (lognormal activity), Zipf-popular products,
// daily and weekly rhythm (evening peak, busier weekends, a Singles' Day
// spike), 34 regions weighted by population with each user mostly in a home
// region, channels and device OS, per-product prices, and a few counterfeit
// serials scanned many times from many regions (first_scan, then repeat).
// Deterministic in the options; memory is O(users + products + one day).
// Not a statistical model of any real market.
#ifndef QRMARK_SRC_SYNTH_SCAN_GEN_H_
#define QRMARK_SRC_SYNTH_SCAN_GEN_H_

#include <cstdint>
#include <vector>

#include "io/catalog/catalog.h"
#include "src/base/rng.h"
#include "src/base/scan_record.h"
#include "src/synth/alias.h"

namespace qrmark::synth {

struct ScanGenOptions {
  uint64_t scans = 1000000;
  uint32_t users = 100000;
  uint32_t days = 365;
  int64_t last_day_s = 0;  // midnight UTC of the last day
  uint64_t seed = 1;
};

class ScanGenerator {
 public:
  // `catalog` gives the products (code i+1 at index i) and their prices.
  ScanGenerator(const ScanGenOptions& options, const std::vector<catalog::CatalogEntry>& catalog);

  // The next day's scans, sorted by time, scan ids consecutive from 0.
  // False when every day is done.
  bool NextDay(std::vector<ScanRecord>* out);

  // The key of user index u (nonzero, distinct per index).
  uint64_t UserKey(uint32_t u) const;

 private:
  ScanRecord MakeScan(int64_t day_start_s, uint32_t day);
  void SetSerial(ScanRecord* r);  // after the scan id is known

  ScanGenOptions opt_;
  std::vector<int64_t> price_cents_;
  Rng rng_;
  AliasTable users_, products_, hours_, regions_, channels_;
  std::vector<uint64_t> day_end_;  // cumulative scan counts per day
  std::vector<bool> counterfeit_seen_;
  uint32_t day_ = 0;
  uint64_t next_scan_id_ = 0;
};

}  // namespace qrmark::synth

#endif  // QRMARK_SRC_SYNTH_SCAN_GEN_H_
