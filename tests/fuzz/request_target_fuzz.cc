// libFuzzer target: what the daemon does with a request's target and headers
// before any key is involved — split path and query, decode parameters,
// classify the User-Agent, parse the client address, parse the code, and
// escape everything that may be echoed into JSON or HTML.
//
// Input: target, user agent and client IP separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/codes/code_format.h"
#include "src/codes/gs1.h"
#include "src/verifyd/json.h"
#include "src/verifyd/query.h"
#include "src/verifyd/region_table.h"
#include "src/verifyd/user_agent.h"

namespace {

std::string_view NextLine(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qrmark::verifyd;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view target = NextLine(rest), user_agent = NextLine(rest), ip = NextLine(rest);
  Target t = SplitTarget(target);
  if (t.path.size() + t.query.size() > target.size()) std::abort();
  for (std::string_view name : {"uid", "region", ""}) {
    std::string value = QueryParam(t.query, name);
    if (value.size() > t.query.size()) std::abort();
    std::string json = JsonString(value);
    if (json.size() < 2 || json.front() != '"' || json.back() != '"') std::abort();
    (void)JsonScalar(value);
    if (HtmlEscape(value).find('<') != std::string::npos) std::abort();
  }
  (void)ClassifyUserAgent(user_agent);
  RegionTable table;
  table.Add(0x0A000000, 8, 1);
  (void)table.Lookup(ip);
  if (t.path.starts_with("/q/")) (void)qrmark::codes::ParseCode(t.path.substr(3));
  if (t.path.starts_with("/01/")) (void)qrmark::codes::ParseGs1DigitalLink(t.path);
  return 0;
}
