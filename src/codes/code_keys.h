// Per-batch keys, unguessable serials and code tags: what makes a code genuine.
//
// Each batch gets two keys derived from the master secret with HKDF-SHA256
// (info "qrmark tag v1:<batch>" and "qrmark serial v1:<batch>"), so a leaked
// batch key reveals nothing about the master or other batches. A unit's serial
// is a keyed 40-bit Feistel permutation of its index, so neighbours' serials
// say nothing about each other. The tag is HMAC-SHA256(tag key, batch‖serial)
// truncated to 80 bits and compared in constant time.
//
// Thread safety: BatchKeys is an immutable value; functions are pure.
#ifndef QRMARK_SRC_CODES_CODE_KEYS_H_
#define QRMARK_SRC_CODES_CODE_KEYS_H_

#include <array>
#include <cstdint>
#include <span>

#include "src/base/status.h"
#include "src/codes/code_format.h"

namespace qrmark::codes {

struct BatchKeys {
  uint32_t batch = 0;
  std::array<uint8_t, 32> tag_key{};
  std::array<uint8_t, 32> serial_key{};
};

// The keys of `batch` under `master` (≥ 32 bytes; InvalidArgument otherwise).
[[nodiscard]] Result<BatchKeys> DeriveBatchKeys(std::span<const uint8_t> master, uint32_t batch);

// The serial of unit `index` (< kSerialSpace) and its inverse.
uint64_t SerialOfIndex(const BatchKeys& keys, uint64_t index);
uint64_t IndexOfSerial(const BatchKeys& keys, uint64_t serial);

// The 80-bit tag of (`keys.batch`, `serial`).
Tag ComputeTag(const BatchKeys& keys, uint64_t serial);

// The complete code of unit `index` of the batch.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(BatchKeys keys, DeriveBatchKeys(master, 42));
//   std::string printed = FormatCode(MintCode(keys, 0));
Code MintCode(const BatchKeys& keys, uint64_t index);

// True iff `code` belongs to `keys.batch` and its tag matches (constant
// time). The tag alone proves the serial was minted: the unit-index bound is
// not rechecked here (IndexOfSerial costs six more HMACs per request).
bool VerifyCode(const BatchKeys& keys, const Code& code);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_CODE_KEYS_H_
