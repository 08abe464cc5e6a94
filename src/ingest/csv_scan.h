// One CSV row → one scan, through a column mapping, or the reason it is bad.
//
// The checks run in the order of `RejectReason` (clean.h), so the counts by
// reason match the usual cleaning order (missing customer, then cancelled,
// then quantity/price). The user key is the numeric id itself when the
// mapping says it is pseudonymous, else the first 8 bytes (little-endian) of
// HMAC-SHA256(user_hash_key, id). Thread-safe (const after construction).
#ifndef QRMARK_SRC_INGEST_CSV_SCAN_H_
#define QRMARK_SRC_INGEST_CSV_SCAN_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "io/csv/column_map.h"
#include "src/base/scan_record.h"
#include "src/ingest/clean.h"

namespace qrmark::ingest {

// Views into the row's fields: valid as long as they are.
struct CsvScan {
  uint64_t user_key = 0;
  int64_t ts_unix_s = 0;
  int64_t amount_cents = 0;
  std::string_view product, region;  // region "" when unmapped or empty
  Channel channel = Channel::kUnknown;
  DeviceOs device_os = DeviceOs::kUnknown;
  uint32_t batch_id = 0;
  uint64_t serial = 0;
  uint8_t flags = 0;
};

class CsvScanParser {
 public:
  CsvScanParser(const csv::CsvMapping& mapping, const csv::ColumnIndex& columns,
                const std::array<uint8_t, 32>& user_hash_key)
      : mapping_(mapping), cols_(columns), key_(user_hash_key) {}

  // Fills `out` and returns nullopt, or returns why the row is rejected.
  std::optional<RejectReason> Parse(std::span<const std::string_view> fields, CsvScan* out) const;

 private:
  std::optional<RejectReason> ParseAmount(std::span<const std::string_view> f, CsvScan* out) const;
  std::optional<RejectReason> ParseExtras(std::span<const std::string_view> f, CsvScan* out) const;
  csv::CsvMapping mapping_;
  csv::ColumnIndex cols_;
  std::array<uint8_t, 32> key_;
};

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_CSV_SCAN_H_
