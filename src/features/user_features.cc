// Per-user features: grouping, the per-user kernel and the OpenMP loop over users.
#include "src/features/user_features.h"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "src/base/civil_time.h"
#include "src/base/bucket_sort.h"
#include "src/base/hash.h"

namespace qrmark::features {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Below this many values, pairwise comparisons beat sorting (most users have
// a handful of scans).
constexpr size_t kFewValues = 24;

// Number of distinct values in `v` (sorted in place when long).
int32_t CountDistinct(std::vector<int32_t>& v) {
  if (v.size() <= kFewValues) {
    int32_t distinct = 0;
    for (size_t i = 0; i < v.size(); ++i) {
      distinct += std::find(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v[i]) ==
                  v.begin() + static_cast<std::ptrdiff_t>(i);
    }
    return distinct;
  }
  std::sort(v.begin(), v.end());
  return static_cast<int32_t>(std::unique(v.begin(), v.end()) - v.begin());
}

// The most frequent value of `v` (sorted in place when long); ties → smallest.
int32_t Mode(std::vector<int32_t>& v) {
  if (v.size() <= kFewValues) {
    int32_t best = v.empty() ? 0 : v[0];
    ptrdiff_t best_count = 0;
    for (int32_t x : v) {
      const ptrdiff_t count = std::count(v.begin(), v.end(), x);
      if (count > best_count || (count == best_count && x < best)) best = x, best_count = count;
    }
    return best;
  }
  std::sort(v.begin(), v.end());
  int32_t best = v.empty() ? 0 : v[0];
  size_t best_run = 0;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    if (j - i > best_run) best_run = j - i, best = v[i];
    i = j;
  }
  return best;
}

Lifecycle StageOf(int32_t recency, const FeatureParams& p) {
  if (recency <= p.active_days) return Lifecycle::kActive;
  return recency <= p.sleeping_days ? Lifecycle::kSleeping : Lifecycle::kChurned;
}

// Features of one user's scans (non-empty, same user, ordered by time).
UserFeatures OneUser(std::span<const UserScan> s, const FeatureParams& p, std::vector<int32_t>& scratch) {
  UserFeatures u;
  u.user_key = s.front().user_key;
  u.frequency = static_cast<int64_t>(s.size());
  if (p.frequency_counts_visits) {  // scans are in time order: count the changes
    u.frequency = 1;
    for (size_t i = 1; i < s.size(); ++i) u.frequency += s[i].ts_unix_s != s[i - 1].ts_unix_s;
  }
  u.first_seen_s = s.front().ts_unix_s;
  u.last_seen_s = s.back().ts_unix_s;
  u.recency_days = static_cast<int32_t>(FloorDiv(p.as_of_s - u.last_seen_s, kSecondsPerDay));
  u.lifecycle = StageOf(u.recency_days, p);
  for (const UserScan& x : s) {
    u.monetary_cents += x.amount_cents;
    ++u.hour_histogram[static_cast<size_t>(LocalHour(x.ts_unix_s, p.utc_offset_minutes))];
  }
  auto collect = [&](auto field) {
    scratch.clear();
    for (const UserScan& x : s) scratch.push_back(field(x));
  };
  collect([](const UserScan& x) { return static_cast<int32_t>(x.product_id); });
  u.distinct_products = CountDistinct(scratch);
  if (!p.category_of_product.empty()) {
    collect([&](const UserScan& x) { return p.category_of_product[x.product_id]; });
    u.distinct_categories = CountDistinct(scratch);
    const bool unknown = std::any_of(scratch.begin(), scratch.end(), [](int32_t c) { return c < 0; });
    u.distinct_categories -= unknown ? 1 : 0;  // -1, a product the catalog lacks, is no category
  }
  collect([](const UserScan& x) { return static_cast<int32_t>(x.region); });
  u.top_region = static_cast<uint16_t>(Mode(scratch));
  std::array<int64_t, kChannelCount> channels{};  // small enums (checked): count, no sort
  std::array<int64_t, kDeviceOsCount> devices{};
  for (const UserScan& x : s) {
    ++channels[static_cast<uint8_t>(x.channel)];
    ++devices[static_cast<uint8_t>(x.device_os)];
  }
  u.top_channel = static_cast<Channel>(std::max_element(channels.begin(), channels.end()) - channels.begin());
  u.device_os = static_cast<DeviceOs>(std::max_element(devices.begin(), devices.end()) - devices.begin());
  return u;
}

Status CheckInput(std::span<const UserScan> scans, const FeatureParams& p) {
  if (p.active_days < 0 || p.sleeping_days < p.active_days) {
    std::ostringstream m;
    m << "features: lifecycle limits need 0 <= active_days <= sleeping_days, got " << p.active_days << " and "
      << p.sleeping_days;
    return InvalidArgument(m.str());
  }
  if (!IsGroupedByUser(scans)) {
    return InvalidArgument("features: scans are not grouped by user (call SortScansByUser first)");
  }
  for (const UserScan& x : scans) {
    if (x.ts_unix_s <= p.as_of_s && static_cast<uint8_t>(x.channel) < kChannelCount &&
        static_cast<uint8_t>(x.device_os) < kDeviceOsCount &&
        (p.category_of_product.empty() || x.product_id < p.category_of_product.size())) {
      continue;  // the common case: no stream is built
    }
    std::ostringstream m;
    if (x.ts_unix_s > p.as_of_s) {
      m << "features: scan of user " << x.user_key << " at " << FormatUtc(x.ts_unix_s)
        << " is after the as-of instant " << FormatUtc(p.as_of_s) << " (filter the window first)";
      return InvalidArgument(m.str());
    }
    if (static_cast<uint8_t>(x.channel) >= kChannelCount ||
        static_cast<uint8_t>(x.device_os) >= kDeviceOsCount) {
      m << "features: scan of user " << x.user_key << " has channel " << int{static_cast<uint8_t>(x.channel)}
        << " and device OS " << int{static_cast<uint8_t>(x.device_os)} << " (known: below " << kChannelCount
        << " and " << kDeviceOsCount << ")";
      return InvalidArgument(m.str());
    }
    m << "features: product id " << x.product_id << " of user " << x.user_key
      << " is outside the category table (" << p.category_of_product.size() << " products)";
    return InvalidArgument(m.str());
  }
  return Status::Ok();
}

}  // namespace

std::string_view LifecycleName(Lifecycle l) {
  switch (l) {
    case Lifecycle::kActive:
      return "active";
    case Lifecycle::kSleeping:
      return "sleeping";
    case Lifecycle::kChurned:
      return "churned";
  }
  return "unknown";
}

int LocalHour(int64_t unix_s, int utc_offset_minutes) {
  const int64_t local = unix_s + int64_t{utc_offset_minutes} * 60;
  return static_cast<int>((local - FloorToDay(local)) / 3600);
}

int LocalWeekday(int64_t unix_s, int utc_offset_minutes) {
  const int64_t day = FloorToDay(unix_s + int64_t{utc_offset_minutes} * 60) / kSecondsPerDay;
  return static_cast<int>(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

void SortScansByUser(std::span<UserScan> scans) {
  // Mix64 is a bijection, so ordering by it alone is UserOrderLess.
  SortByLeadingKey(
      scans, [](const UserScan& s) { return Mix64(s.user_key); },
      [](const UserScan& a, const UserScan& b) {
        if (a.user_key != b.user_key) return Mix64(a.user_key) < Mix64(b.user_key);
        return std::tie(a.ts_unix_s, a.product_id, a.amount_cents, a.region, a.channel, a.device_os) <
               std::tie(b.ts_unix_s, b.product_id, b.amount_cents, b.region, b.channel, b.device_os);
      });
}

bool IsGroupedByUser(std::span<const UserScan> scans) {
  for (size_t i = 1; i < scans.size(); ++i) {
    const UserScan &a = scans[i - 1], &b = scans[i];
    if (a.user_key == b.user_key ? b.ts_unix_s < a.ts_unix_s : !UserOrderLess(a.user_key, b.user_key)) {
      return false;
    }
  }
  return true;
}

Result<std::vector<UserFeatures>> ComputeUserFeatures(std::span<const UserScan> sorted,
                                                      const FeatureParams& params) {
  QRMARK_RETURN_IF_ERROR(CheckInput(sorted, params));
  std::vector<size_t> starts;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i == 0 || sorted[i].user_key != sorted[i - 1].user_key) starts.push_back(i);
  }
  starts.push_back(sorted.size());
  const int64_t users = static_cast<int64_t>(starts.size()) - 1;
  std::vector<UserFeatures> out(static_cast<size_t>(users));
#pragma omp parallel
  {
    std::vector<int32_t> scratch;
#pragma omp for schedule(dynamic, 1024)
    for (int64_t u = 0; u < users; ++u) {
      const size_t b = starts[static_cast<size_t>(u)], e = starts[static_cast<size_t>(u) + 1];
      out[static_cast<size_t>(u)] = OneUser(sorted.subspan(b, e - b), params, scratch);
    }
  }
  return out;
}

}  // namespace qrmark::features
