// Per-user features: one row per user from that user's scans (OpenMP inside the rank).
//
// Input is the rank's `UserScan`s, grouped by `GroupScansByUser`; output is
// one `UserFeatures` per user in the same (rank-count independent) user
// order. A user's features do not depend on the order of that user's scans,
// which the grouping leaves as the input had them (so it varies with the
// number of ranks). Pure kernels: no MPI, no global state; thread-safe.
//
// Recency convention: whole days = floor((as_of_s - last_scan_s) / 86400),
// where `as_of_s` is an instant (for Online Retail, midnight UTC of the day
// after the last invoice). Frequency = number of scans by default; with
// `frequency_counts_visits` it is the number of distinct scan timestamps
// (Online Retail: one UserScan per invoice line, all lines of an invoice share
// its timestamp, so this counts invoices, the usual F, barring two invoices of
// one customer in the same minute). Lifecycle: recency <= active_days →
// active, <= sleeping_days → sleeping, else churned.
//
// Example:
//   GroupScansByUser(scans);
//   QRMARK_ASSIGN_OR_RETURN(auto users, ComputeUserFeatures(scans, params));
#ifndef QRMARK_SRC_FEATURES_USER_FEATURES_H_
#define QRMARK_SRC_FEATURES_USER_FEATURES_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "src/base/civil_time.h"
#include "src/base/hash.h"
#include "src/base/page_relay.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::features {

enum class Lifecycle : uint8_t { kActive = 0, kSleeping = 1, kChurned = 2 };
inline constexpr int kLifecycleCount = 3;
// "active", "sleeping", "churned".
std::string_view LifecycleName(Lifecycle l);

struct FeatureParams {
  int64_t as_of_s = 0;                   // the instant recency is measured to (UTC seconds)
  int utc_offset_minutes = 0;            // local time for the hour histogram
  int active_days = 30;                  // recency <= active_days → kActive
  int sleeping_days = 180;               // recency <= sleeping_days → kSleeping, else kChurned
  // Optional: category id of each product id (size = product dictionary);
  // negative = no category (not counted). Empty: distinct_categories = 0.
  std::span<const int32_t> category_of_product;
  bool frequency_counts_visits = false;  // F = distinct timestamps instead of scans
};

struct UserFeatures {
  uint64_t user_key = 0;
  int32_t recency_days = 0;    // floor((as_of - last scan) / 1 day), >= 0
  int64_t frequency = 0;       // scans, or distinct timestamps (see above)
  int64_t monetary_cents = 0;  // sum of amounts
  int64_t first_seen_s = 0, last_seen_s = 0;
  int32_t distinct_products = 0, distinct_categories = 0;
  uint16_t top_region = 0;                   // most scans; ties → smallest id
  Channel top_channel = Channel::kUnknown;   // most scans; ties → smallest id
  DeviceOs device_os = DeviceOs::kUnknown;   // most scans; ties → smallest id
  std::array<int32_t, 24> hour_histogram{};  // scans per local hour of day
  Lifecycle lifecycle = Lifecycle::kActive;
};

// Brings each user's scans together, users in `UserOrderLess` order (which
// does not depend on the input order or on the number of ranks). A user's
// scans stay in no particular order: every reader of the groups (features,
// aggregates, item-CF) is independent of it. `owned`: the mixed user keys
// of these scans, when known (MixedKeysOwnedBy this rank after the shuffle),
// which spares a pass over them.
void GroupScansByUser(std::span<UserScan> scans, std::optional<KeyRange> owned = std::nullopt);

// Called as the computation moves through the scans: those before the index
// given will not be read again (a caller that gives their pages up as it goes,
// under a PageRelay, lets the rows grow onto those pages: page_relay.h).
using ScansDone = std::function<void(size_t scans_done)>;

// One row per user of `grouped`, in its user order. InvalidArgument if the
// scans are not grouped by user, if a scan is later than `as_of_s` or has an
// unknown channel or device OS value, if a product id is outside a non-empty
// `category_of_product`, or if 0 <= active_days <= sleeping_days fails (all
// checked before `done` is first called). The rows are computed and their
// memory first touched a block of users at a time, `done` called after each.
[[nodiscard]] Result<PagedVector<UserFeatures>> ComputeUserFeatures(std::span<const UserScan> grouped,
                                                                    const FeatureParams& params,
                                                                    const ScansDone& done = {});

// The local hour of day with the most scans in `hour_histogram` (ties: the
// earliest): the hour a campaign reaches the user best.
int PeakHour(const std::array<int32_t, 24>& hour_histogram);

// Local hour of day [0, 24), and hour of the week [0, 168) from Monday 00:00
// (weekday × 24 + hour), of `unix_s` shifted by `utc_offset_minutes`.
// Inline: they run once per scan in the features and aggregates stages.
inline int LocalHour(int64_t unix_s, int utc_offset_minutes) {
  const int64_t local = unix_s + int64_t{utc_offset_minutes} * 60;
  return static_cast<int>((local - FloorToDay(local)) / 3600);
}
inline int LocalHourOfWeek(int64_t unix_s, int utc_offset_minutes) {
  constexpr int64_t kWeek = 7 * kSecondsPerDay;  // 1970-01-01 was a Thursday: 3 days into its week
  int64_t into_week = (unix_s + int64_t{utc_offset_minutes} * 60 + 3 * kSecondsPerDay) % kWeek;
  into_week += into_week < 0 ? kWeek : 0;
  return static_cast<int>(into_week / 3600);
}

}  // namespace qrmark::features

#endif  // QRMARK_SRC_FEATURES_USER_FEATURES_H_
