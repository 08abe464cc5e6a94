// Which app and which phone OS a scan came from, read from the User-Agent.
//
// WeChat's in-app browser says "MicroMessenger/x", Alipay "AlipayClient/x",
// Taobao "AliApp(TB/x)" or "TaoBrowser"; anything else that looks like a
// browser (Mozilla/...) is kBrowser. The OS is iOS (iPhone/iPad/iPod),
// Android, or other. Heuristic by nature: a UA string can lie. Pure; thread-safe.
#ifndef QRMARK_SRC_VERIFYD_USER_AGENT_H_
#define QRMARK_SRC_VERIFYD_USER_AGENT_H_

#include <string_view>

#include "src/base/scan_record.h"

namespace qrmark::verifyd {

struct ClientKind {
  Channel channel = Channel::kUnknown;
  DeviceOs os = DeviceOs::kUnknown;
};

// The channel and OS of `user_agent`; an empty string is {kUnknown, kUnknown}.
ClientKind ClassifyUserAgent(std::string_view user_agent);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_USER_AGENT_H_
