// Which CSV columns hold which parts of a scan, looked up by header name.
//
// A `CsvMapping` is what a job config's [csv] section says (field names
// follow src/job/job_config.h's CsvColumns). `ResolveColumns` turns it into
// column indexes for one file's header, with a clear Status when a mapped
// column is missing. Required: user, timestamp, product. The amount is
// `amount` x amount_scale, or quantity x unit_price x amount_scale, or 0.
// Pure; thread-safe.
//
// Example (Online Retail):
//   CsvMapping m;
//   m.user = "CustomerID"; m.user_is_pseudonymous = true; m.timestamp = "InvoiceDate";
//   m.product = "StockCode"; m.quantity = "Quantity"; m.unit_price = "UnitPrice";
//   m.amount_scale = 100; m.region = "Country"; m.invoice = "InvoiceNo"; m.cancelled_prefix = "C";
//   QRMARK_ASSIGN_OR_RETURN(ColumnIndex cols, ResolveColumns(m, header, path));
#ifndef QRMARK_IO_CSV_COLUMN_MAP_H_
#define QRMARK_IO_CSV_COLUMN_MAP_H_

#include <span>
#include <string>

#include "io/csv/field_parse.h"
#include "src/base/status.h"

namespace qrmark::csv {

struct CsvMapping {
  std::string user, timestamp, timestamp_format = "%Y-%m-%d %H:%M:%S", product, quantity, unit_price, amount,
                               region, channel, device_os, batch, serial, invoice, flags;
  bool user_is_pseudonymous = false;  // true: the numeric id is the key as is
  double amount_scale = 1.0;          // into cents: 100 for prices in currency units
  std::string cancelled_prefix;       // invoices starting with it are cancellations
};

// The mapping of qrmark's own scans.csv (written by `qrmark gen`).
CsvMapping ScanCsvMapping();

// Column indexes into a record's fields; -1 for an unmapped column.
struct ColumnIndex {
  int user = -1, timestamp = -1, product = -1, quantity = -1, unit_price = -1, amount = -1, region = -1,
      channel = -1, device_os = -1, batch = -1, serial = -1, invoice = -1, flags = -1;
  size_t columns = 0;  // fields a well-formed record has
  TimeFormat time_format;
};

// InvalidArgument naming `path`, the mapping key and the header's columns
// when a mapped column is absent, a required key is empty, or the timestamp
// format or amount columns are inconsistent.
[[nodiscard]] Result<ColumnIndex> ResolveColumns(const CsvMapping& mapping,
                                                 std::span<const std::string> header,
                                                 const std::string& path);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_COLUMN_MAP_H_
