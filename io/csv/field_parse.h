// Parsing CSV field text: integers, decimals and timestamps in a given format.
//
// Strict and allocation-free: the whole field must parse (surrounding spaces
// are not trimmed), so "12x" is not 12. Timestamps are UTC; the format is
// validated once (ParseTimeFormat) and applied per field (ParseTime).
// Thread-safe; no state but the last ISO date ParseTime read on each thread.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(TimeFormat f, ParseTimeFormat("%Y-%m-%d %H:%M:%S"));
//   int64_t t;
//   if (!ParseTime(f, "2011-12-09 12:50:00", &t)) reject(kBadTimestamp);
#ifndef QRMARK_IO_CSV_FIELD_PARSE_H_
#define QRMARK_IO_CSV_FIELD_PARSE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace qrmark::csv {

// True and `*out` set when all of `text` is a decimal integer ("-12", "7").
bool ParseInt64(std::string_view text, int64_t* out);
bool ParseUint64(std::string_view text, uint64_t* out);
// True when all of `text` is a finite decimal number ("2.55", "-1e3").
bool ParseDouble(std::string_view text, double* out);

// How timestamps are written: a pattern of %Y %m %d %H %M %S %% and literal
// characters, or Unix seconds / milliseconds.
struct TimeFormat {
  enum class Kind { kPattern, kIsoDateTime, kUnixSeconds, kUnixMillis };  // ISO: "%Y-%m-%d %H:%M:%S"
  Kind kind = Kind::kPattern;
  std::string pattern;
};

// "unix_s", "unix_ms", or a pattern; InvalidArgument names an unsupported
// conversion or a pattern without %Y, %m and %d.
[[nodiscard]] Result<TimeFormat> ParseTimeFormat(std::string_view spec);

// True and `*unix_s` (UTC seconds, milliseconds floored) when `text`
// matches `format` exactly and names a real date and time.
bool ParseTime(const TimeFormat& format, std::string_view text, int64_t* unix_s);

}  // namespace qrmark::csv

#endif  // QRMARK_IO_CSV_FIELD_PARSE_H_
