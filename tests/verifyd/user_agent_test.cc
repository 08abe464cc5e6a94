// Tests of src/verifyd/user_agent.h with real User-Agent strings.
#include "src/verifyd/user_agent.h"

#include <gtest/gtest.h>

namespace qrmark::verifyd {
namespace {

struct Case {
  const char* ua;
  Channel channel;
  DeviceOs os;
};

const Case kCases[] = {
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN",
     Channel::kWechat, DeviceOs::kIos},
    {"Mozilla/5.0 (Linux; Android 13; V2183A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, "
     "like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5223 MMWEBSDK/20230701 "
     "MMWEBID/2585 MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/WIFI "
     "Language/zh_CN ABI/arm64",
     Channel::kWechat, DeviceOs::kAndroid},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 15_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Mobile/15E148 ChannelId(0) Ariver/1.1.0 AliApp(AP/10.2.96.6000) Nebula WK RVKType(0) "
     "AlipayDefined(nt:WIFI,ws:390|780|3.0) AlipayClient/10.2.96.6000 Language/zh-Hans Region/CN",
     Channel::kAlipay, DeviceOs::kIos},
    {"Mozilla/5.0 (Linux; U; Android 12; zh-CN; PEGM00 Build/SKQ1.210216.001) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.43 Mobile Safari/537.36 "
     "AliApp(TB/10.22.10) UCBS/2.11.1.1 TTID/227200@taobao_android_10.22.10 WindVane/8.5.0 1080X2376",
     Channel::kTaobao, DeviceOs::kAndroid},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.1 Mobile/15E148 Safari/604.1",
     Channel::kBrowser, DeviceOs::kIos},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 "
     "Mobile Safari/537.36",
     Channel::kBrowser, DeviceOs::kAndroid},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/119.0.0.0 Safari/537.36",
     Channel::kBrowser, DeviceOs::kOther},
    {"Mozilla/5.0 (iPad; CPU OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/114.0.5735.124 Mobile/15E148 Safari/604.1",
     Channel::kBrowser, DeviceOs::kIos},
    {"curl/7.88.1", Channel::kUnknown, DeviceOs::kOther},
    {"", Channel::kUnknown, DeviceOs::kUnknown},
};

TEST(UserAgent, RealStringsClassifyToTheirAppAndOs) {
  for (const Case& c : kCases) {
    ClientKind k = ClassifyUserAgent(c.ua);
    EXPECT_EQ(k.channel, c.channel) << c.ua;
    EXPECT_EQ(k.os, c.os) << c.ua;
  }
}

}  // namespace
}  // namespace qrmark::verifyd
