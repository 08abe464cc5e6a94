// RunFacts → snapshot root attributes and warnings (see run_attributes.h).
#include "src/job/run_attributes.h"

#include <cstdio>
#include <limits>
#include <sstream>

#include "src/base/civil_time.h"
#include "src/ingest/clean.h"

namespace qrmark::job {
namespace {

constexpr int64_t kSchemaVersion = 4;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Every config key with the value the run used, "section.key=value".
std::vector<std::string> EffectiveConfig(const JobConfig& c) {
  auto kv = [](const std::string& key, const auto& value) {
    std::ostringstream s;
    s << std::boolalpha << key << "=" << value;
    return s.str();
  };
  const csv::CsvMapping& m = c.csv;
  return {kv("input.paths", Joined(c.inputs)), kv("input.format", c.input_format), kv("input.catalog", c.catalog),
          kv("csv.user", m.user), kv("csv.user_is_pseudonymous", m.user_is_pseudonymous),
          kv("csv.timestamp", m.timestamp), kv("csv.timestamp_format", m.timestamp_format),
          kv("csv.product", m.product), kv("csv.quantity", m.quantity), kv("csv.unit_price", m.unit_price),
          kv("csv.amount", m.amount), kv("csv.amount_scale", m.amount_scale), kv("csv.region", m.region),
          kv("csv.channel", m.channel), kv("csv.device_os", m.device_os), kv("csv.batch", m.batch),
          kv("csv.serial", m.serial), kv("csv.invoice", m.invoice), kv("csv.flags", m.flags),
          kv("csv.cancelled_prefix", m.cancelled_prefix), kv("job.as_of", c.as_of),
          kv("job.window_days", c.window_days), kv("job.utc_offset_minutes", c.utc_offset_minutes),
          kv("job.threads", c.threads), kv("job.max_bad_fraction", c.max_bad_fraction),
          kv("job.shuffle_batch_records", c.shuffle_batch_records), kv("output.root", c.output_root),
          kv("output.keys", c.keys_dir), kv("output.quarantine_dir", c.quarantine_dir),
          kv("output.hdf5_compression", c.hdf5_compression),
          kv("features.active_days", c.active_days), kv("features.sleeping_days", c.sleeping_days),
          kv("features.frequency_counts_visits", c.frequency_counts_visits), kv("rfm.bins", c.rfm_bins),
          kv("rfm.segments", c.rfm_segments), kv("kmeans.k", c.k), kv("kmeans.features", Joined(c.kmeans_features)),
          kv("kmeans.max_iterations", c.kmeans_max_iterations), kv("kmeans.tolerance", c.kmeans_tolerance),
          kv("kmeans.restarts", c.kmeans_restarts), kv("kmeans.seed", c.kmeans_seed),
          kv("kmeans.seeding", c.kmeans_seeding), kv("tiers.names", Joined(c.tier_names)),
          kv("aggregates.suspicious_min_scans", c.suspicious_min_scans),
          kv("aggregates.suspicious_min_regions", c.suspicious_min_regions), kv("itemcf.enabled", c.itemcf)};
}

}  // namespace

std::vector<std::string> RunWarnings(const RunFacts& facts, const RunSummary& summary) {
  std::vector<std::string> warnings;
  if (summary.records_rejected > 0) {
    std::ostringstream w;
    w << summary.records_rejected << " of " << summary.records_read << " records rejected (";
    bool first = true;
    for (int r = 0; r < ingest::kRejectReasonCount; ++r) {
      const int64_t n = facts.ingest.rejected[static_cast<size_t>(r)];
      if (n == 0) continue;
      w << (first ? "" : ", ") << ingest::RejectReasonName(static_cast<ingest::RejectReason>(r)) << " " << n;
      first = false;
    }
    w << "); quarantine: " << facts.quarantine_dir;
    warnings.push_back(w.str());
  }
  if (summary.records_outside_window > 0) {
    warnings.push_back(std::to_string(summary.records_outside_window) +
                       " good records outside the time window were left out");
  }
  if (facts.kmeans_clusters_missing > 0) {
    warnings.push_back("k-means fitted " + std::to_string(summary.tier_names.size()) + " cluster(s), " +
                       std::to_string(facts.kmeans_clusters_missing) +
                       " fewer than kmeans.k: the users' features take only that many distinct values; the "
                       "lower tiers are left out");
  }
  if (facts.itemcf_capped_users > 0) {
    warnings.push_back(std::to_string(facts.itemcf_capped_users) +
                       " heavy users capped to their most recent products for item-CF");
  }
  return warnings;
}

void AddRunAttributes(const JobConfig& config, const RunFacts& facts, const StageLog& stages,
                      std::map<std::string, snapshot::AttributeValue>& a) {
  a["schema_version"] = kSchemaVersion;
  a["program"] = std::string("qrmark-job");
  a["program_version"] = std::string(QRMARK_VERSION);
  a["ranks"] = int64_t{facts.ranks};
  a["threads_per_rank"] = int64_t{facts.threads};
  a["as_of"] = FormatUtc(facts.as_of_s);
  a["as_of_unix_s"] = facts.as_of_s;
  a["window_days"] = int64_t{config.window_days};
  a["window_begin"] = facts.window_begin_s == std::numeric_limits<int64_t>::min() ? std::string("unbounded")
                                                                                  : FormatUtc(facts.window_begin_s);
  a["recency_convention"] =
      std::string("recency_days = floor((as_of - last scan) / 86400 s); scans at or after as_of are left out");
  a["utc_offset_minutes"] = int64_t{config.utc_offset_minutes};
  a["config_file"] = config.config_path;
  a["config_effective"] = EffectiveConfig(config);

  std::vector<std::string> paths, checksums;
  std::vector<int64_t> bytes, records;
  for (const ingest::InputFileStats& f : facts.ingest.files) {
    paths.push_back(f.path);
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", f.crc32c);
    checksums.push_back(hex);
    bytes.push_back(static_cast<int64_t>(f.bytes));
    records.push_back(f.records);
  }
  a["input_files"] = paths;
  a["input_bytes"] = bytes;
  a["input_records"] = records;
  a["input_crc32c"] = checksums;
  a["input_checksum_rule"] =
      std::string("CRC-32C (Castagnoli) of the whole file, as crc32c tools and gsutil hash -c compute it");

  a["records_in"] = facts.ingest.records_read;
  a["records_accepted"] = facts.ingest.accepted;
  a["records_outside_window"] = facts.ingest.outside_window;
  a["records_anonymous"] = facts.ingest.anonymous;
  a["records_rejected"] = facts.ingest.rejected_total();
  std::vector<std::string> reasons;
  std::vector<int64_t> counts;
  for (int r = 0; r < ingest::kRejectReasonCount; ++r) {
    reasons.push_back(std::string(ingest::RejectReasonName(static_cast<ingest::RejectReason>(r))));
    counts.push_back(facts.ingest.rejected[static_cast<size_t>(r)]);
  }
  a["rejected_reasons"] = reasons;
  a["rejected_by_reason"] = counts;
  a["max_bad_fraction"] = config.max_bad_fraction;
  a["quarantine_dir"] = facts.quarantine_dir;
  a["users"] = facts.users;
  a["catalog_products_listed"] = facts.catalog_products_listed;
  a["shuffle_bytes_sent"] = facts.shuffle_bytes_sent;

  std::vector<std::string> names;
  std::vector<double> seconds, comm_seconds, comm_seconds_min;
  std::vector<int64_t> stage_records, rss_max, rss_sum;
  for (const StageFigures& s : stages) {
    names.push_back(s.name);
    seconds.push_back(s.seconds);
    comm_seconds.push_back(s.comm_seconds);
    comm_seconds_min.push_back(s.comm_seconds_min);
    stage_records.push_back(s.records);
    rss_max.push_back(s.peak_rss_bytes_max);
    rss_sum.push_back(s.peak_rss_bytes_sum);
  }
  a["stage_names"] = names;
  a["stage_seconds"] = seconds;
  a["stage_comm_seconds"] = comm_seconds;
  a["stage_comm_seconds_min"] = comm_seconds_min;
  a["stage_records"] = stage_records;
  a["stage_peak_rss_bytes_max"] = rss_max;
  a["stage_peak_rss_bytes_sum"] = rss_sum;
  if (!facts.warnings.empty()) a["warnings"] = facts.warnings;
}

}  // namespace qrmark::job
