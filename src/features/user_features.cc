// Per-user features: grouping, the per-user kernel and the OpenMP loop over users.
#include "src/features/user_features.h"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <sstream>

#include "src/base/civil_time.h"
#include "src/base/bucket_sort.h"
#include "src/base/hash.h"

namespace qrmark::features {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Per-thread marks that count distinct values without sorting: a value was
// seen for the user being computed when its mark equals that user's tag.
// Tags are user index + 1, so marks never need clearing.
struct Marks {
  std::vector<uint32_t> product, category, region;
  std::vector<int32_t> region_scans;  // valid where region's mark is the tag
  std::vector<int64_t> times;         // a user's scan times, for frequency_counts_visits
};

Lifecycle StageOf(int32_t recency, const FeatureParams& p) {
  if (recency <= p.active_days) return Lifecycle::kActive;
  return recency <= p.sleeping_days ? Lifecycle::kSleeping : Lifecycle::kChurned;
}

// The number of distinct scan times among `s` (non-empty), sorting a copy in `times`.
int64_t DistinctTimes(std::span<const UserScan> s, std::vector<int64_t>& times) {
  times.clear();
  for (const UserScan& x : s) times.push_back(x.ts_unix_s);
  std::sort(times.begin(), times.end());
  return std::unique(times.begin(), times.end()) - times.begin();
}

// Features of one user's scans (non-empty, same user, in any order), in one
// pass over them; `tag` is unique to the user among those `marks` saw.
UserFeatures OneUser(std::span<const UserScan> s, const FeatureParams& p, uint32_t tag, Marks& marks) {
  UserFeatures u;
  u.user_key = s.front().user_key;
  u.frequency = p.frequency_counts_visits && s.size() > 1 ? DistinctTimes(s, marks.times)
                                                          : static_cast<int64_t>(s.size());
  u.first_seen_s = s.front().ts_unix_s;
  u.last_seen_s = s.front().ts_unix_s;
  std::array<int64_t, kChannelCount> channels{};  // small enums (checked): count, no marks
  std::array<int64_t, kDeviceOsCount> devices{};
  int32_t top_region_scans = 0;
  for (const UserScan& x : s) {
    u.first_seen_s = std::min(u.first_seen_s, x.ts_unix_s);
    u.last_seen_s = std::max(u.last_seen_s, x.ts_unix_s);
    u.monetary_cents += x.amount_cents;
    ++u.hour_histogram[static_cast<size_t>(LocalHour(x.ts_unix_s, p.utc_offset_minutes))];
    ++channels[static_cast<uint8_t>(x.channel)];
    ++devices[static_cast<uint8_t>(x.device_os)];
    if (marks.product[x.product_id] != tag) marks.product[x.product_id] = tag, ++u.distinct_products;
    if (!p.category_of_product.empty()) {
      const int32_t c = p.category_of_product[x.product_id];  // -1: the catalog lacks it, no category
      if (c >= 0 && marks.category[static_cast<size_t>(c)] != tag) {
        marks.category[static_cast<size_t>(c)] = tag, ++u.distinct_categories;
      }
    }
    if (marks.region[x.region] != tag) marks.region[x.region] = tag, marks.region_scans[x.region] = 0;
    const int32_t n = ++marks.region_scans[x.region];
    if (n > top_region_scans || (n == top_region_scans && x.region < u.top_region)) {
      u.top_region = x.region, top_region_scans = n;
    }
  }
  u.recency_days = static_cast<int32_t>(FloorDiv(p.as_of_s - u.last_seen_s, kSecondsPerDay));
  u.lifecycle = StageOf(u.recency_days, p);
  u.top_channel = static_cast<Channel>(std::max_element(channels.begin(), channels.end()) - channels.begin());
  u.device_os = static_cast<DeviceOs>(std::max_element(devices.begin(), devices.end()) - devices.begin());
  return u;
}

// Where each user's scans start (plus the end), and the sizes the marks need.
struct UserRuns {
  std::vector<size_t> starts;
  size_t products = 0, categories = 0, regions = 0;
};

// One pass over the scans: checks the parameters, the grouping (users
// contiguous, in UserOrderLess order) and every field the kernel indexes
// with, and finds where each user starts.
Result<UserRuns> FindUserRuns(std::span<const UserScan> scans, const FeatureParams& p) {
  if (p.active_days < 0 || p.sleeping_days < p.active_days) {
    std::ostringstream m;
    m << "features: lifecycle limits need 0 <= active_days <= sleeping_days, got " << p.active_days << " and "
      << p.sleeping_days;
    return InvalidArgument(m.str());
  }
  UserRuns runs;
  runs.categories = 1 + static_cast<size_t>(std::max(
      0, p.category_of_product.empty() ? 0 : *std::max_element(p.category_of_product.begin(),
                                                                p.category_of_product.end())));
  uint32_t max_product = 0;
  uint16_t max_region = 0;
  for (size_t i = 0; i < scans.size(); ++i) {
    const UserScan& x = scans[i];
    if (i == 0 || x.user_key != scans[i - 1].user_key) {
      if (i != 0 && !UserOrderLess(scans[i - 1].user_key, x.user_key)) {
        return InvalidArgument("features: scans are not grouped by user (call GroupScansByUser first)");
      }
      runs.starts.push_back(i);
    }
    max_product = std::max(max_product, x.product_id);
    max_region = std::max(max_region, x.region);
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
  runs.starts.push_back(scans.size());
  runs.products = size_t{max_product} + 1;
  runs.regions = size_t{max_region} + 1;
  return runs;
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

int PeakHour(const std::array<int32_t, 24>& hour_histogram) {
  // The largest count, then the first hour that has it: two loops the
  // compiler vectorizes, where max_element branches on every new maximum.
  int32_t top = hour_histogram[0];
  for (int32_t n : hour_histogram) top = std::max(top, n);
  uint32_t hours_at_top = 0;
  for (uint32_t h = 0; h < 24; ++h) hours_at_top |= uint32_t{hour_histogram[h] == top} << h;
  return std::countr_zero(hours_at_top);
}

void GroupScansByUser(std::span<UserScan> scans, std::optional<KeyRange> owned) {
  // Mix64 is a bijection, so ordering by it alone is UserOrderLess.
  GroupByLeadingKey(scans, [](const UserScan& s) { return Mix64(s.user_key); }, owned);
}

Result<PagedVector<UserFeatures>> ComputeUserFeatures(std::span<const UserScan> grouped,
                                                        const FeatureParams& params, const ScansDone& done) {
  QRMARK_ASSIGN_OR_RETURN(const UserRuns runs, FindUserRuns(grouped, params));
  const size_t users = runs.starts.size() - 1;
  if (users >= size_t{UINT32_MAX}) return InvalidArgument("features: more than 2^32 - 2 users on one rank");
  std::vector<Marks> marks(static_cast<size_t>(omp_get_max_threads()));
  for (Marks& m : marks) {
    m = {std::vector<uint32_t>(runs.products), std::vector<uint32_t>(runs.categories),
         std::vector<uint32_t>(runs.regions), std::vector<int32_t>(runs.regions), {}};
  }
  PagedVector<UserFeatures> out;
  out.reserve(users);  // address space only: a block's rows are touched when it is computed,
                       // on the slabs `done` gave up so far where a PageRelay keeps them
  constexpr size_t kBlockUsers = size_t{1} << 15;
  for (size_t block = 0; block < users; block += kBlockUsers) {
    const int64_t end = static_cast<int64_t>(std::min(users, block + kBlockUsers));
    GrowOntoKeptSlabs(out, static_cast<size_t>(end));
#pragma omp parallel for schedule(dynamic, 1024)
    for (int64_t u = static_cast<int64_t>(block); u < end; ++u) {
      const size_t b = runs.starts[static_cast<size_t>(u)], e = runs.starts[static_cast<size_t>(u) + 1];
      out[static_cast<size_t>(u)] = OneUser(grouped.subspan(b, e - b), params, static_cast<uint32_t>(u + 1),
                                            marks[static_cast<size_t>(omp_get_thread_num())]);
    }
    if (done) done(runs.starts[static_cast<size_t>(end)]);
  }
  return out;
}

}  // namespace qrmark::features
