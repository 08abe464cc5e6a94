// ResolveColumns: header names → indexes, with messages that list the header.
#include "io/csv/column_map.h"

#include <algorithm>

namespace qrmark::csv {

CsvMapping ScanCsvMapping() {
  CsvMapping m;
  m.user = "user_key";
  m.user_is_pseudonymous = true;
  m.timestamp = "ts";
  m.product = "product_id";
  m.amount = "amount_cents";
  m.region = "region";
  m.channel = "channel";
  m.device_os = "device_os";
  m.batch = "batch_id";
  m.serial = "serial";
  m.flags = "flags";
  return m;
}

Result<ColumnIndex> ResolveColumns(const CsvMapping& mapping, std::span<const std::string> header,
                                   const std::string& path) {
  auto header_text = [&] {
    std::string s;
    for (const std::string& h : header) s += (s.empty() ? "" : ",") + h;
    return s;
  };
  Status missing;
  auto find = [&](const std::string& name, const char* key, bool required) {
    if (name.empty()) {
      if (required && missing.ok()) missing = InvalidArgument(path + ": csv." + key + " is not set");
      return -1;
    }
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end() && missing.ok()) {
      missing = InvalidArgument(path + ": column '" + name + "' (csv." + key +
                                ") is not in the header: " + header_text());
    }
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  ColumnIndex c;
  c.user = find(mapping.user, "user", true);
  c.timestamp = find(mapping.timestamp, "timestamp", true);
  c.product = find(mapping.product, "product", true);
  c.quantity = find(mapping.quantity, "quantity", false);
  c.unit_price = find(mapping.unit_price, "unit_price", false);
  c.amount = find(mapping.amount, "amount", false);
  c.region = find(mapping.region, "region", false);
  c.channel = find(mapping.channel, "channel", false);
  c.device_os = find(mapping.device_os, "device_os", false);
  c.batch = find(mapping.batch, "batch", false);
  c.serial = find(mapping.serial, "serial", false);
  c.invoice = find(mapping.invoice, "invoice", false);
  c.flags = find(mapping.flags, "flags", false);
  QRMARK_RETURN_IF_ERROR(missing);
  if (mapping.unit_price.empty() != mapping.quantity.empty() ||
      (!mapping.amount.empty() && !mapping.unit_price.empty())) {
    return InvalidArgument(path + ": set csv.amount, or both csv.quantity and csv.unit_price");
  }
  if (!mapping.cancelled_prefix.empty() && mapping.invoice.empty()) {
    return InvalidArgument(path + ": csv.cancelled_prefix needs csv.invoice");
  }
  if (!(mapping.amount_scale > 0)) return InvalidArgument("csv.amount_scale must be positive");
  Result<TimeFormat> format = ParseTimeFormat(mapping.timestamp_format);
  if (!format.ok()) return format.status();
  c.time_format = *format;
  c.columns = header.size();
  return c;
}

}  // namespace qrmark::csv
