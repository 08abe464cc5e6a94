// The 34 provincial-level regions of China: the region codes of scan records.
//
// A `ScanRecord::region` below `kRegionCount` names `kRegionNames[region]`
// (pinyin, ASCII). The verifier maps a scan's IP or GPS to one of these; the
// job turns them into its region dictionary. Not a geocoder. Constants only;
// thread-safe.
#ifndef QRMARK_SRC_BASE_REGIONS_H_
#define QRMARK_SRC_BASE_REGIONS_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace qrmark {

inline constexpr std::array<std::string_view, 34> kRegionNames = {
    "Beijing",  "Tianjin",      "Shanghai", "Chongqing", "Hebei",     "Shanxi", "Liaoning",
    "Jilin",    "Heilongjiang", "Jiangsu",  "Zhejiang",  "Anhui",     "Fujian", "Jiangxi",
    "Shandong", "Henan",        "Hubei",    "Hunan",     "Guangdong", "Hainan", "Sichuan",
    "Guizhou",  "Yunnan",       "Shaanxi",  "Gansu",     "Qinghai",   "Taiwan", "Inner Mongolia",
    "Guangxi",  "Tibet",        "Ningxia",  "Xinjiang",  "Hong Kong", "Macau"};
inline constexpr int kRegionCount = static_cast<int>(kRegionNames.size());

// The name of region code `code`, or "" when it is not in the table.
constexpr std::string_view RegionName(uint16_t code) {
  return code < kRegionNames.size() ? kRegionNames[code] : std::string_view();
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_REGIONS_H_
