// ScanGenerator: per-day counts from rhythm weights, then per-scan draws.
#include "src/synth/scan_gen.h"

#include <algorithm>
#include <cmath>

#include "src/base/civil_time.h"
#include "src/base/hash.h"
#include "src/base/regions.h"

namespace qrmark::synth {
namespace {

constexpr double kCounterfeitShare = 0.003;  // of all scans
constexpr uint64_t kCounterfeitSerialBase = 1ull << 40;
constexpr uint32_t kCounterfeitBatch = 999999;

// Rough population weights (millions) in kRegionNames order.
constexpr double kRegionWeights[kRegionCount] = {22, 14, 25,  32, 74, 35, 42,  24, 31, 85, 65, 61,
                                                 42, 45, 102, 99, 58, 66, 127, 10, 84, 39, 47, 40,
                                                 25, 6,  23,  24, 50, 4,  7,   26, 7,  1};

constexpr double kHourWeights[24] = {2,  1, 1, 0.5, 0.5, 1, 2,  4,  6,  7,  8, 9,
                                     10, 9, 8, 8,   8,   9, 10, 12, 14, 13, 9, 5};
// unknown, wechat, alipay, taobao, browser, app, offline
constexpr double kChannelWeights[kChannelCount] = {0, 45, 25, 12, 10, 8, 0};

std::vector<double> UserWeights(uint32_t users, uint64_t seed) {
  std::vector<double> w(users);
  for (uint32_t u = 0; u < users; ++u) w[u] = std::exp(1.4 * Rng::ForKey(seed ^ 0x05e5ULL, u).Normal());
  return w;
}

// Busier weekends, and Singles' Day (Nov 11) three times a normal day.
double DayWeight(int64_t day_start_s) {
  const int64_t weekday = (day_start_s / kSecondsPerDay + 3) % 7;  // 0 = Monday (1970-01-01: Thursday)
  const double w = weekday >= 5 ? 1.35 : 1.0;
  return FormatUtc(day_start_s).substr(5, 5) == "11-11" ? 3 * w : w;
}

}  // namespace

ScanGenerator::ScanGenerator(const ScanGenOptions& options, const std::vector<catalog::CatalogEntry>& catalog)
    : opt_(options),
      rng_(options.seed),
      users_(UserWeights(options.users, options.seed)),
      products_(ZipfWeights(catalog.size(), 1.05)),
      hours_(std::span<const double>(kHourWeights)),
      regions_(std::span<const double>(kRegionWeights)),
      channels_(std::span<const double>(kChannelWeights)),
      counterfeit_seen_(std::max<uint64_t>(1, options.scans / 50000), false) {
  for (const catalog::CatalogEntry& e : catalog) price_cents_.push_back(e.price_cents);
  std::vector<double> w(options.days);
  double total = 0;
  for (uint32_t d = 0; d < options.days; ++d) {
    w[d] = DayWeight(opt_.last_day_s - static_cast<int64_t>(options.days - 1 - d) * kSecondsPerDay);
    total += w[d];
  }
  double cum = 0;
  for (uint32_t d = 0; d < options.days; ++d) {
    cum += w[d];
    day_end_.push_back(d + 1 == options.days
                           ? options.scans
                           : static_cast<uint64_t>(std::floor(cum / total * options.scans)));
  }
}

uint64_t ScanGenerator::UserKey(uint32_t u) const { return Mix64(opt_.seed * 0x100000001b3ULL + u) | 1; }

bool ScanGenerator::NextDay(std::vector<ScanRecord>* out) {
  out->clear();
  if (day_ >= opt_.days) return false;
  const int64_t day_start = opt_.last_day_s - static_cast<int64_t>(opt_.days - 1 - day_) * kSecondsPerDay;
  const uint64_t n = day_end_[day_] - (day_ == 0 ? 0 : day_end_[day_ - 1]);
  for (uint64_t i = 0; i < n; ++i) out->push_back(MakeScan(day_start, day_));
  std::sort(out->begin(), out->end(),
            [](const ScanRecord& a, const ScanRecord& b) { return a.ts_unix_ms < b.ts_unix_ms; });
  for (ScanRecord& r : *out) {
    r.scan_id = next_scan_id_++;
    SetSerial(&r);
  }
  ++day_;
  return true;
}

ScanRecord ScanGenerator::MakeScan(int64_t day_start_s, uint32_t day) {
  ScanRecord r{};
  const uint32_t user = users_.Sample(rng_);
  r.user_key = UserKey(user);
  const uint32_t product = products_.Sample(rng_);
  r.product_id = product + 1;
  r.batch_id = (product + 1) * 100 + day / 30;
  const int64_t ms =
      static_cast<int64_t>(hours_.Sample(rng_)) * 3600000 + static_cast<int64_t>(rng_.Below(3600000));
  r.ts_unix_ms = day_start_s * 1000 + ms;
  Rng home = Rng::ForKey(opt_.seed ^ 0x40e5ULL, user);
  const uint16_t home_region = static_cast<uint16_t>(regions_.Sample(home));
  r.device_os = static_cast<DeviceOs>(home.Uniform01() < 0.35 ? 1 : home.Uniform01() < 0.95 ? 2 : 3);
  r.region = rng_.Uniform01() < 0.9 ? home_region : static_cast<uint16_t>(regions_.Sample(rng_));
  r.channel = static_cast<Channel>(channels_.Sample(rng_));
  const double q = rng_.Uniform01();
  r.amount_cents = price_cents_[product] * (q < 0.8 ? 1 : q < 0.95 ? 2 : 3);
  r.serial = rng_.Uniform01() < kCounterfeitShare
                 ? kCounterfeitSerialBase + rng_.Below(counterfeit_seen_.size())
                 : 0;
  return r;
}

void ScanGenerator::SetSerial(ScanRecord* r) {
  if (r->serial >= kCounterfeitSerialBase) {  // a cloned code: scanned from anywhere
    const uint64_t c = r->serial - kCounterfeitSerialBase;
    r->batch_id = kCounterfeitBatch;
    r->flags = counterfeit_seen_[c] ? kFlagRepeat : kFlagFirstScan;
    counterfeit_seen_[c] = true;
    return;
  }
  r->serial = r->scan_id + 1;  // a genuine unit, scanned once
  r->flags = kFlagFirstScan;
}

}  // namespace qrmark::synth
