// Eight ASCII digits at a time in a 64-bit word (SWAR): the building blocks
// of the integer parsers (field_parse.cc, and the ingest's row plan, which
// loads its words from a padded buffer).
#ifndef QRMARK_IO_CSV_DIGIT_WORDS_H_
#define QRMARK_IO_CSV_DIGIT_WORDS_H_

#include <cstdint>

namespace qrmark::csv {

inline constexpr uint64_t kAsciiZeros = 0x3030303030303030ULL;

// Whether all eight bytes of `w` are ASCII digits.
inline bool AreEightDigits(uint64_t w) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  return ((w & kHigh) | (((w + 0x0606060606060606ULL) & kHigh) >> 4)) == 0x3333333333333333ULL;
}

// The value of the eight ASCII digits in `w` (little-endian: its lowest byte
// is the leading digit), whatever the bytes are.
inline uint64_t EightDigitsValue(uint64_t w) {
  w -= kAsciiZeros;
  w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFULL;
  w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFULL;
  return (w * 10000 + (w >> 32)) & 0xFFFFFFFFULL;
}

// True and `*out` = head × 10^16 + middle × 10^8 + low (each below 10^8)
// when that fits in 64 bits.
inline bool ThreeGroupsValue(uint64_t head, uint64_t middle, uint64_t low, uint64_t* out) {
  uint64_t v;
  const bool fits = !__builtin_mul_overflow(head, uint64_t{10000000000000000}, &v) &
                    !__builtin_add_overflow(v, middle * 100000000 + low, &v);
  *out = v;
  return fits;
}

// True and `*out` = head × 10^16 + middle × 10^8 + low (each a word of
// eight ASCII digits, `head` padded with leading '0's) when all are digits
// and the value fits in 64 bits: 17 to 20 digits, with no branch.
inline bool ThreeDigitWordsValue(uint64_t head, uint64_t middle, uint64_t low, uint64_t* out) {
  const bool digits = AreEightDigits(head) & AreEightDigits(middle) & AreEightDigits(low);
  const bool fits = ThreeGroupsValue(EightDigitsValue(head), EightDigitsValue(middle), EightDigitsValue(low), out);
  return digits & fits;
}

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_DIGIT_WORDS_H_
