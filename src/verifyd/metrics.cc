// Prometheus text rendering of the daemon's counters and histograms.
#include "src/verifyd/metrics.h"

#include <cstdio>

namespace qrmark::verifyd {
namespace {

void Line(std::string* out, std::string_view name, std::string_view labels, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %.17g\n", value);
  out->append(name).append(labels).append(buf);
}

}  // namespace

std::string_view RouteName(Route r) {
  static constexpr std::string_view kNames[] = {"verify_page", "verify_json", "gs1",
                                                "healthz", "metrics", "portrait",
                                                "snapshot_manifest", "snapshot_file", "other"};
  return kNames[static_cast<int>(r)];
}

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::Render(std::string_view name, std::string* out) const {
  out->append("# TYPE ").append(name).append(" histogram\n");
  uint64_t cumulative = 0;
  std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i <= kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    char le[48];
    if (i < kBounds.size()) std::snprintf(le, sizeof le, "{le=\"%g\"}", kBounds[i]);
    else std::snprintf(le, sizeof le, "{le=\"+Inf\"}");
    Line(out, bucket, le, static_cast<double>(cumulative));
  }
  Line(out, std::string(name) + "_sum", "", sum_ns_.load(std::memory_order_relaxed) / 1e9);
  Line(out, std::string(name) + "_count", "", static_cast<double>(count_.load()));
}

void Metrics::CountRequest(Route route, int status, const Verdict* verdict, double seconds) {
  int v = verdict ? static_cast<int>(*verdict) : kVerdictCount;
  by_route_[static_cast<int>(route)][v].fetch_add(1, std::memory_order_relaxed);
  by_status_class_[(status / 100) % 6].fetch_add(1, std::memory_order_relaxed);
  latency_.Observe(seconds);
}

void Metrics::CountCommit(int64_t fsync_ns, uint64_t records, uint64_t bytes) {
  fsync_.Observe(fsync_ns / 1e9);
  log_records_.fetch_add(records, std::memory_order_relaxed);
  log_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  commits_.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render(const SnapshotGauge& snapshot) const {
  std::string out = "# TYPE qrmark_requests_total counter\n";
  for (int r = 0; r < kRouteCount; ++r) {
    for (int v = 0; v <= kVerdictCount; ++v) {
      uint64_t n = by_route_[r][v].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::string labels = "{route=\"" + std::string(RouteName(static_cast<Route>(r))) + "\"";
      if (v < kVerdictCount) labels += ",verdict=\"" + std::string(VerdictName(static_cast<Verdict>(v))) + "\"";
      Line(&out, "qrmark_requests_total", labels + "}", static_cast<double>(n));
    }
  }
  out += "# TYPE qrmark_responses_total counter\n";
  for (int c = 1; c < 6; ++c) {
    std::string labels = "{code=\"" + std::to_string(c) + "xx\"}";
    Line(&out, "qrmark_responses_total", labels, static_cast<double>(by_status_class_[c].load()));
  }
  latency_.Render("qrmark_request_duration_seconds", &out);
  fsync_.Render("qrmark_scanlog_fsync_seconds", &out);
  Line(&out, "qrmark_scanlog_records_total", "", static_cast<double>(log_records_.load()));
  Line(&out, "qrmark_scanlog_bytes_total", "", static_cast<double>(log_bytes_.load()));
  Line(&out, "qrmark_scanlog_commits_total", "", static_cast<double>(commits_.load()));
  Line(&out, "qrmark_throttled_total", "", static_cast<double>(throttled_.load()));
  if (!snapshot.id.empty()) {
    Line(&out, "qrmark_snapshot_info", "{id=\"" + snapshot.id + "\"}", 1);
    Line(&out, "qrmark_snapshot_age_seconds", "", static_cast<double>(snapshot.age_s));
  }
  return out;
}

}  // namespace qrmark::verifyd
