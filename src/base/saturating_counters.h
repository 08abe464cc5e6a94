// Counters that stop at a small limit, packed as tightly as the limit allows.
//
// Counting units at random in a table of millions of counters (unit_filter.h,
// the suspicious-serial stage) is bound by cache misses, so the table's size
// is its speed: 2 bits a counter when the limit is at most 3 (the default
// suspicious limits), 4 bits up to 15, a byte up to 255. On the development VM
// 16 Mi counters take 4.8 ns a count as 2-bit counters (4 MiB) against 13 ns
// as bytes (16 MiB). Counter i lives in byte i / per_byte, at bits
// (i % per_byte) * bits, lowest first: the same layout on every rank, so the
// bytes of a range of counters can be sent as they are (UnitCounts::Combine).
//
// Example:
//   SaturatingCounters counts(1 << 24, 3);   // 2 bits each: 4 MiB
//   counts.Prefetch(i); ... counts.Increment(i);
//   if (counts.Value(i) >= 3) ...
#ifndef QRMARK_SRC_BASE_SATURATING_COUNTERS_H_
#define QRMARK_SRC_BASE_SATURATING_COUNTERS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace qrmark {

class SaturatingCounters {
 public:
  // `counters` counters at 0, each stopping at `limit`, which must be in
  // [1, 255]; the count is rounded up to whole bytes.
  SaturatingCounters(size_t counters, int limit)
      : bits_(limit <= 3 ? 2 : limit <= 15 ? 4 : 8),
        limit_(static_cast<unsigned>(limit)),
        bytes_((counters * static_cast<size_t>(bits_) + 7) / 8, 0) {}

  int bits() const { return bits_; }
  int limit() const { return static_cast<int>(limit_); }
  size_t size() const { return bytes_.size() * 8 / static_cast<size_t>(bits_); }

  void Prefetch(size_t i) const { __builtin_prefetch(&bytes_[i * static_cast<size_t>(bits_) / 8], 1); }
  void Increment(size_t i) {
    uint8_t& byte = bytes_[i * static_cast<size_t>(bits_) / 8];
    const unsigned shift = static_cast<unsigned>(i * static_cast<size_t>(bits_) % 8);
    const unsigned value = (byte >> shift) & Mask();
    byte = static_cast<uint8_t>(byte + (static_cast<unsigned>(value < limit_) << shift));
  }
  int Value(size_t i) const { return ValueIn(bytes_.data(), i, bits_); }

  // The packed bytes, to send; counter i of a table of `bits`-bit counters
  // whose bytes start at `bytes`.
  std::span<const uint8_t> bytes() const { return bytes_; }
  static int ValueIn(const uint8_t* bytes, size_t i, int bits) {
    const size_t bit = i * static_cast<size_t>(bits);
    return (bytes[bit / 8] >> (bit % 8)) & ((1 << bits) - 1);
  }

 private:
  unsigned Mask() const { return (1u << bits_) - 1; }

  int bits_;
  unsigned limit_;
  std::vector<uint8_t> bytes_;
};

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_SATURATING_COUNTERS_H_
