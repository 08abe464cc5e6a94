// User-Agent → channel and device OS, by ordered substring rules.
#include "src/verifyd/user_agent.h"

namespace qrmark::verifyd {
namespace {

bool Has(std::string_view ua, std::string_view needle) {
  return ua.find(needle) != std::string_view::npos;
}

Channel ChannelOf(std::string_view ua) {
  // In-app browsers first: they also carry "Mozilla/5.0 ... Safari".
  if (Has(ua, "MicroMessenger")) return Channel::kWechat;
  if (Has(ua, "AlipayClient")) return Channel::kAlipay;
  if (Has(ua, "AliApp(TB") || Has(ua, "TaoBrowser") || Has(ua, "Taobao")) return Channel::kTaobao;
  if (Has(ua, "Mozilla/") || Has(ua, "Opera/")) return Channel::kBrowser;
  return Channel::kUnknown;
}

DeviceOs OsOf(std::string_view ua) {
  if (Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod")) return DeviceOs::kIos;
  if (Has(ua, "Android")) return DeviceOs::kAndroid;
  return DeviceOs::kOther;
}

}  // namespace

ClientKind ClassifyUserAgent(std::string_view user_agent) {
  if (user_agent.empty()) return {};
  return {ChannelOf(user_agent), OsOf(user_agent)};
}

}  // namespace qrmark::verifyd
