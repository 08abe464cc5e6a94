// HKDF-SHA256 against RFC 5869 Appendix A, and its length limits.
#include "src/crypto/hkdf.h"

#include <gtest/gtest.h>

#include "src/crypto/sha256.h"
#include "tests/crypto/test_util.h"

namespace qrmark::crypto {
namespace {

using testing::FromHex;

TEST(Hkdf, Rfc5869TestCase1) {
  std::vector<uint8_t> ikm(22, 0x0b);
  auto salt = FromHex("000102030405060708090a0b0c");
  auto info = FromHex("f0f1f2f3f4f5f6f7f8f9");
  EXPECT_EQ(ToHex(HkdfExtract(salt, ikm)),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  Result<std::vector<uint8_t>> okm = Hkdf(salt, ikm, info, 42);
  ASSERT_TRUE(okm.ok()) << okm.status().ToString();
  EXPECT_EQ(ToHex(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
            "34007208d5b887185865");
}

TEST(Hkdf, Rfc5869TestCase3EmptySaltAndInfo) {
  std::vector<uint8_t> ikm(22, 0x0b);
  Result<std::vector<uint8_t>> okm = Hkdf({}, ikm, {}, 42);
  ASSERT_TRUE(okm.ok());
  EXPECT_EQ(ToHex(*okm),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
            "9d201395faa4b61a96c8");
}

TEST(Hkdf, LengthZeroOrAboveLimitIsInvalidArgument) {
  std::array<uint8_t, 32> prk{};
  EXPECT_EQ(HkdfExpand(prk, {}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfExpand(prk, {}, 255 * 32 + 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(HkdfExpand(prk, {}, 255 * 32).ok());
}

TEST(Hkdf, DifferentInfoGivesIndependentKeys) {
  std::vector<uint8_t> master(32, 7);
  auto a = Hkdf({}, master, AsBytes("qrmark tag v1:B1"), 32);
  auto b = Hkdf({}, master, AsBytes("qrmark tag v1:B2"), 32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace qrmark::crypto
