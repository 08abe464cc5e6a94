// GS1 Digital Link path parsing and GTIN check digits.
#include "src/codes/gs1.h"

#include <string>
#include <vector>

namespace qrmark::codes {
namespace {

// "/a/b/c" → {"a","b","c"}; empty segments are kept so "//" is rejected.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  path.remove_prefix(1);
  while (out.size() < 8) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

bool IsValidGtin(std::string_view digits) {
  size_t n = digits.size();
  if (n != 8 && n != 12 && n != 13 && n != 14) return false;
  int sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    if (i + 1 == n) break;
    int weight = ((n - 1 - i) % 2 == 1) ? 3 : 1;  // rightmost data digit weighs 3
    sum += (digits[i] - '0') * weight;
  }
  return (10 - sum % 10) % 10 == digits[n - 1] - '0';
}

Result<Gs1Link> ParseGs1DigitalLink(std::string_view path) {
  std::vector<std::string_view> seg = Segments(path);
  if (seg.size() != 6 || seg[0] != "01" || seg[2] != "10" || seg[4] != "21") {
    return InvalidArgument("GS1 Digital Link path must be /01/<GTIN>/10/<batch>/21/<serial>");
  }
  if (!IsValidGtin(seg[1])) {
    return InvalidArgument("GS1 AI 01: not a GTIN-8/12/13/14 with a valid check digit");
  }
  if (seg[3].size() != kBatchChars || seg[5].size() != kSerialChars + kTagChars) {
    return InvalidArgument("GS1 AI 10 must be " + std::to_string(kBatchChars) +
                           " characters and AI 21 " + std::to_string(kSerialChars + kTagChars));
  }
  std::string joined = std::string(seg[3]) + std::string(seg[5]);
  Result<Code> code = ParseCode(joined);
  if (!code.ok()) return code.status().WithContext("GS1 AI 10/21");
  Gs1Link link;
  link.gtin = std::string(14 - seg[1].size(), '0') + std::string(seg[1]);
  link.code = *code;
  return link;
}

std::string Gs1Path(std::string_view gtin14, const Code& code) {
  std::string c = FormatCode(code);
  return "/01/" + std::string(gtin14) + "/10/" + c.substr(0, kBatchChars) + "/21/" +
         c.substr(kBatchChars);
}

}  // namespace qrmark::codes
