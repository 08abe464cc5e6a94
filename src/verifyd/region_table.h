// RegionTable: IPv4 prefix → region code, for scans that do not say where.
//
// Loaded from a CSV of `cidr,region` lines ("10.1.0.0/16,31"; '#' comments
// and a header line starting with "cidr" allowed); the longest matching
// prefix wins, and an address no prefix covers is region 0 (unknown). IPv6
// clients get 0. Not geolocation: the table is whatever the operator knows.
//
// Thread safety: immutable after Load; Lookup is safe from any thread.
#ifndef QRMARK_SRC_VERIFYD_REGION_TABLE_H_
#define QRMARK_SRC_VERIFYD_REGION_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace qrmark::verifyd {

// "a.b.c.d" → the address, or nullopt.
std::optional<uint32_t> ParseIpv4(std::string_view text);

class RegionTable {
 public:
  // An empty path is an empty table. InvalidArgument names path:line.
  [[nodiscard]] static Result<RegionTable> Load(const std::string& path);
  // Adds one prefix (`bits` 0..32).
  void Add(uint32_t network, int bits, uint16_t region);
  // The region of `ip` (dotted quad), 0 if unknown.
  uint16_t Lookup(std::string_view ip) const;

 private:
  struct Prefix {
    uint32_t network;
    uint32_t mask;
    int bits;
    uint16_t region;
  };
  std::vector<Prefix> prefixes_;  // sorted by bits, longest first
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_REGION_TABLE_H_
