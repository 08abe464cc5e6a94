// Tests of src/codes/code_keys.h: per-batch keys, serial permutation, tags.
#include "src/codes/code_keys.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace qrmark::codes {
namespace {

std::vector<uint8_t> Master(uint8_t fill = 7) { return std::vector<uint8_t>(32, fill); }

BatchKeys Keys(uint32_t batch, uint8_t fill = 7) { return *DeriveBatchKeys(Master(fill), batch); }

TEST(CodeKeys, ShortMasterSecretIsRefused) {
  EXPECT_FALSE(DeriveBatchKeys(std::vector<uint8_t>(16, 1), 1).ok());
}

TEST(CodeKeys, SerialPermutationIsInvertibleAndInjective) {
  BatchKeys k = Keys(1);
  std::set<uint64_t> seen;
  for (uint64_t i = 0; i < 2000; ++i) {
    uint64_t s = SerialOfIndex(k, i);
    ASSERT_LT(s, kSerialSpace);
    EXPECT_EQ(IndexOfSerial(k, s), i);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(CodeKeys, NeighbouringSerialsAreNotSequential) {
  BatchKeys k = Keys(1);
  int close = 0;
  for (uint64_t i = 0; i < 1000; ++i) {
    uint64_t a = SerialOfIndex(k, i), b = SerialOfIndex(k, i + 1);
    if ((a > b ? a - b : b - a) < 1000000) ++close;
  }
  EXPECT_LT(close, 5);
}

TEST(CodeKeys, MintedCodeVerifies) {
  BatchKeys k = Keys(9);
  for (uint64_t i = 0; i < 100; ++i) EXPECT_TRUE(VerifyCode(k, MintCode(k, i)));
}

TEST(CodeKeys, EveryFlippedTagBitIsRejected) {
  BatchKeys k = Keys(9);
  Code c = MintCode(k, 3);
  for (size_t bit = 0; bit < kTagBytes * 8; ++bit) {
    Code forged = c;
    forged.tag[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(VerifyCode(k, forged)) << bit;
  }
}

TEST(CodeKeys, AnotherBatchsTagIsRejected) {
  BatchKeys a = Keys(1), b = Keys(2);
  Code c = MintCode(a, 0);
  c.batch = 2;
  EXPECT_FALSE(VerifyCode(b, c));
  Code other = MintCode(b, 0);
  other.tag = MintCode(a, 0).tag;
  EXPECT_FALSE(VerifyCode(b, other));
}

TEST(CodeKeys, AnotherMasterSecretGivesOtherTags) {
  EXPECT_NE(MintCode(Keys(1, 7), 0), MintCode(Keys(1, 8), 0));
  EXPECT_FALSE(VerifyCode(Keys(1, 8), MintCode(Keys(1, 7), 0)));
}

}  // namespace
}  // namespace qrmark::codes
