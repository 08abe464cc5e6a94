// Dates and instants parse and print as UTC, and bad text is refused with the text in the message.
#include "src/base/civil_time.h"

#include <gtest/gtest.h>

namespace qrmark {
namespace {

TEST(CivilTimeTest, DateIsMidnightUtc) {
  auto t = ParseUtcInstant("2011-12-10");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, 1323475200);
  EXPECT_EQ(FormatUtc(*t), "2011-12-10T00:00:00Z");
}

TEST(CivilTimeTest, SpaceAndTSeparatorsAndZuluAreAccepted) {
  EXPECT_EQ(*ParseUtcInstant("2010-12-01 08:26:00"), 1291191960);
  EXPECT_EQ(*ParseUtcInstant("2010-12-01T08:26:00"), 1291191960);
  EXPECT_EQ(*ParseUtcInstant("2010-12-01T08:26:00Z"), 1291191960);
}

TEST(CivilTimeTest, LeapDaysAndEpochRoundTrip) {
  EXPECT_EQ(FormatUtc(*ParseUtcInstant("2024-02-29 23:59:59")), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatUtcCompact(1323475200), "20111210T000000Z");
}

TEST(CivilTimeTest, AppendUtcAppendsAndYearsBeyondFourDigitsStillPrint) {
  std::string out = "at ";
  AppendUtc(1323475200 + 3723, &out);
  EXPECT_EQ(out, "at 2011-12-10T01:02:03Z");
  EXPECT_EQ(FormatUtc(DaysFromCivil(9999, 12, 31) * kSecondsPerDay + 86399), "9999-12-31T23:59:59Z");
  EXPECT_EQ(FormatUtc(DaysFromCivil(10000, 1, 1) * kSecondsPerDay), "10000-01-01T00:00:00Z");
}

TEST(CivilTimeTest, BadTextIsRefusedWithTheTextInTheMessage) {
  for (const char* bad : {"", "2011-13-01", "2023-02-29", "2011-12-1", "2011/12/10", "2011-12-10 25:00:00",
                          "2011-12-10 10:00:00 extra", "yesterday"}) {
    auto t = ParseUtcInstant(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find(bad), std::string::npos);
  }
}

TEST(CivilTimeTest, FloorToDayHandlesNegativeTimes) {
  EXPECT_EQ(FloorToDay(86399), 0);
  EXPECT_EQ(FloorToDay(-1), -86400);
}

}  // namespace
}  // namespace qrmark
