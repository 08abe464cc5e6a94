// Reason names and the checks on decoded segment records.
#include "src/ingest/clean.h"

namespace qrmark::ingest {
namespace {

constexpr std::array<std::string_view, kRejectReasonCount> kNames = {
    "malformed_line",  "wrong_column_count", "missing_user", "bad_user_id",           "cancelled",
    "bad_timestamp",   "missing_product",    "bad_number",   "non_positive_quantity", "non_positive_price",
    "negative_amount", "bad_enum",           "bad_checksum", "bad_reserved",          "torn_tail"};

}  // namespace

std::string_view RejectReasonName(RejectReason r) { return kNames[static_cast<size_t>(r)]; }

std::optional<RejectReason> RejectReasonFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<RejectReason>(i);
  }
  return std::nullopt;
}

std::optional<RejectReason> ValidateScanRecord(const ScanRecord& r) {
  if (r.ts_unix_ms < 0) return RejectReason::kBadTimestamp;
  if (r.amount_cents < 0) return RejectReason::kNegativeAmount;
  if (static_cast<int>(r.channel) >= kChannelCount || static_cast<int>(r.device_os) >= kDeviceOsCount) {
    return RejectReason::kBadEnum;
  }
  return std::nullopt;
}

}  // namespace qrmark::ingest
