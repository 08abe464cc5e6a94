// The aggregates marketing reads, as replicated snapshot tables (every rank
// holds the same rows, the job appends them to the snapshot as they are):
// per region (the map), per channel, per local hour × weekday, per product.
// Exact integer counts summed over ranks: identical for any rank count.
// Every function is collective: all ranks call it, with scans grouped by
// user (features::GroupScansByUser). InvalidArgument (on every rank) for
// ungrouped scans or an id outside its dictionary.
//
// Example:
//   ScanTableParams p{.utc_offset_minutes = 480, .region_names = regions, .product_codes = codes};
//   QRMARK_ASSIGN_OR_RETURN(std::vector<snapshot::Table> tables, ScanAggregateTables(comm, scans, p));
#ifndef QRMARK_SRC_AGGREGATES_SCAN_TABLES_H_
#define QRMARK_SRC_AGGREGATES_SCAN_TABLES_H_

#include <span>
#include <string>
#include <vector>

#include "io/snapshot/table.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::aggregates {

struct ScanTableParams {
  int utc_offset_minutes = 0;                  // local time for hour × weekday
  std::span<const std::string> region_names;   // region id → name
  std::span<const std::string> product_codes;  // product id → code
};

// "by_region": region, users, scans, amount_cents; one row per region id.
[[nodiscard]] Result<snapshot::Table> RegionTable(Comm& comm, std::span<const UserScan> scans,
                                                  std::span<const std::string> region_names);
// "by_channel": channel, users, scans, amount_cents; one row per Channel.
[[nodiscard]] Result<snapshot::Table> ChannelTable(Comm& comm, std::span<const UserScan> scans);
// "by_hour_weekday": weekday (monday..sunday), hour, users, scans,
// amount_cents; 168 rows, weekday-major, local time at the offset.
[[nodiscard]] Result<snapshot::Table> HourWeekdayTable(Comm& comm, std::span<const UserScan> scans,
                                                       int utc_offset_minutes);
// "by_product": product, scans, users, repeat_users (>= 2 scans of it),
// repeat_rate = repeat_users / users (0 without users); one row per product id.
[[nodiscard]] Result<snapshot::Table> ProductTable(Comm& comm, std::span<const UserScan> scans,
                                                   std::span<const std::string> product_codes);

// The four tables above, in that order.
[[nodiscard]] Result<std::vector<snapshot::Table>> ScanAggregateTables(Comm& comm,
                                                                       std::span<const UserScan> scans,
                                                                       const ScanTableParams& params);

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_SCAN_TABLES_H_
