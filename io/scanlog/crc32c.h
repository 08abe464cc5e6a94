// CRC32C (Castagnoli, polynomial 0x82f63b78) and its mask: the SSE4.2 crc32
// instruction where the CPU has it, eight lookup tables otherwise.
//
// For the per-record checksums of scan-log segments (io/scanlog/FORMAT.md)
// and the whole-file checksums of the job's inputs (src/ingest/checksum.h),
// which ranks compute a block each and join with Crc32cCombine. Not a MAC:
// it detects torn writes and flipped bits, not tampering. The mask
// (leveldb's) keeps a CRC of data that itself holds CRCs well mixed.
//
// Thread safety: pure functions over constant tables; safe from any thread.
#ifndef QRMARK_IO_SCANLOG_CRC32C_H_
#define QRMARK_IO_SCANLOG_CRC32C_H_

#include <cstdint>
#include <span>

namespace qrmark::scanlog {

// CRC32C of `data`, continuing from `init` (the CRC of the bytes before it).
// Crc32c("123456789") == 0xe3069283.
uint32_t Crc32cExtend(uint32_t init, std::span<const uint8_t> data);
// The same by tables only, on any CPU (what Crc32cExtend falls back to).
uint32_t Crc32cExtendByTables(uint32_t init, std::span<const uint8_t> data);
inline uint32_t Crc32c(std::span<const uint8_t> data) { return Crc32cExtend(0, data); }

// The CRC32C of the bytes A then B, from the CRC32C of A, that of B and the
// length of B: what Crc32cExtend(crc_a, B) gives, without B's bytes.
uint32_t Crc32cCombine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);

inline constexpr uint32_t kCrcMaskDelta = 0xa282ead8u;

// The masked form stored on disk, and its inverse.
inline uint32_t MaskCrc(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kCrcMaskDelta; }
inline uint32_t UnmaskCrc(uint32_t masked) {
  uint32_t rot = masked - kCrcMaskDelta;
  return (rot >> 17) | (rot << 15);
}

}  // namespace qrmark::scanlog

#endif  // QRMARK_IO_SCANLOG_CRC32C_H_
