// The pseudonymous user key: its definition (first 8 bytes of the HMAC,
// big-endian), the reserved 0, and that the key and the id both matter.
#include "src/crypto/user_key.h"

#include <gtest/gtest.h>

#include <vector>

#include "src/crypto/sha256.h"

namespace qrmark::crypto {
namespace {

TEST(PseudonymousUserKey, IsTheFirstEightHmacBytesBigEndian) {
  // RFC 4231 test case 2: HMAC-SHA256("Jefe", ...) starts 5bdcc146bf60754e.
  EXPECT_EQ(PseudonymousUserKey(AsBytes("Jefe"), "what do ya want for nothing?"), 0x5bdcc146bf60754eULL);
}

TEST(PseudonymousUserKey, EmptyIdIsNoUserAndKeyAndIdBothMatter) {
  const std::vector<uint8_t> key(32, 7), other(32, 8);
  EXPECT_EQ(PseudonymousUserKey(key, ""), 0u);
  const uint64_t alice = PseudonymousUserKey(key, "alice");
  EXPECT_NE(alice, 0u);
  EXPECT_EQ(alice, PseudonymousUserKey(key, "alice"));
  EXPECT_NE(alice, PseudonymousUserKey(key, "bob"));
  EXPECT_NE(alice, PseudonymousUserKey(other, "alice"));
}

}  // namespace
}  // namespace qrmark::crypto
