// HMAC-SHA256 against RFC 4231, and constant-time equality.
#include "src/crypto/hmac.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "src/crypto/ct_equal.h"
#include "src/crypto/sha256.h"
#include "tests/crypto/test_util.h"

namespace qrmark::crypto {
namespace {

using testing::FromHex;

TEST(HmacSha256, Rfc4231TestCase2) {
  auto mac = HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"));
  EXPECT_EQ(ToHex(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231TestCase6KeyLongerThanBlock) {
  std::vector<uint8_t> key(131, 0xaa);
  auto mac = HmacSha256(key, AsBytes("Test Using Larger Than Block-Size Key - Hash Key First"));
  EXPECT_EQ(ToHex(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, EmptyKeyAndMessageAreAllowed) {
  EXPECT_EQ(ToHex(HmacSha256({}, {})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256, EachCallUsesItsOwnKeyOnEveryThread) {
  // The per-thread context must never carry a key over: alternate keys, the
  // empty one included, on several threads at once.
  const std::string empty = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  auto check = [&] {
    for (int i = 0; i < 200; ++i) {
      EXPECT_EQ(ToHex(HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
      EXPECT_EQ(ToHex(HmacSha256({}, {})), empty);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(check);
  check();
  for (auto& t : threads) t.join();
}

TEST(CtEqual, EqualBytesCompareEqual) {
  auto a = FromHex("00112233");
  EXPECT_TRUE(CtEqual(a, FromHex("00112233")));
  EXPECT_TRUE(CtEqual({}, {}));
}

TEST(CtEqual, OneDifferentByteOrLengthCompareUnequal) {
  auto a = FromHex("00112233");
  EXPECT_FALSE(CtEqual(a, FromHex("00112234")));
  EXPECT_FALSE(CtEqual(a, FromHex("001122")));
}

}  // namespace
}  // namespace qrmark::crypto
