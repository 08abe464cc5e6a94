// Tests src/rfm/segments.h: parsing, errors, first match, Others, the default table.
#include "src/rfm/segments.h"

#include <gtest/gtest.h>

namespace qrmark::rfm {
namespace {

TEST(SegmentsTest, ParsesRulesRangesAndWildcards) {
  auto rules = ParseSegmentTable(" Champions: R=3 F=3 M=2-3 ; Can't lose them: r=1 f=3; Everyone:; ", 3);
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 3u);
  EXPECT_EQ((*rules)[0].name, "Champions");
  EXPECT_EQ((*rules)[0].m.lo, 2);
  EXPECT_EQ((*rules)[0].m.hi, 3);
  EXPECT_EQ((*rules)[1].name, "Can't lose them");
  EXPECT_EQ((*rules)[1].m.lo, 1);  // omitted = any
  EXPECT_EQ((*rules)[1].m.hi, 3);
  EXPECT_EQ((*rules)[2].r.hi, 3);
}

TEST(SegmentsTest, FirstMatchWinsAndNoMatchIsOthers) {
  auto rules = ParseSegmentTable("A: R=3; B: R=2-3 F=1; C: F=3", 3);
  ASSERT_TRUE(rules.ok());
  EXPECT_EQ(MatchSegment(*rules, 3, 1, 1), 0);
  EXPECT_EQ(MatchSegment(*rules, 2, 1, 1), 1);
  EXPECT_EQ(MatchSegment(*rules, 1, 3, 1), 2);
  EXPECT_EQ(MatchSegment(*rules, 1, 2, 1), 3);  // Others
}

TEST(SegmentsTest, BadTablesNameTheRuleAndTheProblem) {
  const char* bad[] = {"A R=3",    "A: R=4",         "A: Q=1",      "A: R=1 R=2", "A: R=x",
                       "A: R=3-1", "A: R=1; A: F=1", "Others: R=1", ": R=1",      " ; "};
  for (const char* text : bad) {
    auto r = ParseSegmentTable(text, 3);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
  }
  auto r = ParseSegmentTable("A: R=1; B: M=0-2", 3);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("rule 2"), std::string::npos) << r.status().message();
}

TEST(SegmentsTest, DefaultTableRoundTripsAndCoversEveryCellForThreeBins) {
  const std::vector<SegmentRule> rules = DefaultSegments(3);
  EXPECT_EQ(rules.size(), 8u);
  auto parsed = ParseSegmentTable(FormatSegmentTable(rules), 3);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(FormatSegmentTable(*parsed), FormatSegmentTable(rules));
  for (int r = 1; r <= 3; ++r)
    for (int f = 1; f <= 3; ++f)
      for (int m = 1; m <= 3; ++m) EXPECT_LT(MatchSegment(rules, r, f, m), 8) << r << f << m;
  EXPECT_EQ(rules[static_cast<size_t>(MatchSegment(rules, 3, 3, 3))].name, "Champions");
  EXPECT_EQ(rules[static_cast<size_t>(MatchSegment(rules, 1, 1, 1))].name, "Lost");
  EXPECT_EQ(rules[static_cast<size_t>(MatchSegment(rules, 3, 1, 1))].name, "New");
}

TEST(SegmentsTest, DefaultTableIsValidForEveryBinCount) {
  for (int bins = 2; bins <= 10; ++bins) {
    const auto rules = DefaultSegments(bins);
    EXPECT_TRUE(ValidateSegments(rules, bins).ok()) << bins;
    EXPECT_EQ(rules[static_cast<size_t>(MatchSegment(rules, bins, bins, bins))].name, "Champions");
  }
}

}  // namespace
}  // namespace qrmark::rfm
