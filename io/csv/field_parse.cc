// Field parsers: integers eight digits at a time (a word per group; the
// last, partial group read as the field's last eight bytes; 17 to 20 digits
// without a branch on the length), decimals over
// std::from_chars, and a small strptime for fixed-width numeric date patterns
// (no locale, no allocation).
#include "io/csv/field_parse.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "io/csv/digit_words.h"
#include "src/base/civil_time.h"
#include "src/base/word_load.h"

namespace qrmark::csv {
namespace {

// The value of the eight ASCII digits in `w`, or false when a byte is not a digit.
bool EightDigitsOf(uint64_t w, uint64_t* out) {
  if (!AreEightDigits(w)) return false;
  *out = EightDigitsValue(w);
  return true;
}

// The `n` (1..7) bytes at `p` as the last bytes of an eight-digit word whose
// first 8 - n digits are '0'. Reads only [p, p + n): overlapping loads.
uint64_t ShortDigitsWord(const char* p, size_t n) {
  uint64_t w;
  if (n >= 4) {
    w = LoadWord<uint32_t>(p) | LoadWord<uint32_t>(p + n - 4) << (8 * (n - 4));
  } else if (n >= 2) {
    w = LoadWord<uint16_t>(p) | LoadWord<uint16_t>(p + n - 2) << (8 * (n - 2));
  } else {
    w = static_cast<unsigned char>(*p);
  }
  return w << (8 * (8 - n)) | kAsciiZeros >> (8 * n);
}

constexpr uint64_t kPow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

// The value of the 1..19 characters at `p` when all are digits (below 10^19:
// no overflow): eight at a time, then the rest as the last eight bytes with
// those already read replaced by '0'; a field shorter than eight bytes by
// ShortDigitsWord. Never reads outside [p, p + n).
bool UpTo19Digits(const char* p, size_t n, uint64_t* out) {
  uint64_t v = 0, eight;
  if (n < 8) {
    if (!EightDigitsOf(ShortDigitsWord(p, n), &eight)) return false;
    *out = eight;
    return true;
  }
  const char* end = p + n;
  for (; end - p >= 8; p += 8) {
    if (!EightDigitsOf(LoadWord<uint64_t>(p), &eight)) return false;
    v = v * 100000000 + eight;
  }
  if (const size_t rest = static_cast<size_t>(end - p); rest > 0) {
    const uint64_t done = (uint64_t{1} << (8 * (8 - rest))) - 1;  // the low bytes: digits read already
    if (!EightDigitsOf((LoadWord<uint64_t>(end - 8) & ~done) | (kAsciiZeros & done), &eight)) return false;
    v = v * kPow10[rest] + eight;
  }
  *out = v;
  return true;
}

// The value of the 17..20 characters at `p` when all are digits and it fits
// in 64 bits: the first n - 16 as the last digits of an eight-digit word,
// then two words of eight, with no branch on n. Hashed keys (user keys) have
// 19 or 20 digits at random, which a branch on the length would mispredict
// half the time. Never reads outside [p, p + n).
bool SeventeenTo20Digits(const char* p, size_t n, uint64_t* out) {
  const size_t head = n - 16;  // 1..4 digits, within the word's first four bytes
  const uint64_t head_word = uint64_t{LoadWord<uint32_t>(p)} << (8 * (8 - head)) | kAsciiZeros >> (8 * head);
  return ThreeDigitWordsValue(head_word, LoadWord<uint64_t>(p + n - 16), LoadWord<uint64_t>(p + n - 8), out);
}

// True and `*out` set when `text` is one or more decimal digits (no sign)
// whose value fits in 64 bits: what std::from_chars accepts for uint64_t.
bool ParseDigits(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  const char* p = text.data();
  const char* end = p + text.size();
  if (text.size() >= 17 && text.size() <= 20) {
    uint64_t v;
    if (!SeventeenTo20Digits(p, text.size(), &v)) return false;
    *out = v;
    return true;
  }
  while (end - p > 19 && *p == '0') ++p;  // leading zeros do not count towards the 20 digits
  const size_t n = static_cast<size_t>(end - p);
  if (n > 20) return false;  // too many digits, or not all digits: either way
  uint64_t v;
  if (!UpTo19Digits(p, std::min<size_t>(n, 19), &v)) return false;
  if (n == 20) {  // the only length that can overflow
    const unsigned d = static_cast<unsigned char>(p[19]) - unsigned{'0'};
    if (d > 9 || __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v)) return false;
  }
  *out = v;
  return true;
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

// "YYYY-MM-DD HH:MM:SS". The last valid date read on this thread and its
// days since the epoch are kept: rows in time order mostly share the date.
bool ParseIsoDateTime(std::string_view text, int64_t* unix_s) {
  struct Date {
    char text[10];
    int64_t days;
  };
  thread_local Date last = {{}, 0};  // no text matches ten zero bytes
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') return false;
  size_t i = 11;
  int hour, minute, second;
  if (!Digits(text, &i, 2, &hour) || !Digits(text, &++i, 2, &minute) || !Digits(text, &++i, 2, &second) ||
      hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  if (std::memcmp(text.data(), last.text, sizeof last.text) != 0) {
    int year, month, day;
    i = 0;
    int64_t midnight;
    if (text[4] != '-' || text[7] != '-' || !Digits(text, &i, 4, &year) || !Digits(text, &++i, 2, &month) ||
        !Digits(text, &++i, 2, &day) || !CivilToUnix(year, month, day, 0, 0, 0, &midnight)) {
      return false;
    }
    std::memcpy(last.text, text.data(), sizeof last.text);
    last.days = midnight / kSecondsPerDay;
  }
  *unix_s = last.days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace

bool ParseInt64(std::string_view text, int64_t* out) {
  const bool negative = text.starts_with('-');
  uint64_t magnitude;
  if (!ParseDigits(text.substr(negative ? 1 : 0), &magnitude)) return false;
  const uint64_t limit = uint64_t{INT64_MAX} + (negative ? 1 : 0);
  if (magnitude > limit) return false;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

bool ParseUint64(std::string_view text, uint64_t* out) { return ParseDigits(text, out); }

bool ParseDouble(std::string_view text, double* out) {
  // Whole numbers up to 2^53 are exact as doubles: the same value from_chars gives, sooner.
  const bool negative = text.starts_with('-');
  uint64_t whole;
  if (ParseDigits(text.substr(negative ? 1 : 0), &whole) && whole <= (uint64_t{1} << 53)) {
    *out = negative ? -static_cast<double>(whole) : static_cast<double>(whole);
    return true;
  }
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(*out);
}

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
  if (format.kind == TimeFormat::Kind::kIsoDateTime) return ParseIsoDateTime(text, unix_s);
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
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
