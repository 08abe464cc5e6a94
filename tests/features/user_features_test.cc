// Tests src/features/user_features.h on hand-made scans: recency, lifecycle, ties.
#include "src/features/user_features.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <tuple>

#include "src/base/civil_time.h"
#include "src/base/page_relay.h"

namespace qrmark::features {
namespace {

constexpr int64_t kDay = kSecondsPerDay;
constexpr int64_t kAsOf = 20000 * kDay;  // midnight UTC

UserScan Scan(uint64_t user, int64_t ts, uint32_t product, uint16_t region = 0, Channel ch = Channel::kWechat,
              int64_t cents = 100) {
  return UserScan{user, ts, cents, product, region, ch, DeviceOs::kIos};
}

std::vector<UserFeatures> Compute(std::vector<UserScan> scans, FeatureParams p = {}) {
  if (p.as_of_s == 0) p.as_of_s = kAsOf;
  GroupScansByUser(scans);
  auto r = ComputeUserFeatures(scans, p);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::vector<UserFeatures>(r->begin(), r->end()) : std::vector<UserFeatures>{};
}

TEST(UserFeaturesTest, RecencyIsWholeDaysFloorFromLastScanToAsOf) {
  auto u = Compute(
      {Scan(1, kAsOf - 1, 0), Scan(2, kAsOf - kDay, 0), Scan(3, kAsOf - kDay - 1, 0), Scan(4, kAsOf, 0)});
  ASSERT_EQ(u.size(), 4u);
  for (const auto& f : u) {
    const int expected = f.user_key == 1 ? 0 : f.user_key == 2 ? 1 : f.user_key == 3 ? 1 : 0;
    EXPECT_EQ(f.recency_days, expected) << "user " << f.user_key;
  }
}

TEST(UserFeaturesTest, LifecycleLimitsAreInclusive) {
  FeatureParams p;
  p.active_days = 2;
  p.sleeping_days = 5;
  auto u =
      Compute({Scan(1, kAsOf - 2 * kDay, 0), Scan(2, kAsOf - 5 * kDay, 0), Scan(3, kAsOf - 6 * kDay, 0)}, p);
  for (const auto& f : u) {
    const Lifecycle want = f.user_key == 1   ? Lifecycle::kActive
                           : f.user_key == 2 ? Lifecycle::kSleeping
                                             : Lifecycle::kChurned;
    EXPECT_EQ(f.lifecycle, want) << "user " << f.user_key;
  }
}

TEST(UserFeaturesTest, CountsSumsAndDistinctProductsAndCategories) {
  const int32_t categories[] = {7, 7, 9, -1};
  FeatureParams p;
  p.category_of_product = categories;
  auto u = Compute({Scan(5, kAsOf - 10 * kDay, 0), Scan(5, kAsOf - 3 * kDay, 1, 0, Channel::kApp, 250),
                    Scan(5, kAsOf - 4 * kDay, 1), Scan(5, kAsOf - 5 * kDay, 3)},
                   p);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].frequency, 4);
  EXPECT_EQ(u[0].monetary_cents, 550);
  EXPECT_EQ(u[0].first_seen_s, kAsOf - 10 * kDay);
  EXPECT_EQ(u[0].last_seen_s, kAsOf - 3 * kDay);
  EXPECT_EQ(u[0].distinct_products, 3);
  EXPECT_EQ(u[0].distinct_categories, 1);  // 7 only; -1 is "no category"
  EXPECT_EQ(u[0].hour_histogram[0], 4);
}

TEST(UserFeaturesTest, FrequencyCanCountDistinctTimestampsLikeInvoices) {
  FeatureParams p;
  p.frequency_counts_visits = true;
  // Two invoices of two and three lines: five scans, two distinct timestamps.
  auto u = Compute({Scan(1, kAsOf - 9 * kDay, 0), Scan(1, kAsOf - 9 * kDay, 1), Scan(1, kAsOf - kDay, 0),
                    Scan(1, kAsOf - kDay, 1), Scan(1, kAsOf - kDay, 2)},
                   p);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].frequency, 2);
  EXPECT_EQ(Compute({Scan(1, 5, 0), Scan(1, 5, 1)})[0].frequency, 2);  // default: scans
}

TEST(UserFeaturesTest, ManyScansCountLikeFew) {
  // 60 scans (past the pairwise-comparison path): products 0..6, regions 9, 4
  // and 11 twenty times each (a tie: lowest wins), product 6 not in the catalog.
  const int32_t categories[] = {0, 1, 2, 0, 1, 2, -1};
  FeatureParams p;
  p.category_of_product = categories;
  std::vector<UserScan> scans;
  const uint16_t regions[] = {9, 4, 11};
  for (int i = 0; i < 60; ++i) scans.push_back(Scan(8, kAsOf - 100 - i, static_cast<uint32_t>(i % 7), regions[i % 3]));
  auto u = Compute(scans, p);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].distinct_products, 7);
  EXPECT_EQ(u[0].distinct_categories, 3);
  EXPECT_EQ(u[0].top_region, 4);
  scans.resize(5);  // products 0..4, regions 9 4 11 9 4: 9 and 4 tie
  u = Compute(scans, p);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].distinct_products, 5);
  EXPECT_EQ(u[0].distinct_categories, 3);
  EXPECT_EQ(u[0].top_region, 4);
}

TEST(UserFeaturesTest, TopRegionAndChannelTiesGoToSmallestId) {
  auto u = Compute({Scan(1, kAsOf - 1, 0, 9, Channel::kTaobao), Scan(1, kAsOf - 2, 0, 4, Channel::kAlipay),
                    Scan(1, kAsOf - 3, 0, 9, Channel::kAlipay), Scan(1, kAsOf - 4, 0, 4, Channel::kTaobao)});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].top_region, 4);
  EXPECT_EQ(u[0].top_channel, Channel::kAlipay);
}

TEST(UserFeaturesTest, HourHistogramUsesTheUtcOffset) {
  FeatureParams p;
  p.utc_offset_minutes = 8 * 60;
  auto u = Compute({Scan(1, kAsOf - kDay + 17 * 3600, 0)}, p);  // 17:00 UTC = 01:00 next day at +08:00
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].hour_histogram[1], 1);
  EXPECT_EQ(LocalHourOfWeek(0, 0), 3 * 24);  // 1970-01-01 00:00 UTC: Thursday
}

TEST(UserFeaturesTest, HourOfWeekIsWeekdayTimes24PlusHour) {
  // Before and after 1970, across day and week edges, with offsets both ways.
  for (int offset : {0, 480, -300, 345, -720}) {
    for (int64_t t = -30 * kDay - 7; t < 30 * kDay; t += 1237) {
      const int64_t day = FloorToDay(t + offset * 60) / kDay;
      const int64_t weekday = ((day + 3) % 7 + 7) % 7;  // 0 = Monday; 1970-01-01 was a Thursday
      ASSERT_EQ(LocalHourOfWeek(t, offset), weekday * 24 + LocalHour(t, offset)) << t << " " << offset;
    }
  }
  EXPECT_EQ(LocalHourOfWeek(4 * kDay, 0), 0);               // 1970-01-05 00:00 UTC: Monday
  EXPECT_EQ(LocalHourOfWeek(4 * kDay - 1, 0), 7 * 24 - 1);  // the Sunday before, 23:59:59
}

TEST(UserFeaturesTest, PeakHourIsTheBusiestHourTiesToTheEarliest) {
  std::array<int32_t, 24> h{};
  EXPECT_EQ(PeakHour(h), 0);  // no scans at all: the earliest of 24 ties
  h[20] = 3;
  EXPECT_EQ(PeakHour(h), 20);
  h[7] = 3;
  EXPECT_EQ(PeakHour(h), 7);
  h[23] = 4;
  EXPECT_EQ(PeakHour(h), 23);
  uint64_t x = 7;  // random histograms with many ties, and large counts
  for (int round = 0; round < 2000; ++round) {
    for (int32_t& n : h) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      n = round % 2 ? static_cast<int32_t>(x >> 62) : static_cast<int32_t>(x >> 33);
    }
    ASSERT_EQ(PeakHour(h), std::max_element(h.begin(), h.end()) - h.begin()) << round;
  }
}

TEST(UserFeaturesTest, OutputOrderDoesNotDependOnInputOrder) {
  std::vector<UserScan> a;
  for (uint64_t k = 0; k < 50; ++k) a.push_back(Scan(k * 7919, kAsOf - static_cast<int64_t>(k), 0));
  std::vector<UserScan> b(a.rbegin(), a.rend());
  auto ua = Compute(a), ub = Compute(b);
  ASSERT_EQ(ua.size(), ub.size());
  for (size_t i = 0; i < ua.size(); ++i) EXPECT_EQ(ua[i].user_key, ub[i].user_key);
}

// GroupScansByUser leaves a user's scans in their input order, which
// varies with the number of ranks: no feature may depend on it.
TEST(UserFeaturesTest, RowsDoNotDependOnTheOrderOfAUsersScans) {
  std::vector<UserScan> scans;  // 200 users of 15 scans: 5 invoices of 3 lines (one time each)
  for (uint64_t k = 0; k < 15; ++k) {
    for (uint64_t u = 1; u <= 200; ++u) {
      scans.push_back(Scan(u, kAsOf - 1 - static_cast<int64_t>((k / 3 * 7919 + u * 13) % 300000),
                           static_cast<uint32_t>((u + k) % 11), static_cast<uint16_t>((u * k) % 4),
                           static_cast<Channel>((u + 2 * k) % kChannelCount), static_cast<int64_t>(k % 17)));
    }
  }
  for (bool visits : {false, true}) {
    FeatureParams p;
    p.as_of_s = kAsOf;
    p.frequency_counts_visits = visits;
    std::vector<UserScan> grouped = scans;
    GroupScansByUser(grouped);
    auto rows = ComputeUserFeatures(grouped, p);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    // Each user's scans reversed, then rotated: new orders, the same groups.
    std::vector<UserScan> reordered = grouped;
    for (size_t b = 0, e; b < reordered.size(); b = e) {
      for (e = b; e < reordered.size() && reordered[e].user_key == reordered[b].user_key; ++e) {}
      std::reverse(reordered.begin() + static_cast<std::ptrdiff_t>(b),
                   reordered.begin() + static_cast<std::ptrdiff_t>(e));
      std::rotate(reordered.begin() + static_cast<std::ptrdiff_t>(b),
                  reordered.begin() + static_cast<std::ptrdiff_t>(b + (e - b) / 2),
                  reordered.begin() + static_cast<std::ptrdiff_t>(e));
    }
    ASSERT_FALSE(std::equal(reordered.begin(), reordered.end(), grouped.begin(),
                            [](const UserScan& a, const UserScan& b) { return a.ts_unix_s == b.ts_unix_s; }));
    auto again = ComputeUserFeatures(reordered, p);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    ASSERT_EQ(again->size(), 200u);
    ASSERT_EQ(rows->size(), again->size());
    for (size_t i = 0; i < rows->size(); ++i) {
      const UserFeatures &a = (*rows)[i], &b = (*again)[i];
      EXPECT_TRUE(std::tie(a.user_key, a.recency_days, a.frequency, a.monetary_cents, a.first_seen_s, a.last_seen_s,
                           a.distinct_products, a.top_region, a.top_channel, a.device_os, a.hour_histogram,
                           a.lifecycle) == std::tie(b.user_key, b.recency_days, b.frequency, b.monetary_cents,
                                                    b.first_seen_s, b.last_seen_s, b.distinct_products, b.top_region,
                                                    b.top_channel, b.device_os, b.hour_histogram, b.lifecycle))
          << "row " << i << (visits ? ", visits" : "");
    }
    EXPECT_EQ((*rows)[0].frequency, visits ? 5 : 15);
  }
}

TEST(UserFeaturesTest, OneAndTwoThreadsGiveTheSameRows) {
  std::vector<UserScan> scans;
  for (uint64_t i = 0; i < 5000; ++i) {
    scans.push_back(Scan(i % 700, kAsOf - static_cast<int64_t>(i * 997 % 400000),
                         static_cast<uint32_t>(i % 13), static_cast<uint16_t>(i % 5),
                         static_cast<Channel>(i % kChannelCount), static_cast<int64_t>(i)));
  }
  omp_set_num_threads(1);
  const auto one = Compute(scans);
  omp_set_num_threads(2);
  const auto two = Compute(scans);
  ASSERT_EQ(one.size(), 700u);
  ASSERT_EQ(two.size(), one.size());
  auto fields = [](const UserFeatures& f) {
    return std::make_tuple(f.user_key, f.recency_days, f.frequency, f.monetary_cents, f.first_seen_s,
                           f.last_seen_s, f.distinct_products, f.distinct_categories, f.top_region,
                           f.top_channel, f.device_os, f.hour_histogram, f.lifecycle);
  };
  for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(fields(one[i]) == fields(two[i])) << "row " << i;
}

TEST(UserFeaturesTest, RejectsUngroupedScansAndScansAfterAsOf) {
  FeatureParams p;
  p.as_of_s = kAsOf;
  std::vector<UserScan> late = {Scan(1, kAsOf + 1, 0)};
  auto r = ComputeUserFeatures(late, p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("after the as-of"), std::string::npos);
  std::vector<UserScan> ungrouped = {Scan(1, 1, 0), Scan(2, 1, 0), Scan(1, 2, 0)};
  EXPECT_FALSE(ComputeUserFeatures(ungrouped, p).ok());
  std::vector<UserScan> bad_channel = {Scan(1, 1, 0, 0, static_cast<Channel>(kChannelCount))};
  auto c = ComputeUserFeatures(bad_channel, p);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("channel 7"), std::string::npos) << c.status().message();
  p.active_days = 10;
  p.sleeping_days = 5;
  EXPECT_EQ(ComputeUserFeatures({}, p).status().code(), StatusCode::kInvalidArgument);
}

// Users 1..`users` with 1 to `most` scans each, grouped by user, in a buffer big
// enough to be paged; `spread` varies the days between a user's scans.
PagedVector<UserScan> GroupedScansOfManyUsers(uint64_t users, uint64_t most, uint64_t spread) {
  PagedVector<UserScan> scans;
  for (uint64_t u = 1; u <= users; ++u) {
    for (uint64_t k = 0; k < 1 + u % most; ++k) {
      scans.push_back(Scan(u * 7919, kAsOf - static_cast<int64_t>((u * spread + k * 101) % 400) * kDay - 1,
                           static_cast<uint32_t>((u + k) % 50), static_cast<uint16_t>(k % 3)));
    }
  }
  GroupScansByUser(scans);
  return scans;
}

void ExpectSameRows(std::span<const UserFeatures> expected, std::span<const UserFeatures> actual) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const UserFeatures& a = expected[i];
    const UserFeatures& b = actual[i];
    ASSERT_EQ(std::tie(a.user_key, a.frequency, a.monetary_cents, a.first_seen_s, a.last_seen_s, a.recency_days,
                       a.distinct_products, a.top_region, a.hour_histogram),
              std::tie(b.user_key, b.frequency, b.monetary_cents, b.first_seen_s, b.last_seen_s, b.recency_days,
                       b.distinct_products, b.top_region, b.hour_histogram))
        << "user " << i;
  }
}

// The pipeline gives the scans' pages back behind the features stage: what
// `done` says is read must not be read again. Over more than one block of
// users, in a buffer big enough to be paged, scribbling over (then giving
// back) the scans behind `done` changes nothing.
TEST(UserFeaturesTest, ScansBeforeDoneAreNotReadAgain) {
  PagedVector<UserScan> scans = GroupedScansOfManyUsers(100000, 4, 13);  // three blocks of 32 Ki users
  ASSERT_GE(scans.size() * sizeof(UserScan), kPagedMinBytes);
  FeatureParams p;
  p.as_of_s = kAsOf;
  auto plain = ComputeUserFeatures(scans, p);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();

  std::vector<size_t> calls;
  auto released = ComputeUserFeatures(scans, p, [&](size_t done) {
    calls.push_back(done);
    std::fill(scans.begin(), scans.begin() + static_cast<std::ptrdiff_t>(done), Scan(1, kAsOf - kDay, 0));
    ReleaseConsumedSlabs(scans, done);
  });
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  ASSERT_EQ(calls.size(), 4u);  // ceil(100000 / 32768) blocks
  EXPECT_TRUE(std::is_sorted(calls.begin(), calls.end()));
  EXPECT_EQ(calls.back(), scans.size());
  ExpectSameRows(*plain, *released);
}

// Under a PageRelay, the pages given up behind `done` move to the relay and
// the rows grow onto them: the same rows as without, and the pages reused.
TEST(UserFeaturesTest, RowsGrowOntoTheScansGivenUpUnderARelay) {
  PagedVector<UserScan> scans = GroupedScansOfManyUsers(200000, 6, 17);  // seven blocks of 32 Ki users
  FeatureParams p;
  p.as_of_s = kAsOf;
  auto plain = ComputeUserFeatures(scans, p);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();

  PageRelay relay;
  auto grown = ComputeUserFeatures(scans, p, [&](size_t done) { ReleaseConsumedSlabs(scans, done); });
  ASSERT_TRUE(grown.ok()) << grown.status().ToString();
  EXPECT_GT(relay.reused_bytes(), 0u);
  ExpectSameRows(*plain, *grown);
}

}  // namespace
}  // namespace qrmark::features
