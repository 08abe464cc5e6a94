// ResolveColumns: header names → indexes, with messages that list the header.
#include "io/csv/column_map.h"

#include <algorithm>
#include <string>
#include <string_view>

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

namespace {

// The length of the UTF-8 sequence at the start of `s` (2-4 bytes, checked
// for continuation bytes only), or 0 when it does not start with one.
size_t Utf8SequenceLength(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s[0]);
  const size_t n = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// `text` for an error message: printable ASCII and UTF-8 as they are, any
// other byte as \xNN, cut after about kMaxBytes with the count left out.
// A header read from a binary file (a compressed export named .csv) must
// not put raw bytes or a megabyte line on the terminal.
std::string ForMessage(std::string_view text) {
  constexpr size_t kMaxBytes = 300;
  std::string out;
  size_t i = 0;
  for (; i < text.size() && out.size() < kMaxBytes;) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += text[i++];
    } else if (const size_t n = c >= 0x80 ? Utf8SequenceLength(text.substr(i)) : 0; n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      ++i;
    }
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size() - i) + " more bytes)";
  return out;
}

}  // namespace

Result<ColumnIndex> ResolveColumns(const CsvMapping& mapping, std::span<const std::string> header,
                                   const std::string& path) {
  auto header_text = [&] {
    std::string s;
    for (const std::string& h : header) s += (s.empty() ? "" : ",") + h;
    const bool binary = std::any_of(s.begin(), s.end(), [](char c) { return c == '\0'; });
    return ForMessage(s) + (binary ? " (a NUL byte: is the file compressed or not CSV?)" : "");
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
