// UTC date parsing and formatting without the C library's time-zone state.
#include "src/base/civil_time.h"

#include <cstdio>

namespace qrmark {
namespace {

bool ParseDigits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Result<int64_t> ParseUtcInstant(std::string_view text) {
  auto bad = [&](const char* why) {
    std::string m = "'";
    m.append(text).append("' is not a UTC date or time (").append(why);
    m.append("); expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
    return InvalidArgument(std::move(m));
  };
  int64_t y, mo, d, h = 0, mi = 0, s = 0;
  if (text.size() < 10 || !ParseDigits(text, 0, 4, &y) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, &mo) || text[7] != '-' || !ParseDigits(text, 8, 2, &d)) {
    return bad("bad date part");
  }
  if (text.size() > 10) {
    if ((text[10] != ' ' && text[10] != 'T') || !ParseDigits(text, 11, 2, &h) || text[13] != ':' ||
        !ParseDigits(text, 14, 2, &mi) || text[16] != ':' || !ParseDigits(text, 17, 2, &s)) {
      return bad("bad time part");
    }
    if (text.size() > 19 && !(text.size() == 20 && text[19] == 'Z')) return bad("trailing text");
  }
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDaysIn[mo - 1]) return bad("no such day");
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return bad("no such day");
  if (h > 23 || mi > 59 || s > 59) return bad("no such time");
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kSecondsPerDay +
         h * 3600 + mi * 60 + s;
}

void AppendUtc(int64_t unix_s, std::string* out) {
  const int64_t day_start = FloorToDay(unix_s);
  int64_t y;
  unsigned m, d;
  CivilFromDays(day_start / kSecondsPerDay, &y, &m, &d);
  const int64_t sod = unix_s - day_start;
  if (y < 0 || y > 9999) {  // rare: let printf widen the year
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                          static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                          static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60));
    out->append(buf, static_cast<size_t>(n));
    return;
  }
  const unsigned year = static_cast<unsigned>(y), hour = static_cast<unsigned>(sod / 3600),
                 minute = static_cast<unsigned>(sod / 60 % 60), second = static_cast<unsigned>(sod % 60);
  char buf[20] = {static_cast<char>('0' + year / 1000), static_cast<char>('0' + year / 100 % 10),
                  static_cast<char>('0' + year / 10 % 10), static_cast<char>('0' + year % 10), '-',
                  static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                  static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10), 'T',
                  static_cast<char>('0' + hour / 10), static_cast<char>('0' + hour % 10), ':',
                  static_cast<char>('0' + minute / 10), static_cast<char>('0' + minute % 10), ':',
                  static_cast<char>('0' + second / 10), static_cast<char>('0' + second % 10), 'Z'};
  out->append(buf, sizeof buf);
}

std::string FormatUtc(int64_t unix_s) {
  std::string out;
  AppendUtc(unix_s, &out);
  return out;
}

std::string FormatUtcCompact(int64_t unix_s) {
  std::string s = FormatUtc(unix_s);  // 2026-11-23T02:00:00Z
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

}  // namespace qrmark
