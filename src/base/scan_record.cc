// Names of channels and device operating systems, as they appear in CSV and JSON.
#include "src/base/scan_record.h"

#include <array>

namespace qrmark {
namespace {
constexpr std::array<std::string_view, kChannelCount> kChannelNames = {
    "unknown", "wechat", "alipay", "taobao", "browser", "app", "offline"};
constexpr std::array<std::string_view, kDeviceOsCount> kDeviceOsNames = {
    "unknown", "ios", "android", "other"};
}  // namespace

std::string_view ChannelName(Channel c) {
  auto i = static_cast<size_t>(c);
  return i < kChannelNames.size() ? kChannelNames[i] : "unknown";
}

Channel ChannelFromName(std::string_view name) {
  for (size_t i = 0; i < kChannelNames.size(); ++i) {
    if (kChannelNames[i] == name) return static_cast<Channel>(i);
  }
  return Channel::kUnknown;
}

std::string_view DeviceOsName(DeviceOs d) {
  auto i = static_cast<size_t>(d);
  return i < kDeviceOsNames.size() ? kDeviceOsNames[i] : "unknown";
}

DeviceOs DeviceOsFromName(std::string_view name) {
  for (size_t i = 0; i < kDeviceOsNames.size(); ++i) {
    if (kDeviceOsNames[i] == name) return static_cast<DeviceOs>(i);
  }
  return DeviceOs::kUnknown;
}

}  // namespace qrmark
