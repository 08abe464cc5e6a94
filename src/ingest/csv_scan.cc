// CsvScanParser: field checks in reason order, amounts in integer cents.
#include "src/ingest/csv_scan.h"

#include <cmath>

#include "io/csv/field_parse.h"
#include "src/crypto/user_key.h"

namespace qrmark::ingest {

using R = RejectReason;

std::optional<R> CsvScanParser::Parse(std::span<const std::string_view> f, CsvScan* out) const {
  if (f.size() != cols_.columns) return R::kWrongColumnCount;
  const std::string_view user = f[cols_.user];
  if (user.empty()) return R::kMissingUser;
  if (mapping_.user_is_pseudonymous) {
    if (!csv::ParseUint64(user, &out->user_key)) return R::kBadUserId;
  } else {
    out->user_key = crypto::PseudonymousUserKey(key_, user);
  }
  if (!mapping_.cancelled_prefix.empty() && f[cols_.invoice].starts_with(mapping_.cancelled_prefix)) {
    return R::kCancelled;
  }
  if (!csv::ParseTime(cols_.time_format, f[cols_.timestamp], &out->ts_unix_s)) return R::kBadTimestamp;
  out->product = f[cols_.product];
  if (out->product.empty()) return R::kMissingProduct;
  if (auto bad = ParseAmount(f, out)) return bad;
  return ParseExtras(f, out);
}

std::optional<R> CsvScanParser::ParseAmount(std::span<const std::string_view> f, CsvScan* out) const {
  double amount = 0;
  if (cols_.quantity >= 0) {
    double quantity, price;
    if (!csv::ParseDouble(f[cols_.quantity], &quantity)) return R::kBadNumber;
    if (quantity <= 0) return R::kNonPositiveQuantity;
    if (!csv::ParseDouble(f[cols_.unit_price], &price)) return R::kBadNumber;
    if (price <= 0) return R::kNonPositivePrice;
    amount = quantity * price;
  } else if (cols_.amount >= 0) {
    int64_t cents;  // whole cents: exact at any size (a double is exact to 2^53 only)
    if (mapping_.amount_scale == 1.0 && csv::ParseInt64(f[cols_.amount], &cents)) {
      if (cents < 0) return R::kNegativeAmount;
      out->amount_cents = cents;
      return std::nullopt;
    }
    if (!csv::ParseDouble(f[cols_.amount], &amount)) return R::kBadNumber;
    if (amount < 0) return R::kNegativeAmount;
  }
  const double cents = std::round(amount * mapping_.amount_scale);
  if (!(cents < 9.2e18)) return R::kBadNumber;
  out->amount_cents = static_cast<int64_t>(cents);
  return std::nullopt;
}

std::optional<R> CsvScanParser::ParseExtras(std::span<const std::string_view> f, CsvScan* out) const {
  out->region = cols_.region >= 0 ? f[cols_.region] : std::string_view();
  out->channel = cols_.channel >= 0 ? ChannelFromName(f[cols_.channel]) : Channel::kUnknown;
  out->device_os = cols_.device_os >= 0 ? DeviceOsFromName(f[cols_.device_os]) : DeviceOs::kUnknown;
  uint64_t v = 0;
  out->batch_id = 0;
  if (cols_.batch >= 0 && !f[cols_.batch].empty()) {
    if (!csv::ParseUint64(f[cols_.batch], &v) || v > UINT32_MAX) return R::kBadNumber;
    out->batch_id = static_cast<uint32_t>(v);
  }
  out->serial = 0;
  if (cols_.serial >= 0 && !f[cols_.serial].empty() && !csv::ParseUint64(f[cols_.serial], &out->serial)) {
    return R::kBadNumber;
  }
  out->flags = 0;
  if (cols_.flags >= 0 && !f[cols_.flags].empty()) {
    if (!csv::ParseUint64(f[cols_.flags], &v) || v > 0xff) return R::kBadNumber;
    out->flags = static_cast<uint8_t>(v);
  }
  return std::nullopt;
}

}  // namespace qrmark::ingest
