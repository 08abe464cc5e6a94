// Tests src/aggregates/analytics_tables.h: users/clusters/segments tables from
// a real features → RFM → k-means → tiers run form valid snapshot content.
#include "src/aggregates/analytics_tables.h"

#include <gtest/gtest.h>

#include <set>

#include "io/snapshot/validate.h"
#include "src/kmeans/feature_matrix.h"

namespace qrmark::aggregates {
namespace {

const snapshot::Column& Find(const snapshot::Table& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no column " << name;
  return t.columns.front();
}

TEST(AnalyticsTablesTest, UsersClustersAndSegmentsFormValidContent) {
  std::vector<UserScan> scans;
  for (uint64_t u = 1; u <= 60; ++u) {
    for (uint64_t j = 0; j < u % 5 + 1; ++j) {
      scans.push_back(UserScan{u, static_cast<int64_t>(86400 * (100 + u + j * 3) + 3600 * ((u * 7 + j) % 24)),
                               static_cast<int64_t>(u * 100 + j), static_cast<uint32_t>(j),
                               static_cast<uint16_t>(u % 3), Channel::kWechat, DeviceOs::kIos});
    }
  }
  features::GroupScansByUser(scans);
  auto users = features::ComputeUserFeatures(scans, features::FeatureParams{86400 * 200, 0, 30, 180, {}});
  ASSERT_TRUE(users.ok());
  SerialComm comm;
  auto rfm = rfm::ScoreRfm(comm, *users, rfm::RfmParams{});
  const kmeans::FeatureColumn cols[] = {kmeans::FeatureColumn::kRecencyDays,
                                        kmeans::FeatureColumn::kFrequency,
                                        kmeans::FeatureColumn::kMonetaryCents};
  kmeans::KMeansParams p;
  p.log1p = {true, true, true};
  auto model = kmeans::FitKMeans(comm, kmeans::FeatureMatrix(*users, cols), kmeans::UserKeys(*users), 3, p);
  ASSERT_TRUE(rfm.ok() && model.ok());
  auto tiers = kmeans::RankClustersIntoTiers(model->centers, 3, 3, {});
  ASSERT_TRUE(tiers.ok());
  const std::vector<std::string> regions = {"a", "b", "c"}, features = {"recency", "frequency", "monetary"};
  auto table = UsersTable({*users, *rfm, *model, *tiers, regions});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->rows(), 60u);
  EXPECT_TRUE(table->distributed);
  const auto& tier = std::get<std::vector<int32_t>>(Find(*table, "tier").data);
  const auto& cluster = std::get<std::vector<int32_t>>(Find(*table, "cluster").data);
  for (size_t i = 0; i < tier.size(); ++i)
    EXPECT_EQ(tier[i], tiers->tier_of_cluster[static_cast<size_t>(cluster[i])]);
  const snapshot::Column& histogram = Find(*table, "hour_histogram");
  EXPECT_EQ(histogram.width, 24u);
  EXPECT_FALSE(histogram.export_csv);  // snapshot.h5 only; users.csv has the peak hour
  const auto& peak = std::get<std::vector<int32_t>>(Find(*table, "peak_hour").data);
  std::set<int32_t> peaks;
  for (size_t i = 0; i < peak.size(); ++i) {
    EXPECT_EQ(peak[i], features::PeakHour((*users)[i].hour_histogram)) << "user " << i;
    peaks.insert(peak[i]);
  }
  EXPECT_GT(peaks.size(), 10u);

  snapshot::SnapshotContent content;
  content.id = "20261123T020000Z-00000000";
  content.tables = {*table, ClustersTable(*model, *tiers, features), SegmentsTable(*rfm)};
  content.attributes = AnalyticsAttributes(*rfm, p, *model, *tiers);
  EXPECT_TRUE(snapshot::ValidateContent(content).ok()) << snapshot::ValidateContent(content).ToString();
  EXPECT_EQ(content.tables[1].rows(), 3u);
  EXPECT_EQ(content.tables[2].rows(), rfm->segment_names.size());
  EXPECT_EQ(std::get<std::vector<int64_t>>(content.attributes["rfm_frequency_users_per_score"]).size(), 3u);
}

TEST(AnalyticsTablesTest, MismatchedRowsAreRejected) {
  std::vector<features::UserFeatures> users(2);
  rfm::RfmResult rfm;
  kmeans::KMeansModel model;
  kmeans::Tiers tiers;
  const std::vector<std::string> regions = {"a"};
  EXPECT_EQ(UsersTable({users, rfm, model, tiers, regions}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::aggregates
