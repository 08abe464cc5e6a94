// The scan-log segment format: constants, header, record slots, rank ranges.
//
// A segment is a 64-byte header then fixed 64-byte slots, each holding one
// `ScanRecord` (56 bytes) and its masked CRC32C; see io/scanlog/FORMAT.md.
// This header only encodes and decodes bytes; files are read and written by
// segment_reader.h and segment_writer.h. Pure functions; thread-safe.
#ifndef QRMARK_IO_SCANLOG_FORMAT_H_
#define QRMARK_IO_SCANLOG_FORMAT_H_

#include <bit>
#include <cstdint>
#include <span>
#include <string_view>

#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::scanlog {

static_assert(std::endian::native == std::endian::little, "the format is little-endian");

inline constexpr char kMagic[8] = {'Q', 'R', 'M', 'S', 'C', 'A', 'N', '1'};
inline constexpr uint32_t kVersion = 1;
inline constexpr uint64_t kHeaderSize = 64;
inline constexpr uint64_t kSlotSize = 64;  // record + CRC + zero padding
inline constexpr uint32_t kPayloadSize = sizeof(ScanRecord);
inline constexpr uint32_t kHeaderFlagSealed = 1u << 0;
inline constexpr std::string_view kOpenSuffix = ".open";
inline constexpr std::string_view kSealedSuffix = ".seg";

struct SegmentHeader {
  uint32_t version = kVersion;
  uint32_t slot_size = kSlotSize;
  int64_t created_unix_ms = 0;
  uint64_t segment_id = 0;
  uint32_t flags = 0;  // kHeaderFlagSealed once no record will be added
  bool sealed() const { return (flags & kHeaderFlagSealed) != 0; }
};

// The 64 header bytes of `h` (magic, fields, masked CRC of bytes 0..59).
void EncodeHeader(const SegmentHeader& h, std::span<uint8_t, kHeaderSize> out);

// Corruption naming what is wrong (magic, CRC, version, slot size).
[[nodiscard]] Result<SegmentHeader> DecodeHeader(std::span<const uint8_t, kHeaderSize> in);

// The 64 bytes of one slot holding `r` (whose `reserved` must be zero).
void EncodeSlot(const ScanRecord& r, std::span<uint8_t, kSlotSize> out);

// Why a slot is unusable; kOk when `out` holds its record.
enum class SlotError { kOk, kBadChecksum, kBadReserved };
SlotError DecodeSlot(std::span<const uint8_t, kSlotSize> in, ScanRecord* out);
std::string_view SlotErrorName(SlotError e);  // "bad_checksum", "bad_reserved"

// Whole slots in a segment file of `file_size` bytes, and the bytes of a torn
// (partial) last slot after them. A file shorter than a header has none.
inline uint64_t SlotCount(uint64_t file_size) {
  return file_size < kHeaderSize ? 0 : (file_size - kHeaderSize) / kSlotSize;
}
inline uint64_t TornTailBytes(uint64_t file_size) {
  return file_size < kHeaderSize ? 0 : (file_size - kHeaderSize) % kSlotSize;
}
inline uint64_t SlotOffset(uint64_t index) { return kHeaderSize + index * kSlotSize; }

// Rank `rank`'s share of the slots, from the file size alone: contiguous,
// sizes differ by at most one, ranks in order cover every slot exactly once.
// The last rank also owns the torn tail, so exactly one reader reports it.
struct RecordRange {
  uint64_t first = 0;
  uint64_t count = 0;
  bool owns_tail = false;
};
RecordRange RecordRangeOf(uint64_t file_size, int rank, int nranks);
inline RecordRange WholeFile(uint64_t file_size) { return RecordRangeOf(file_size, 0, 1); }

}  // namespace qrmark::scanlog

#endif  // QRMARK_IO_SCANLOG_FORMAT_H_
