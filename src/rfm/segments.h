// RFM segments: a first-match table of R/F/M score ranges, parsed from text.
//
// Grammar (whitespace is free around every token; names are case-sensitive,
// dimension letters are not):
//   table := rule { ";" rule } [ ";" ]
//   rule  := name ":" { cond }          a rule with no condition matches all
//   cond  := ("R" | "F" | "M") "=" range   each dimension at most once; omitted = any
//   range := int | int "-" int          inclusive, 1 <= lo <= hi <= bins
// Example: "Champions: R=3 F=3 M=2-3; Lost: R=1 F=1".
// A user gets the first rule that matches, or "Others" when none does.
// Pure values and functions; thread-safe.
#ifndef QRMARK_SRC_RFM_SEGMENTS_H_
#define QRMARK_SRC_RFM_SEGMENTS_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace qrmark::rfm {

inline constexpr std::string_view kOthersSegment = "Others";

struct ScoreRange {
  int lo = 1, hi = 10;  // inclusive
  bool Contains(int s) const { return lo <= s && s <= hi; }
};

struct SegmentRule {
  std::string name;
  ScoreRange r, f, m;
};

// The usual table scaled to `bins` (2..10): with h = max(1, (bins + 1) / 3),
// high = the top h scores, low = the bottom h, mid = between (empty for
// bins = 2: rules needing it are left out). In order: Champions (R high,
// F high, M not low), Can't lose them (R low, F high, M high), At risk (R low,
// F not low), Loyal (R not low, F high), Potential loyalist (R high, F mid),
// New (R high, F low), Hibernating (R mid, F not high), Lost (R low, F low).
std::vector<SegmentRule> DefaultSegments(int bins);

// Parses `text` (grammar above). InvalidArgument names the rule (1-based)
// and the offending text; ranges must fit in 1..bins; names must be unique,
// non-empty and not "Others".
[[nodiscard]] Result<std::vector<SegmentRule>> ParseSegmentTable(std::string_view text, int bins);

// Checks `rules` as ParseSegmentTable would (for tables built in code).
[[nodiscard]] Status ValidateSegments(std::span<const SegmentRule> rules, int bins);

// The text form of `rules`, which ParseSegmentTable reads back.
std::string FormatSegmentTable(std::span<const SegmentRule> rules);

// Index of the first rule matching (r, f, m), or rules.size() for Others.
int MatchSegment(std::span<const SegmentRule> rules, int r, int f, int m);

}  // namespace qrmark::rfm

#endif  // QRMARK_SRC_RFM_SEGMENTS_H_
