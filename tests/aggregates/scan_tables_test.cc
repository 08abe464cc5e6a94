// Tests src/aggregates/scan_tables.h with SerialComm on hand-made scans.
#include "src/aggregates/scan_tables.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "io/snapshot/validate.h"
#include "src/base/civil_time.h"
#include "src/features/user_features.h"

namespace qrmark::aggregates {
namespace {

constexpr int64_t kMonday = 4 * kSecondsPerDay;  // 1970-01-05 00:00 UTC was a Monday

UserScan Scan(uint64_t user, int64_t ts, uint32_t product, uint16_t region, Channel ch, int64_t cents) {
  return UserScan{user, ts, cents, product, region, ch, DeviceOs::kAndroid};
}

std::vector<UserScan> Sample() {
  std::vector<UserScan> s = {Scan(1, kMonday + 3600, 0, 0, Channel::kWechat, 100),
                             Scan(1, kMonday + 7200, 0, 1, Channel::kWechat, 50),
                             Scan(1, kMonday + 9000, 1, 1, Channel::kApp, 10),
                             Scan(2, kMonday + 3600, 0, 1, Channel::kApp, 5),
                             Scan(3, kMonday + 6 * kSecondsPerDay + 23 * 3600, 2, 0, Channel::kAlipay, 1)};
  features::GroupScansByUser(s);
  return s;
}

template <typename T>
const std::vector<T>& Col(const snapshot::Table& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (c.name == name) return std::get<std::vector<T>>(c.data);
  }
  ADD_FAILURE() << "no column " << name;
  static const std::vector<T> kEmpty;
  return kEmpty;
}

TEST(ScanTablesTest, RegionCountsDistinctUsersScansAndAmount) {
  const std::vector<std::string> regions = {"north", "south", "east"};
  SerialComm comm;
  auto t = RegionTable(comm, Sample(), regions);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Col<int64_t>(*t, "users"), (std::vector<int64_t>{2, 2, 0}));
  EXPECT_EQ(Col<int64_t>(*t, "scans"), (std::vector<int64_t>{2, 3, 0}));
  EXPECT_EQ(Col<int64_t>(*t, "amount_cents"), (std::vector<int64_t>{101, 65, 0}));
  EXPECT_EQ(t->columns[0].dictionary, regions);
  EXPECT_FALSE(t->distributed);
}

TEST(ScanTablesTest, ChannelAndHourWeekdayUseLocalTime) {
  SerialComm comm;
  auto ch = ChannelTable(comm, Sample());
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(Col<int64_t>(*ch, "scans")[static_cast<size_t>(Channel::kApp)], 2);
  EXPECT_EQ(Col<int64_t>(*ch, "users")[static_cast<size_t>(Channel::kApp)], 2);
  auto hw = HourWeekdayTable(comm, Sample(), 60);  // UTC+01:00
  ASSERT_TRUE(hw.ok());
  const auto& scans = Col<int64_t>(*hw, "scans");
  ASSERT_EQ(scans.size(), 168u);
  EXPECT_EQ(scans[0 * 24 + 2], 2);  // Monday 02:00 local: users 1 and 2
  EXPECT_EQ(scans[0 * 24 + 3], 2);  // 03:00 and 03:30
  EXPECT_EQ(scans[0 * 24 + 0], 1);  // Sunday 23:00 UTC is Monday 00:00 the next week
}

TEST(ScanTablesTest, ProductRepeatRateCountsUsersWithTwoOrMoreScans) {
  const std::vector<std::string> codes = {"A", "B", "C", "D"};
  SerialComm comm;
  auto t = ProductTable(comm, Sample(), codes);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Col<int64_t>(*t, "scans"), (std::vector<int64_t>{3, 1, 1, 0}));
  EXPECT_EQ(Col<int64_t>(*t, "users"), (std::vector<int64_t>{2, 1, 1, 0}));
  EXPECT_EQ(Col<int64_t>(*t, "repeat_users"), (std::vector<int64_t>{1, 0, 0, 0}));
  EXPECT_EQ(Col<double>(*t, "repeat_rate"), (std::vector<double>{0.5, 0, 0, 0}));
}

TEST(ScanTablesTest, AllTablesFormValidSnapshotContent) {
  const std::vector<std::string> regions = {"north", "south"}, codes = {"A", "B", "C"};
  SerialComm comm;
  auto tables = ScanAggregateTables(comm, Sample(), ScanTableParams{0, regions, codes});
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  snapshot::SnapshotContent content;
  content.id = "20261123T020000Z-00000000";
  content.tables = *tables;
  EXPECT_TRUE(snapshot::ValidateContent(content).ok()) << snapshot::ValidateContent(content).ToString();
}

TEST(ScanTablesTest, OnePassGivesTheTablesOfOnePassEach) {
  // Many users and scans, so that groups see new users, repeats and returns.
  std::vector<UserScan> scans;
  for (uint64_t user = 1; user <= 300; ++user) {
    for (uint64_t k = 0; k < user % 7 + 1; ++k) {
      scans.push_back(Scan(user * 7919, kMonday + static_cast<int64_t>((user * 31 + k * 977) % 600000),
                           static_cast<uint32_t>((user + k * k) % 5), static_cast<uint16_t>((user * k) % 3),
                           static_cast<Channel>((user + k) % kChannelCount), static_cast<int64_t>(user + k)));
    }
  }
  features::GroupScansByUser(scans);
  const std::vector<std::string> regions = {"north", "south", "east"}, codes = {"A", "B", "C", "D", "E"};
  SerialComm comm;
  auto together = ScanAggregateTables(comm, scans, ScanTableParams{480, regions, codes});
  ASSERT_TRUE(together.ok()) << together.status().ToString();
  ASSERT_EQ(together->size(), 4u);
  auto region = RegionTable(comm, scans, regions);
  auto channel = ChannelTable(comm, scans);
  auto hours = HourWeekdayTable(comm, scans, 480);
  auto product = ProductTable(comm, scans, codes);
  ASSERT_TRUE(region.ok() && channel.ok() && hours.ok() && product.ok());
  int64_t repeat_users = 0;
  const std::vector<const snapshot::Table*> one_each = {&*region, &*channel, &*hours, &*product};
  for (size_t i = 0; i < 4; ++i) {
    const snapshot::Table& a = (*together)[i];
    const snapshot::Table& b = *one_each[i];
    EXPECT_EQ(a.name, b.name);
    ASSERT_EQ(a.columns.size(), b.columns.size()) << a.name;
    for (size_t c = 0; c < a.columns.size(); ++c) {
      EXPECT_EQ(a.columns[c].name, b.columns[c].name);
      EXPECT_EQ(a.columns[c].data, b.columns[c].data) << a.name << "." << a.columns[c].name;
      EXPECT_EQ(a.columns[c].dictionary, b.columns[c].dictionary);
    }
  }
  for (int64_t r : Col<int64_t>(*product, "repeat_users")) repeat_users += r;
  EXPECT_GT(repeat_users, 0);  // the sample exercises repeats
  const std::vector<int64_t>& by_region = Col<int64_t>(*region, "scans");
  EXPECT_EQ(by_region[0] + by_region[1] + by_region[2], static_cast<int64_t>(scans.size()));

  // A user's scans come in any order (their input order, which varies with
  // the number of ranks): the tables stay the same.
  std::vector<UserScan> reordered = scans;
  for (size_t b = 0, e; b < reordered.size(); b = e) {
    for (e = b; e < reordered.size() && reordered[e].user_key == reordered[b].user_key; ++e) {}
    std::reverse(reordered.begin() + static_cast<std::ptrdiff_t>(b),
                 reordered.begin() + static_cast<std::ptrdiff_t>(e));
  }
  auto again = ScanAggregateTables(comm, reordered, ScanTableParams{480, regions, codes});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  for (size_t i = 0; i < 4; ++i) {
    for (size_t c = 0; c < (*together)[i].columns.size(); ++c) {
      EXPECT_EQ((*together)[i].columns[c].data, (*again)[i].columns[c].data) << (*together)[i].name;
    }
  }
}

TEST(ScanTablesTest, ProductCountsMatchAPlainRecount) {
  // Users scanning one product up to six times: users, scans and repeat
  // users (two or more scans, counted once) against a per-(user, product) recount.
  std::vector<UserScan> scans;
  for (uint64_t user = 1; user <= 500; ++user) {
    for (uint64_t k = 0; k < user % 9 + 1; ++k) {
      scans.push_back(Scan(user * 104729, kMonday + static_cast<int64_t>(k * 60),
                           static_cast<uint32_t>((user * k) % 4), 0, Channel::kApp, 1));
    }
  }
  features::GroupScansByUser(scans);
  std::map<std::pair<uint64_t, uint32_t>, int64_t> per_user_product;
  for (const UserScan& s : scans) ++per_user_product[{s.user_key, s.product_id}];
  std::vector<int64_t> users(4), scan_counts(4), repeat_users(4);
  for (const auto& [key, n] : per_user_product) {
    ++users[key.second];
    scan_counts[key.second] += n;
    repeat_users[key.second] += n >= 2;
  }
  SerialComm comm;
  const std::vector<std::string> codes = {"A", "B", "C", "D"};
  auto t = ProductTable(comm, scans, codes);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Col<int64_t>(*t, "users"), users);
  EXPECT_EQ(Col<int64_t>(*t, "scans"), scan_counts);
  EXPECT_EQ(Col<int64_t>(*t, "repeat_users"), repeat_users);
}

TEST(ScanTablesTest, UnknownIdsAndUngroupedScansAreRejected) {
  SerialComm comm;
  const std::vector<std::string> one = {"only"};
  auto r = RegionTable(comm, Sample(), one);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("region id outside the dictionary of 1"), std::string::npos)
      << r.status().message();
  std::vector<UserScan> ungrouped = Sample();
  std::swap(ungrouped[0], ungrouped[4]);
  EXPECT_EQ(ChannelTable(comm, ungrouped).status().code(), StatusCode::kInvalidArgument);
  // In one pass, the first grouping that has no group for a scan is named.
  const std::vector<std::string> codes = {"A"};
  const std::vector<std::string> two = {"north", "south"};
  auto all = ScanAggregateTables(comm, Sample(), ScanTableParams{0, two, codes});
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.status().message().find("product id outside the dictionary of 1"), std::string::npos)
      << all.status().message();
  const std::vector<std::string> regions = {"north", "south"}, three = {"A", "B", "C"};
  auto ungrouped_all = ScanAggregateTables(comm, ungrouped, ScanTableParams{0, regions, three});
  ASSERT_FALSE(ungrouped_all.ok());
  EXPECT_NE(ungrouped_all.status().message().find("not grouped by user"), std::string::npos)
      << ungrouped_all.status().message();
}

}  // namespace
}  // namespace qrmark::aggregates
