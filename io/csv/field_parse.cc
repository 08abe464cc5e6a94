// Field parsers over std::from_chars, and a small strptime for fixed-width
// numeric date patterns (no locale, no allocation).
#include "io/csv/field_parse.h"

#include <charconv>
#include <cmath>

#include "src/base/civil_time.h"

namespace qrmark::csv {
namespace {

template <typename T>
bool ParseWhole(std::string_view text, T* out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

// `width` digits at text[*i]; advances *i.
bool Digits(std::string_view text, size_t* i, int width, int* out) {
  if (*i + static_cast<size_t>(width) > text.size()) return false;
  int v = 0;
  for (int k = 0; k < width; ++k) {
    const char c = text[*i + static_cast<size_t>(k)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += static_cast<size_t>(width);
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Checks the fields name a real date and time, then UTC seconds.
bool CivilToUnix(int year, int month, int day, int hour, int minute, int second, int64_t* unix_s) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return false;
  }
  *unix_s = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * kSecondsPerDay +
            hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace

bool ParseInt64(std::string_view text, int64_t* out) { return ParseWhole(text, out); }
bool ParseUint64(std::string_view text, uint64_t* out) { return ParseWhole(text, out); }

bool ParseDouble(std::string_view text, double* out) { return ParseWhole(text, out) && std::isfinite(*out); }

Result<TimeFormat> ParseTimeFormat(std::string_view spec) {
  TimeFormat f;
  if (spec == "unix_s") {
    f.kind = TimeFormat::Kind::kUnixSeconds;
    return f;
  }
  if (spec == "unix_ms") {
    f.kind = TimeFormat::Kind::kUnixMillis;
    return f;
  }
  bool y = false, m = false, d = false;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] != '%') continue;
    const char c = i + 1 < spec.size() ? spec[i + 1] : '\0';
    if (std::string_view("YmdHMS%").find(c) == std::string_view::npos || c == '\0') {
      return InvalidArgument("timestamp format '" + std::string(spec) +
                             "': only %Y %m %d %H %M %S %% are supported (or unix_s, unix_ms)");
    }
    y |= c == 'Y';
    m |= c == 'm';
    d |= c == 'd';
    ++i;
  }
  if (!y || !m || !d) {
    return InvalidArgument("timestamp format '" + std::string(spec) + "' needs %Y, %m and %d");
  }
  f.pattern = std::string(spec);
  if (spec == "%Y-%m-%d %H:%M:%S") f.kind = TimeFormat::Kind::kIsoDateTime;  // the common one, fast
  return f;
}

bool ParseTime(const TimeFormat& format, std::string_view text, int64_t* unix_s) {
  if (format.kind == TimeFormat::Kind::kUnixSeconds || format.kind == TimeFormat::Kind::kUnixMillis) {
    int64_t v;
    if (!ParseInt64(text, &v)) return false;
    if (format.kind == TimeFormat::Kind::kUnixSeconds) {
      *unix_s = v;
      return true;
    }
    *unix_s = v / 1000 - (v % 1000 < 0 ? 1 : 0);
    return true;
  }
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (format.kind == TimeFormat::Kind::kIsoDateTime) {
    size_t i = 0;
    const bool ok = text.size() == 19 && text[4] == '-' && text[7] == '-' && text[10] == ' ' &&
                    text[13] == ':' && text[16] == ':' && Digits(text, &i, 4, &year) && (++i, true) &&
                    Digits(text, &i, 2, &month) && (++i, true) && Digits(text, &i, 2, &day) && (++i, true) &&
                    Digits(text, &i, 2, &hour) && (++i, true) && Digits(text, &i, 2, &minute) &&
                    (++i, true) && Digits(text, &i, 2, &second);
    return ok && CivilToUnix(year, month, day, hour, minute, second, unix_s);
  }
  size_t i = 0;
  const std::string& p = format.pattern;
  for (size_t k = 0; k < p.size(); ++k) {
    bool ok = true;
    if (p[k] != '%' || p[k + 1] == '%') {
      ok = i < text.size() && text[i] == p[k];
      ++i;
      if (p[k] == '%') ++k;
    } else {
      switch (p[++k]) {
        case 'Y':
          ok = Digits(text, &i, 4, &year);
          break;
        case 'm':
          ok = Digits(text, &i, 2, &month);
          break;
        case 'd':
          ok = Digits(text, &i, 2, &day);
          break;
        case 'H':
          ok = Digits(text, &i, 2, &hour);
          break;
        case 'M':
          ok = Digits(text, &i, 2, &minute);
          break;
        default:
          ok = Digits(text, &i, 2, &second);
          break;
      }
    }
    if (!ok) return false;
  }
  return i == text.size() && CivilToUnix(year, month, day, hour, minute, second, unix_s);
}

}  // namespace qrmark::csv
