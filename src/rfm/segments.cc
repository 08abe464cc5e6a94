// RFM segment tables: the default scaled to the number of bins, the text
// parser and printer, and first-match lookup.
#include "src/rfm/segments.h"

#include <cctype>
#include <charconv>
#include <set>
#include <sstream>

namespace qrmark::rfm {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int* out) {
  s = Trim(s);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status RuleError(size_t index, std::string_view rule, const std::string& why) {
  std::ostringstream m;
  m << "rfm segments: rule " << index << " \"" << Trim(rule) << "\": " << why;
  return InvalidArgument(m.str());
}

// One "X=lo-hi" condition into `rule`; `seen` tracks repeated dimensions.
Status ParseCondition(std::string_view cond, SegmentRule* rule, std::string* seen) {
  const size_t eq = cond.find('=');
  const std::string_view dim = Trim(cond.substr(0, eq == cond.npos ? 0 : eq));
  if (eq == cond.npos || dim.size() != 1)
    return InvalidArgument("expected R=, F= or M= in \"" + std::string(cond) + "\"");
  const char d = static_cast<char>(std::toupper(static_cast<unsigned char>(dim[0])));
  ScoreRange* range = d == 'R' ? &rule->r : d == 'F' ? &rule->f : d == 'M' ? &rule->m : nullptr;
  if (range == nullptr) return InvalidArgument("unknown dimension \"" + std::string(dim) + "\"");
  if (seen->find(d) != std::string::npos)
    return InvalidArgument(std::string("dimension ") + d + " given twice");
  seen->push_back(d);
  const std::string_view value = cond.substr(eq + 1);
  const size_t dash = value.find('-');
  const bool ok = dash == value.npos ? ParseInt(value, &range->lo) && ParseInt(value, &range->hi)
                                     : ParseInt(value.substr(0, dash), &range->lo) &&
                                           ParseInt(value.substr(dash + 1), &range->hi);
  if (!ok) return InvalidArgument("bad range \"" + std::string(Trim(value)) + "\" (want N or N-M)");
  return Status::Ok();
}

Result<SegmentRule> ParseRule(std::string_view text, int bins) {
  const size_t colon = text.find(':');
  if (colon == text.npos) return InvalidArgument("missing ':' after the segment name");
  SegmentRule rule{std::string(Trim(text.substr(0, colon))), {1, bins}, {1, bins}, {1, bins}};
  std::string seen;
  std::istringstream conds{std::string(text.substr(colon + 1))};
  for (std::string cond; conds >> cond;) QRMARK_RETURN_IF_ERROR(ParseCondition(cond, &rule, &seen));
  return rule;
}

std::string RangeText(ScoreRange r) {
  return r.lo == r.hi ? std::to_string(r.lo) : std::to_string(r.lo) + "-" + std::to_string(r.hi);
}

}  // namespace

std::vector<SegmentRule> DefaultSegments(int bins) {
  const int h = std::max(1, (bins + 1) / 3);
  const ScoreRange all{1, bins}, high{bins - h + 1, bins}, low{1, h}, mid{h + 1, bins - h};
  const ScoreRange not_low{h + 1, bins}, not_high{1, bins - h};
  std::vector<SegmentRule> rules = {
      {"Champions", high, high, not_low},     {"Can't lose them", low, high, high},
      {"At risk", low, not_low, all},         {"Loyal", not_low, high, all},
      {"Potential loyalist", high, mid, all}, {"New", high, low, all},
      {"Hibernating", mid, not_high, all},    {"Lost", low, low, all}};
  std::erase_if(rules, [](const SegmentRule& s) { return s.r.lo > s.r.hi || s.f.lo > s.f.hi; });
  return rules;
}

Status ValidateSegments(std::span<const SegmentRule> rules, int bins) {
  std::set<std::string> names;
  for (size_t i = 0; i < rules.size(); ++i) {
    const SegmentRule& s = rules[i];
    if (s.name.empty() || s.name == kOthersSegment || !names.insert(s.name).second) {
      return RuleError(i + 1, s.name, "names must be non-empty, unique and not \"Others\"");
    }
    for (ScoreRange r : {s.r, s.f, s.m}) {
      if (r.lo < 1 || r.hi > bins || r.lo > r.hi) {
        return RuleError(i + 1, s.name, "range " + RangeText(r) + " is outside 1-" + std::to_string(bins));
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<SegmentRule>> ParseSegmentTable(std::string_view text, int bins) {
  std::vector<SegmentRule> rules;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == text.npos) end = text.size();
    const std::string_view piece = text.substr(start, end - start);
    if (!Trim(piece).empty()) {
      Result<SegmentRule> rule = ParseRule(piece, bins);
      if (!rule.ok()) return RuleError(rules.size() + 1, piece, rule.status().message());
      rules.push_back(std::move(rule).value());
    }
    start = end + 1;
  }
  if (rules.empty())
    return InvalidArgument("rfm segments: the table \"" + std::string(text) + "\" has no rule");
  QRMARK_RETURN_IF_ERROR(ValidateSegments(rules, bins));
  return rules;
}

std::string FormatSegmentTable(std::span<const SegmentRule> rules) {
  std::string out;
  for (const SegmentRule& s : rules) {
    if (!out.empty()) out += "; ";
    out += s.name + ": R=" + RangeText(s.r) + " F=" + RangeText(s.f) + " M=" + RangeText(s.m);
  }
  return out;
}

int MatchSegment(std::span<const SegmentRule> rules, int r, int f, int m) {
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].r.Contains(r) && rules[i].f.Contains(f) && rules[i].m.Contains(m))
      return static_cast<int>(i);
  }
  return static_cast<int>(rules.size());
}

}  // namespace qrmark::rfm
