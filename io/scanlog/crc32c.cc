// CRC32C: the SSE4.2 crc32 instruction when the CPU has it (checked once at
// run time; three stripes at a time), else slicing-by-8 over eight 256-entry
// tables built at compile time; and the combination of two CRCs by
// polynomial arithmetic mod P.
#include "io/scanlog/crc32c.h"

#include <array>
#include <cstring>

#include "src/base/vector_kernels.h"

namespace qrmark::scanlog {
namespace {

constexpr uint32_t kPoly = 0x82f63b78u;  // reflected Castagnoli polynomial

using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[0][i] = c;
  }
  for (uint32_t i = 0; i < 256; ++i) {
    for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
  }
  return t;
}

constexpr Tables kTables = MakeTables();

// Polynomials over GF(2) mod P, bit-reflected like the CRC: bit 31 holds the
// coefficient of x^0, bit 0 that of x^31.
constexpr uint32_t kOne = 1u << 31;

// a * b mod P.
constexpr uint32_t MultiplyModP(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t m = kOne; m != 0; m >>= 1) {
    if (a & m) product ^= b;
    b = (b & 1) ? (b >> 1) ^ kPoly : b >> 1;  // b *= x
  }
  return product;
}

// kPowers[k] = x^(2^k) mod P, for every bit of a length in bits (8 * 2^64).
using Powers = std::array<uint32_t, 67>;
constexpr Powers MakePowers() {
  Powers p{};
  p[0] = kOne >> 1;  // x
  for (size_t k = 1; k < p.size(); ++k) p[k] = MultiplyModP(p[k - 1], p[k - 1]);
  return p;
}

constexpr Powers kPowers = MakePowers();

// x^(8 * bytes) mod P: what appending `bytes` bytes multiplies a CRC register by.
constexpr uint32_t ShiftOfBytes(uint64_t bytes) {
  uint32_t shift = kOne;
  for (size_t k = 3; bytes != 0; bytes >>= 1, ++k) {
    if (bytes & 1) shift = MultiplyModP(kPowers[k], shift);
  }
  return shift;
}

#if defined(__x86_64__)
// The crc32 instruction computes exactly this CRC (reflected Castagnoli),
// eight bytes per instruction; it takes three cycles but starts one a cycle,
// so three independent stripes run at once. Over stripes A, B, C of
// kStripeBytes each, from register r: raw(r, ABC) = raw(r, A) * x^(16 L) ^
// raw(0, B) * x^(8 L) ^ raw(0, C), L = kStripeBytes (the register is linear).
constexpr size_t kStripeBytes = 8192;
constexpr uint32_t kShiftOneStripe = ShiftOfBytes(kStripeBytes);
constexpr uint32_t kShiftTwoStripes = ShiftOfBytes(2 * kStripeBytes);

__attribute__((target("sse4.2"))) uint32_t Crc32cExtendByInstruction(uint32_t init,
                                                                     std::span<const uint8_t> data) {
  uint64_t crc = ~init;
  const uint8_t* p = data.data();
  size_t n = data.size();
  for (; n >= 3 * kStripeBytes; p += 3 * kStripeBytes, n -= 3 * kStripeBytes) {
    uint64_t b = 0, c = 0;
    for (size_t i = 0; i < kStripeBytes; i += 8) {
      uint64_t wa, wb, wc;
      std::memcpy(&wa, p + i, 8);
      std::memcpy(&wb, p + kStripeBytes + i, 8);
      std::memcpy(&wc, p + 2 * kStripeBytes + i, 8);
      crc = __builtin_ia32_crc32di(crc, wa);
      b = __builtin_ia32_crc32di(b, wb);
      c = __builtin_ia32_crc32di(c, wc);
    }
    crc = MultiplyModP(kShiftTwoStripes, static_cast<uint32_t>(crc)) ^
          MultiplyModP(kShiftOneStripe, static_cast<uint32_t>(b)) ^ static_cast<uint32_t>(c);
  }
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    crc = __builtin_ia32_crc32di(crc, word);
  }
  uint32_t crc32 = static_cast<uint32_t>(crc);
  for (; n > 0; ++p, --n) crc32 = __builtin_ia32_crc32qi(crc32, *p);
  return ~crc32;
}

const bool kHasCrcInstruction = VectorKernelsAllowed() && __builtin_cpu_supports("sse4.2");
#endif

}  // namespace

uint32_t Crc32cExtend(uint32_t init, std::span<const uint8_t> data) {
#if defined(__x86_64__)
  if (kHasCrcInstruction) return Crc32cExtendByInstruction(init, data);
#endif
  return Crc32cExtendByTables(init, data);
}

uint32_t Crc32cCombine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b) {
  // Appending n bytes multiplies A's CRC register by x^(8n) mod P (the pre-
  // and post-inversions cancel out against B's own), then B's CRC adds.
  return MultiplyModP(ShiftOfBytes(length_b), crc_a) ^ crc_b;
}

uint32_t Crc32cExtendByTables(uint32_t init, std::span<const uint8_t> data) {
  uint32_t crc = ~init;
  const uint8_t* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);  // little-endian host (see format.h)
    word ^= crc;
    crc = kTables[7][word & 0xff] ^ kTables[6][(word >> 8) & 0xff] ^ kTables[5][(word >> 16) & 0xff] ^
          kTables[4][(word >> 24) & 0xff] ^ kTables[3][(word >> 32) & 0xff] ^
          kTables[2][(word >> 40) & 0xff] ^ kTables[1][(word >> 48) & 0xff] ^ kTables[0][word >> 56];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xff];
  return ~crc;
}

}  // namespace qrmark::scanlog
