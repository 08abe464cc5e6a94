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

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_DIGIT_WORDS_H_
