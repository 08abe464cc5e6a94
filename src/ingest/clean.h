// Why an input record is rejected, and the checks on binary scan records.
//
// Every record the job reads is accepted, outside the time window (counted,
// not bad), or rejected for exactly one `RejectReason` (the first check that
// fails, in the order below). CSV rows are checked in csv_scan.h; segment
// slots by the reader (checksum, reserved bytes, torn tail) and then by
// `ValidateScanRecord`. Pure; thread-safe.
#ifndef QRMARK_SRC_INGEST_CLEAN_H_
#define QRMARK_SRC_INGEST_CLEAN_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "src/base/scan_record.h"

namespace qrmark::ingest {

enum class RejectReason : uint8_t {
  kMalformedLine,        // CSV quoting broken, or a record over 1 MiB
  kWrongColumnCount,     // not as many fields as the header
  kMissingUser,          // empty user id (CSV); a segment's user_key 0 is an anonymous scan, not bad
  kBadUserId,            // a pseudonymous user id that is not a 64-bit unsigned number
  kCancelled,            // invoice id starts with the cancellation prefix
  kBadTimestamp,         // does not match the timestamp format / negative
  kMissingProduct,       // empty product code
  kBadNumber,            // quantity, price, amount, batch, serial or flags not a number
  kNonPositiveQuantity,  // quantity <= 0
  kNonPositivePrice,     // unit price <= 0
  kNegativeAmount,       // amount < 0
  kBadEnum,              // channel or device OS code out of range (segment)
  kBadChecksum,          // segment slot CRC mismatch
  kBadReserved,          // segment slot reserved/padding bytes not zero
  kTornTail,             // partial last slot of a segment
};
inline constexpr int kRejectReasonCount = 15;

// "malformed_line", "wrong_column_count", ... as in the comments above.
std::string_view RejectReasonName(RejectReason r);
// The reason named `name` (as a scanlog::Reporter reports it), if any.
std::optional<RejectReason> RejectReasonFromName(std::string_view name);

// The first failed check of a decoded segment record, or nullopt if it is good.
std::optional<RejectReason> ValidateScanRecord(const ScanRecord& r);

// Counts by reason; index with static_cast<int>(reason).
using RejectCounts = std::array<int64_t, kRejectReasonCount>;

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CLEAN_H_
