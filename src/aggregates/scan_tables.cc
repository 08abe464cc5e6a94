// Region, channel, hour × weekday and product tables over CountByGroup; all
// four from one pass over the scans (CountLocalTogether).
#include "src/aggregates/scan_tables.h"

#include "src/aggregates/columns.h"
#include "src/aggregates/group_counts.h"
#include "src/features/user_features.h"

namespace qrmark::aggregates {
namespace {

std::vector<int32_t> Iota(size_t n) {
  std::vector<int32_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int32_t>(i);
  return v;
}

// users, scans, amount_cents columns (the common tail of most tables).
void AddCounts(snapshot::Table& t, GroupCounts& c) {
  t.columns.push_back(Int64Column("users", std::move(c.users), "distinct users with a scan (count)"));
  t.columns.push_back(Int64Column("scans", std::move(c.scans), "scans (count)"));
  t.columns.push_back(Int64Column("amount_cents", std::move(c.amount_cents), "sum of scan amounts (cents)"));
}

// The four groupings, and each table made of its summed counts.
auto RegionGrouping(size_t regions) {
  auto region = [](const UserScan& s) { return int32_t{s.region}; };
  return Grouping<decltype(region)>{regions, region, "region"};
}

auto ChannelGrouping() {
  auto channel = [](const UserScan& s) { return int32_t{static_cast<uint8_t>(s.channel)}; };
  return Grouping<decltype(channel)>{kChannelCount, channel, "channel"};
}

auto HourWeekdayGrouping(int utc_offset_minutes) {
  auto cell = [utc_offset_minutes](const UserScan& s) {
    return static_cast<int32_t>(features::LocalHourOfWeek(s.ts_unix_s, utc_offset_minutes));
  };
  return Grouping<decltype(cell)>{24 * 7, cell, "hour"};
}

auto ProductGrouping(size_t products) {
  auto product = [](const UserScan& s) { return static_cast<int32_t>(s.product_id); };
  return Grouping<decltype(product)>{products, product, "product"};
}

snapshot::Table RegionTableOf(GroupCounts c, std::span<const std::string> region_names) {
  snapshot::Table t{"by_region", false, true, {}};
  t.columns.push_back(CodeColumn("region", Iota(region_names.size()),
                                 {region_names.begin(), region_names.end()}, "region name"));
  AddCounts(t, c);
  return t;
}

snapshot::Table ChannelTableOf(GroupCounts c) {
  std::vector<std::string> names;
  for (int i = 0; i < kChannelCount; ++i) names.emplace_back(ChannelName(static_cast<Channel>(i)));
  snapshot::Table t{"by_channel", false, true, {}};
  t.columns.push_back(
      CodeColumn("channel", Iota(kChannelCount), std::move(names), "channel the scan came from"));
  AddCounts(t, c);
  return t;
}

snapshot::Table HourWeekdayTableOf(GroupCounts c) {
  std::vector<int32_t> weekday, hour;
  for (int32_t i = 0; i < 24 * 7; ++i) weekday.push_back(i / 24), hour.push_back(i % 24);
  snapshot::Table t{"by_hour_weekday", false, true, {}};
  t.columns.push_back(CodeColumn(
      "weekday", std::move(weekday),
      {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}, "local day of week"));
  snapshot::Column h;
  h.name = "hour";
  h.data = std::move(hour);
  h.description = "local hour of day (0-23)";
  t.columns.push_back(std::move(h));
  AddCounts(t, c);
  return t;
}

snapshot::Table ProductTableOf(GroupCounts c, std::span<const std::string> product_codes) {
  std::vector<double> rate(product_codes.size(), 0.0);
  for (size_t p = 0; p < rate.size(); ++p) {
    if (c.users[p] > 0) rate[p] = static_cast<double>(c.repeat_users[p]) / static_cast<double>(c.users[p]);
  }
  snapshot::Table t{"by_product", false, true, {}};
  t.columns.push_back(CodeColumn("product", Iota(product_codes.size()),
                                 {product_codes.begin(), product_codes.end()}, "product code"));
  t.columns.push_back(Int64Column("scans", std::move(c.scans), "scans of the product (count)"));
  t.columns.push_back(Int64Column("users", std::move(c.users), "distinct users who scanned it (count)"));
  t.columns.push_back(
      Int64Column("repeat_users", std::move(c.repeat_users), "users with >= 2 scans of it (count)"));
  snapshot::Column r;
  r.name = "repeat_rate";
  r.data = std::move(rate);
  r.description = "repeat_users / users (fraction; 0 when no user)";
  t.columns.push_back(std::move(r));
  return t;
}

// CountByGroup of one grouping.
template <class GroupOf>
Result<GroupCounts> CountBy(Comm& comm, std::span<const UserScan> scans, const Grouping<GroupOf>& g) {
  return CountByGroup(comm, scans, g.groups, g.group_of, g.what);
}

}  // namespace

Result<snapshot::Table> RegionTable(Comm& comm, std::span<const UserScan> scans,
                                    std::span<const std::string> region_names) {
  QRMARK_ASSIGN_OR_RETURN(GroupCounts c, CountBy(comm, scans, RegionGrouping(region_names.size())));
  return RegionTableOf(std::move(c), region_names);
}

Result<snapshot::Table> ChannelTable(Comm& comm, std::span<const UserScan> scans) {
  QRMARK_ASSIGN_OR_RETURN(GroupCounts c, CountBy(comm, scans, ChannelGrouping()));
  return ChannelTableOf(std::move(c));
}

Result<snapshot::Table> HourWeekdayTable(Comm& comm, std::span<const UserScan> scans,
                                         int utc_offset_minutes) {
  QRMARK_ASSIGN_OR_RETURN(GroupCounts c, CountBy(comm, scans, HourWeekdayGrouping(utc_offset_minutes)));
  return HourWeekdayTableOf(std::move(c));
}

Result<snapshot::Table> ProductTable(Comm& comm, std::span<const UserScan> scans,
                                     std::span<const std::string> product_codes) {
  QRMARK_ASSIGN_OR_RETURN(GroupCounts c, CountBy(comm, scans, ProductGrouping(product_codes.size())));
  return ProductTableOf(std::move(c), product_codes);
}

Result<std::vector<snapshot::Table>> ScanAggregateTables(Comm& comm, std::span<const UserScan> scans,
                                                         const ScanTableParams& params) {
  std::array<GroupCounts, 4> c;
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(CountLocalTogether(
      scans, c, RegionGrouping(params.region_names.size()), ChannelGrouping(),
      HourWeekdayGrouping(params.utc_offset_minutes), ProductGrouping(params.product_codes.size()))));
  for (GroupCounts& counts : c) SumOverRanks(comm, counts);
  std::vector<snapshot::Table> out;
  out.push_back(RegionTableOf(std::move(c[0]), params.region_names));
  out.push_back(ChannelTableOf(std::move(c[1])));
  out.push_back(HourWeekdayTableOf(std::move(c[2])));
  out.push_back(ProductTableOf(std::move(c[3]), params.product_codes));
  return out;
}

}  // namespace qrmark::aggregates
