// Metrics: the daemon's counters and histograms in Prometheus text format.
//
// Requests by route and verdict, HTTP status classes, request latency and
// scan-log fsync latency histograms, log bytes and records, 429s, and the
// served snapshot's id and age. Lock-free relaxed atomics: exact counts,
// not a consistent cut across metrics. Not a tracing system.
//
// Thread safety: every method is safe from any thread.
#ifndef QRMARK_SRC_VERIFYD_METRICS_H_
#define QRMARK_SRC_VERIFYD_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "src/verifyd/verdict.h"

namespace qrmark::verifyd {

enum class Route : uint8_t {
  kVerifyPage, kVerifyJson, kGs1, kHealth, kMetrics, kPortrait, kManifest, kSnapshotFile, kOther,
};
inline constexpr int kRouteCount = 9;
std::string_view RouteName(Route r);

class Histogram {
 public:
  static constexpr std::array<double, 11> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                     0.005,  0.01,    0.025,  0.05,  0.1, 1};
  void Observe(double seconds);
  // "<name>_bucket{le=..} n" lines, _sum and _count.
  void Render(std::string_view name, std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_ns_{0};
  std::atomic<uint64_t> count_{0};
};

struct SnapshotGauge {
  std::string id;          // empty when no snapshot is loaded
  int64_t age_s = 0;       // now - created
};

class Metrics {
 public:
  // `verdict` is meaningful for the verify routes only; `status` the HTTP status.
  void CountRequest(Route route, int status, const Verdict* verdict, double seconds);
  void CountCommit(int64_t fsync_ns, uint64_t records, uint64_t bytes);
  void CountThrottled() { throttled_.fetch_add(1, std::memory_order_relaxed); }

  std::string Render(const SnapshotGauge& snapshot) const;

 private:
  std::array<std::array<std::atomic<uint64_t>, kVerdictCount + 1>, kRouteCount> by_route_{};
  std::array<std::atomic<uint64_t>, 6> by_status_class_{};  // 0xx..5xx
  Histogram latency_, fsync_;
  std::atomic<uint64_t> log_records_{0}, log_bytes_{0}, commits_{0}, throttled_{0};
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_METRICS_H_
