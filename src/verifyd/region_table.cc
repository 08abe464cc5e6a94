// RegionTable: CSV loading and longest-prefix lookup.
#include "src/verifyd/region_table.h"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace qrmark::verifyd {
namespace {

template <typename T>
bool ParseUint(std::string_view s, T max, T* out) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v > static_cast<uint64_t>(max)) return false;
  *out = static_cast<T>(v);
  return true;
}

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t addr = 0;
  for (int i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos) return std::nullopt;
    uint32_t octet = 0;
    if (!ParseUint<uint32_t>(text.substr(0, dot), 255, &octet)) return std::nullopt;
    addr = (addr << 8) | octet;
    text.remove_prefix(std::min(text.size(), dot + 1));
  }
  return addr;
}

void RegionTable::Add(uint32_t network, int bits, uint16_t region) {
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  prefixes_.push_back({network & mask, mask, bits, region});
  std::stable_sort(prefixes_.begin(), prefixes_.end(),
                   [](const Prefix& a, const Prefix& b) { return a.bits > b.bits; });
}

Result<RegionTable> RegionTable::Load(const std::string& path) {
  RegionTable table;
  if (path.empty()) return table;
  std::ifstream in(path);
  if (!in) return PosixError("open region table", path, errno);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#' || line.rfind("cidr", 0) == 0) continue;
    std::string_view v = line;
    size_t slash = v.find('/'), comma = v.find(',');
    int bits = 0;
    uint16_t region = 0;
    std::optional<uint32_t> net = slash < comma ? ParseIpv4(v.substr(0, slash)) : std::nullopt;
    if (!net || comma == std::string_view::npos ||
        !ParseUint<int>(v.substr(slash + 1, comma - slash - 1), 32, &bits) ||
        !ParseUint<uint16_t>(v.substr(comma + 1), 65535, &region)) {
      return InvalidArgument(path + ":" + std::to_string(n) + ": expected cidr,region like 10.0.0.0/8,31");
    }
    table.Add(*net, bits, region);
  }
  return table;
}

uint16_t RegionTable::Lookup(std::string_view ip) const {
  std::optional<uint32_t> addr = ParseIpv4(ip);
  if (!addr) return 0;
  for (const Prefix& p : prefixes_) {
    if ((*addr & p.mask) == p.network) return p.region;
  }
  return 0;
}

}  // namespace qrmark::verifyd
