// UTC calendar arithmetic for dates and timestamps in configs, CSV and logs.
//
// Everything is UTC, in seconds since the Unix epoch; no time zones or leap
// seconds (a fixed offset in minutes is applied by callers that need local
// hours). Pure functions; thread-safe.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(int64_t as_of, ParseUtcInstant("2011-12-10"));
//   std::string s = FormatUtc(as_of);   // "2011-12-10T00:00:00Z"
#ifndef QRMARK_SRC_BASE_CIVIL_TIME_H_
#define QRMARK_SRC_BASE_CIVIL_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace qrmark {

inline constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// "YYYY-MM-DD" (midnight UTC), "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS[Z]".
// InvalidArgument names the text and what is wrong with it.
Result<int64_t> ParseUtcInstant(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ", and the compact "YYYYMMDDTHHMMSSZ" used in ids.
std::string FormatUtc(int64_t unix_s);
// Appends FormatUtc(unix_s) to `out`, allocating nothing when it has room.
void AppendUtc(int64_t unix_s, std::string* out);
std::string FormatUtcCompact(int64_t unix_s);

// Start of the UTC day containing `unix_s`.
inline int64_t FloorToDay(int64_t unix_s) {
  int64_t d = unix_s / kSecondsPerDay;
  if (unix_s % kSecondsPerDay < 0) --d;
  return d * kSecondsPerDay;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_CIVIL_TIME_H_
