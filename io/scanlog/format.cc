// Encoding and decoding of segment headers and record slots.
#include "io/scanlog/format.h"

#include <cstring>

#include "io/scanlog/crc32c.h"

namespace qrmark::scanlog {
namespace {

template <typename T>
void Put(uint8_t* at, T v) {
  std::memcpy(at, &v, sizeof v);
}
template <typename T>
T Get(const uint8_t* at) {
  T v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

constexpr size_t kHeaderCrcAt = 60;
constexpr size_t kSlotCrcAt = kPayloadSize;

}  // namespace

void EncodeHeader(const SegmentHeader& h, std::span<uint8_t, kHeaderSize> out) {
  std::memset(out.data(), 0, kHeaderSize);
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  Put(out.data() + 8, h.version);
  Put(out.data() + 12, h.slot_size);
  Put(out.data() + 16, h.created_unix_ms);
  Put(out.data() + 24, h.segment_id);
  Put(out.data() + 32, h.flags);
  Put(out.data() + 36, kPayloadSize);
  Put(out.data() + kHeaderCrcAt, MaskCrc(Crc32c(out.first(kHeaderCrcAt))));
}

Result<SegmentHeader> DecodeHeader(std::span<const uint8_t, kHeaderSize> in) {
  if (std::memcmp(in.data(), kMagic, sizeof kMagic) != 0) {
    return Corruption("not a scan-log segment (magic is not QRMSCAN1)");
  }
  if (UnmaskCrc(Get<uint32_t>(in.data() + kHeaderCrcAt)) != Crc32c(in.first(kHeaderCrcAt))) {
    return Corruption("segment header checksum mismatch");
  }
  SegmentHeader h;
  h.version = Get<uint32_t>(in.data() + 8);
  h.slot_size = Get<uint32_t>(in.data() + 12);
  h.created_unix_ms = Get<int64_t>(in.data() + 16);
  h.segment_id = Get<uint64_t>(in.data() + 24);
  h.flags = Get<uint32_t>(in.data() + 32);
  if (h.version != kVersion) {
    return Corruption("unsupported segment version " + std::to_string(h.version));
  }
  if (h.slot_size != kSlotSize || Get<uint32_t>(in.data() + 36) != kPayloadSize) {
    return Corruption("unexpected slot size " + std::to_string(h.slot_size));
  }
  return h;
}

void EncodeSlot(const ScanRecord& r, std::span<uint8_t, kSlotSize> out) {
  std::memset(out.data(), 0, kSlotSize);
  std::memcpy(out.data(), &r, kPayloadSize);
  Put(out.data() + kSlotCrcAt, MaskCrc(Crc32c(out.first(kPayloadSize))));
}

SlotError DecodeSlot(std::span<const uint8_t, kSlotSize> in, ScanRecord* out) {
  if (UnmaskCrc(Get<uint32_t>(in.data() + kSlotCrcAt)) != Crc32c(in.first(kPayloadSize))) {
    return SlotError::kBadChecksum;
  }
  std::memcpy(out, in.data(), kPayloadSize);
  const bool reserved_zero = out->reserved[0] == 0 && out->reserved[1] == 0 && out->reserved[2] == 0 &&
                             Get<uint32_t>(in.data() + 60) == 0;
  return reserved_zero ? SlotError::kOk : SlotError::kBadReserved;
}

std::string_view SlotErrorName(SlotError e) {
  switch (e) {
    case SlotError::kOk:
      return "ok";
    case SlotError::kBadChecksum:
      return "bad_checksum";
    case SlotError::kBadReserved:
      return "bad_reserved";
  }
  return "unknown";
}

RecordRange RecordRangeOf(uint64_t file_size, int rank, int nranks) {
  const uint64_t n = SlotCount(file_size);
  const uint64_t r = static_cast<uint64_t>(rank), p = static_cast<uint64_t>(nranks);
  const uint64_t base = n / p, extra = n % p;
  const uint64_t first = r * base + (r < extra ? r : extra);
  return {first, base + (r < extra ? 1 : 0), r + 1 == p};
}

}  // namespace qrmark::scanlog
