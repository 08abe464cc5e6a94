// Tests src/rfm/rfm_score.h with SerialComm: reversed recency, counts, segments.
#include "src/rfm/rfm_score.h"

#include <gtest/gtest.h>

namespace qrmark::rfm {
namespace {

features::UserFeatures User(uint64_t key, int32_t r, int64_t f, int64_t m) {
  features::UserFeatures u;
  u.user_key = key;
  u.recency_days = r;
  u.frequency = f;
  u.monetary_cents = m;
  return u;
}

TEST(RfmScoreTest, RecentUsersScoreHighAndThresholdsAreInDays) {
  std::vector<features::UserFeatures> users = {User(1, 0, 1, 100),  User(2, 10, 1, 200), User(3, 20, 1, 300),
                                               User(4, 30, 2, 400), User(5, 40, 3, 500), User(6, 50, 9, 600)};
  SerialComm comm;
  auto r = ScoreRfm(comm, users, RfmParams{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->r, (std::vector<uint8_t>{3, 3, 2, 2, 1, 1}));
  EXPECT_EQ(r->recency.thresholds, (std::vector<int64_t>{40, 20}));  // score = 1 + #{t > days}
  EXPECT_EQ(r->f, (std::vector<uint8_t>{1, 1, 1, 2, 3, 3}));
  EXPECT_EQ(r->frequency.users_per_score, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(r->m, (std::vector<uint8_t>{1, 1, 2, 2, 3, 3}));
  ASSERT_EQ(r->segment_names.back(), "Others");
  EXPECT_EQ(r->segment_names[static_cast<size_t>(r->segment[0])], "New");
  EXPECT_EQ(r->segment_names[static_cast<size_t>(r->segment[5])], "Can't lose them");
  int64_t total = 0;
  for (int64_t c : r->users_per_segment) total += c;
  EXPECT_EQ(total, 6);
}

TEST(RfmScoreTest, CustomTableSendsUnmatchedUsersToOthers) {
  auto rules = ParseSegmentTable("Top: R=3", 3);
  ASSERT_TRUE(rules.ok());
  std::vector<features::UserFeatures> users = {User(1, 0, 1, 1), User(2, 5, 1, 1), User(3, 9, 1, 1)};
  SerialComm comm;
  auto r = ScoreRfm(comm, users, RfmParams{3, *rules});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->segment, (std::vector<int32_t>{0, 1, 1}));
  EXPECT_EQ(r->users_per_segment, (std::vector<int64_t>{1, 2}));
}

TEST(RfmScoreTest, RejectsBadBinsAndRulesOutsideTheBins) {
  SerialComm comm;
  EXPECT_FALSE(ScoreRfm(comm, {}, RfmParams{1, {}}).ok());
  SegmentRule bad{"Five", {5, 5}, {1, 3}, {1, 3}};
  EXPECT_EQ(ScoreRfm(comm, {}, RfmParams{3, {bad}}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace qrmark::rfm
