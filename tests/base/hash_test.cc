// Tests src/base/hash.h's partition of keys across ranks: MixedKeysOwnedBy
// is exactly the slice of mixed keys that OwnerOf gives each rank.
#include "src/base/hash.h"

#include <gtest/gtest.h>

namespace qrmark {
namespace {

// OwnerOf's rule applied to a mixed key (OwnerOf itself takes the key before mixing).
int OwnerOfMixed(uint64_t mixed, int nranks) {
  __extension__ using Wide = unsigned __int128;
  return static_cast<int>((static_cast<Wide>(mixed) * static_cast<uint64_t>(nranks)) >> 64);
}

TEST(HashTest, OwnedSlicesTileTheMixedKeysAtOwnerOfsBoundaries) {
  for (int n : {1, 2, 3, 5, 7, 64, 1000}) {
    uint64_t next = 0;  // where the next rank's slice must start
    for (int r = 0; r < n; ++r) {
      const KeyRange slice = MixedKeysOwnedBy(r, n);
      ASSERT_EQ(slice.lo, next) << n << " ranks, rank " << r;
      ASSERT_LE(slice.lo, slice.hi) << n << " ranks, rank " << r;
      EXPECT_EQ(OwnerOfMixed(slice.lo, n), r) << n << " ranks, rank " << r;
      EXPECT_EQ(OwnerOfMixed(slice.hi, n), r) << n << " ranks, rank " << r;
      if (r > 0) {
        EXPECT_EQ(OwnerOfMixed(slice.lo - 1, n), r - 1) << n << " ranks, rank " << r;
      }
      if (r + 1 < n) {
        EXPECT_EQ(OwnerOfMixed(slice.hi + 1, n), r + 1) << n << " ranks, rank " << r;
      }
      next = slice.hi + 1;
    }
    EXPECT_EQ(next, 0u) << n << " ranks: the last slice ends at 2^64 - 1";
  }
}

TEST(HashTest, EveryKeysMixedKeyLiesInItsOwnersSlice) {
  for (int n : {1, 2, 3, 7}) {
    for (uint64_t key = 0; key < 100000; ++key) {
      const KeyRange slice = MixedKeysOwnedBy(OwnerOf(key, n), n);
      ASSERT_LE(slice.lo, Mix64(key)) << "key " << key << ", " << n << " ranks";
      ASSERT_LE(Mix64(key), slice.hi) << "key " << key << ", " << n << " ranks";
    }
  }
}

}  // namespace
}  // namespace qrmark
