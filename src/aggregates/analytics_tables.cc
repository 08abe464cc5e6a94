// Users, clusters and segments tables and the analytics attributes.
#include "src/aggregates/analytics_tables.h"

#include <algorithm>

#include "src/aggregates/columns.h"

namespace qrmark::aggregates {
namespace {

snapshot::Column Plain(std::string name, snapshot::ColumnData data, std::string description,
                       size_t width = 1) {
  snapshot::Column c;
  c.name = std::move(name);
  c.data = std::move(data);
  c.width = width;
  c.description = std::move(description);
  return c;
}

template <typename E>
std::vector<std::string> Names(int count, std::string_view (*name)(E)) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.emplace_back(name(static_cast<E>(i)));
  return out;
}

std::vector<int32_t> Widen(const std::vector<uint8_t>& v) { return {v.begin(), v.end()}; }

void AddFeatureColumns(snapshot::Table& t, std::span<const features::UserFeatures> u,
                       std::span<const std::string> regions) {
  using F = features::UserFeatures;
  constexpr size_t kHours = std::tuple_size_v<decltype(F::hour_histogram)>;
  // One pass over the rows (160 B each) fills every column.
  const size_t n = u.size();
  std::vector<uint64_t> key(n);
  std::vector<int64_t> recency(n), frequency(n), monetary(n), first(n), last(n);
  std::vector<int32_t> products(n), categories(n), region(n), channel(n), device(n), lifecycle(n), hours(n * kHours),
      peak_hour(n);
  for (size_t i = 0; i < n; ++i) {
    const F& x = u[i];
    key[i] = x.user_key;
    recency[i] = x.recency_days, frequency[i] = x.frequency, monetary[i] = x.monetary_cents;
    first[i] = x.first_seen_s, last[i] = x.last_seen_s;
    products[i] = x.distinct_products, categories[i] = x.distinct_categories;
    region[i] = x.top_region, channel[i] = static_cast<int32_t>(x.top_channel);
    device[i] = static_cast<int32_t>(x.device_os), lifecycle[i] = static_cast<int32_t>(x.lifecycle);
    std::copy(x.hour_histogram.begin(), x.hour_histogram.end(), hours.begin() + static_cast<std::ptrdiff_t>(i * kHours));
    peak_hour[i] = features::PeakHour(x.hour_histogram);
  }
  t.columns.push_back(Plain("user_key", std::move(key), "pseudonymous user key"));
  t.columns.push_back(
      Int64Column("recency_days", std::move(recency), "whole days from the last scan to the as-of instant"));
  t.columns.push_back(Int64Column("frequency", std::move(frequency), "scans (count)"));
  t.columns.push_back(Int64Column("monetary_cents", std::move(monetary), "sum of scan amounts (cents)"));
  t.columns.push_back(Int64Column("first_seen_s", std::move(first), "first scan (UTC seconds)"));
  t.columns.push_back(Int64Column("last_seen_s", std::move(last), "last scan (UTC seconds)"));
  t.columns.push_back(Plain("distinct_products", std::move(products), "distinct products scanned (count)"));
  t.columns.push_back(Plain("distinct_categories", std::move(categories), "distinct categories scanned (count)"));
  t.columns.push_back(CodeColumn("top_region", std::move(region), {regions.begin(), regions.end()},
                                 "region with most scans (ties: lowest id)"));
  t.columns.push_back(CodeColumn("top_channel", std::move(channel), Names<Channel>(kChannelCount, ChannelName),
                                 "channel with most scans"));
  t.columns.push_back(CodeColumn("device_os", std::move(device), Names<DeviceOs>(kDeviceOsCount, DeviceOsName),
                                 "device OS with most scans"));
  // The CRM's users.csv gets the peak hour; the 24 counts, which would be
  // half its columns, are for analysts and stay in snapshot.h5.
  snapshot::Column histogram = Plain("hour_histogram", std::move(hours), "scans per local hour of day (count)", kHours);
  histogram.export_csv = false;
  t.columns.push_back(std::move(histogram));
  t.columns.push_back(
      Plain("peak_hour", std::move(peak_hour), "local hour of day with the most scans (0-23; ties: the earliest)"));
  t.columns.push_back(CodeColumn("lifecycle", std::move(lifecycle),
                                 Names<features::Lifecycle>(features::kLifecycleCount, features::LifecycleName),
                                 "active / sleeping / churned by recency limits"));
}

}  // namespace

Result<snapshot::Table> UsersTable(const UserTableInputs& in) {
  const size_t n = in.users.size();
  if (in.rfm.r.size() != n || in.rfm.segment.size() != n || in.model.best.assignment.size() != n) {
    return InvalidArgument("users table: " + std::to_string(n) + " users but " +
                           std::to_string(in.rfm.r.size()) + " RFM rows and " +
                           std::to_string(in.model.best.assignment.size()) + " assignments");
  }
  for (const auto& u : in.users) {
    if (u.top_region >= in.region_names.size()) {
      return InvalidArgument("users table: user " + std::to_string(u.user_key) + " has region id " +
                             std::to_string(u.top_region) + " outside the dictionary");
    }
  }
  snapshot::Table t{"users", true, true, {}};
  AddFeatureColumns(t, in.users, in.region_names);
  t.columns.push_back(Plain("r_score", Widen(in.rfm.r), "recency score 1..bins (recent = high)"));
  t.columns.push_back(Plain("f_score", Widen(in.rfm.f), "frequency score 1..bins"));
  t.columns.push_back(Plain("m_score", Widen(in.rfm.m), "monetary score 1..bins"));
  t.columns.push_back(
      CodeColumn("segment", in.rfm.segment, in.rfm.segment_names, "RFM segment (first match)"));
  t.columns.push_back(Plain("cluster", in.model.best.assignment, "k-means cluster index"));
  std::vector<int32_t> tier;
  tier.reserve(in.model.best.assignment.size());
  for (int32_t c : in.model.best.assignment) tier.push_back(in.tiers.tier_of_cluster[static_cast<size_t>(c)]);
  t.columns.push_back(
      CodeColumn("tier", std::move(tier), in.tiers.names, "value tier of the user's cluster"));
  return t;
}

snapshot::Table ClustersTable(const kmeans::KMeansModel& model, const kmeans::Tiers& tiers,
                              std::span<const std::string> feature_names) {
  std::vector<int32_t> cluster;
  for (size_t c = 0; c < model.k; ++c) cluster.push_back(static_cast<int32_t>(c));
  snapshot::Table t{"clusters", false, true, {}};
  t.columns.push_back(Plain("cluster", cluster, "k-means cluster index"));
  t.columns.push_back(CodeColumn("tier", tiers.tier_of_cluster, tiers.names, "value tier"));
  t.columns.push_back(Int64Column("size", model.best.sizes, "users in the cluster (count)"));
  t.columns.push_back(
      Plain("value", tiers.cluster_value, "weighted sum of the standardized center (tier order)"));
  for (size_t d = 0; d < model.dims && d < feature_names.size(); ++d) {
    std::vector<double> orig, std;
    for (size_t c = 0; c < model.k; ++c) {
      orig.push_back(model.centers_original[c * model.dims + d]);
      std.push_back(model.centers[c * model.dims + d]);
    }
    t.columns.push_back(Plain("center_" + feature_names[d], std::move(orig), "center in original units"));
    t.columns.push_back(Plain("center_" + feature_names[d] + "_std", std::move(std), "center, standardized"));
  }
  return t;
}

snapshot::Table SegmentsTable(const rfm::RfmResult& rfm) {
  std::vector<int32_t> code;
  std::vector<int64_t> bounds[6];
  for (size_t s = 0; s < rfm.segment_names.size(); ++s) {
    code.push_back(static_cast<int32_t>(s));
    const bool rule = s < rfm.rules.size();
    const rfm::ScoreRange ranges[3] = {rule ? rfm.rules[s].r : rfm::ScoreRange{0, 0},
                                       rule ? rfm.rules[s].f : rfm::ScoreRange{0, 0},
                                       rule ? rfm.rules[s].m : rfm::ScoreRange{0, 0}};
    for (size_t d = 0; d < 3; ++d)
      bounds[2 * d].push_back(ranges[d].lo), bounds[2 * d + 1].push_back(ranges[d].hi);
  }
  snapshot::Table t{"segments", false, true, {}};
  t.columns.push_back(
      CodeColumn("segment", std::move(code), rfm.segment_names, "RFM segment, in match order"));
  t.columns.push_back(Int64Column("users", rfm.users_per_segment, "users in the segment (count)"));
  const char* names[6] = {"r_min", "r_max", "f_min", "f_max", "m_min", "m_max"};
  for (size_t i = 0; i < 6; ++i) {
    t.columns.push_back(Int64Column(names[i], std::move(bounds[i]), "score range of the rule (0: Others)"));
  }
  return t;
}

std::map<std::string, snapshot::AttributeValue> AnalyticsAttributes(const rfm::RfmResult& rfm,
                                                                    const kmeans::KMeansParams& params,
                                                                    const kmeans::KMeansModel& model,
                                                                    const kmeans::Tiers& tiers) {
  std::map<std::string, snapshot::AttributeValue> a;
  a["rfm_bins"] = static_cast<int64_t>(rfm.recency.users_per_score.size());
  a["rfm_tie_rule"] = std::string(rfm::kTieRule);
  a["rfm_segment_table"] = rfm::FormatSegmentTable(rfm.rules);
  const std::pair<const char*, const rfm::DimensionScores*> dims[] = {
      {"recency", &rfm.recency}, {"frequency", &rfm.frequency}, {"monetary", &rfm.monetary}};
  for (const auto& [name, d] : dims) {
    a[std::string("rfm_") + name + "_thresholds"] = d->thresholds;
    a[std::string("rfm_") + name + "_users_per_score"] = d->users_per_score;
  }
  a["kmeans_k"] = static_cast<int64_t>(model.k);
  a["kmeans_seeding"] =
      std::string(params.seeding == kmeans::Seeding::kKMeansParallel ? "k-means||" : "k-means++");
  a["kmeans_seed"] = static_cast<int64_t>(params.seed);
  a["kmeans_inertia"] = model.best.inertia;
  a["kmeans_iterations"] = static_cast<int64_t>(model.best.iterations);
  a["kmeans_restart_inertia"] = model.restart_inertia;
  a["kmeans_best_restart"] = static_cast<int64_t>(model.best_restart);
  a["kmeans_mean"] = model.standardizer.mean;
  a["kmeans_std"] = model.standardizer.stddev;
  a["kmeans_tier_strategies"] = tiers.strategies;
  return a;
}

}  // namespace qrmark::aggregates
