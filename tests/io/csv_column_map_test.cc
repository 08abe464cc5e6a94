// Tests of io/csv/column_map.h and field_parse.h: header lookup with clear
// errors (Online Retail's header), numbers and timestamp formats.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "io/csv/column_map.h"
#include "io/csv/field_parse.h"
#include "src/base/civil_time.h"

namespace qrmark::csv {
namespace {

const std::vector<std::string> kOnlineRetailHeader = {"InvoiceNo",   "StockCode", "Description", "Quantity",
                                                      "InvoiceDate", "UnitPrice", "CustomerID",  "Country"};

CsvMapping OnlineRetail() {
  CsvMapping m;
  m.user = "CustomerID";
  m.user_is_pseudonymous = true;
  m.timestamp = "InvoiceDate";
  m.product = "StockCode";
  m.quantity = "Quantity";
  m.unit_price = "UnitPrice";
  m.amount_scale = 100;
  m.region = "Country";
  m.invoice = "InvoiceNo";
  m.cancelled_prefix.push_back('C');  // not = "C": a GCC 12 -Wrestrict false positive
  return m;
}

// A file that is not text (a compressed export named .csv): the message
// names the missing column and shows the header with its bytes escaped and
// cut short, UTF-8 column names kept as they are.
TEST(ColumnMapTest, MissingColumnMessageEscapesAndCutsABinaryHeader) {
  std::string binary("\x1f\x8b\x08\x00\x7f\xff", 6);  // gzip's magic, a NUL, DEL, a stray byte
  binary += "\xe7\x94\xa8\xe6\x88\xb7";  // a UTF-8 name
  binary += std::string(5000, '\x01');
  Result<ColumnIndex> c = ResolveColumns(ScanCsvMapping(), std::vector<std::string>{binary}, "scans.csv");
  ASSERT_FALSE(c.ok());
  const std::string m = c.status().message();
  EXPECT_NE(m.find("scans.csv: column 'user_key'"), std::string::npos) << m;
  EXPECT_NE(m.find("\\x1f\\x8b\\x08\\x00\\x7f\\xff\xe7\x94\xa8\xe6\x88\xb7\\x01"), std::string::npos) << m;
  EXPECT_NE(m.find("more bytes) (a NUL byte: is the file compressed or not CSV?)"), std::string::npos) << m;
  EXPECT_LT(m.size(), 600u);
  for (char ch : m) EXPECT_TRUE(static_cast<unsigned char>(ch) >= 0x20) << m;
}

TEST(ColumnMapTest, OnlineRetailHeaderMaps) {
  Result<ColumnIndex> c = ResolveColumns(OnlineRetail(), kOnlineRetailHeader, "or.csv");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->user, 6);
  EXPECT_EQ(c->timestamp, 4);
  EXPECT_EQ(c->product, 1);
  EXPECT_EQ(c->quantity, 3);
  EXPECT_EQ(c->unit_price, 5);
  EXPECT_EQ(c->region, 7);
  EXPECT_EQ(c->invoice, 0);
  EXPECT_EQ(c->amount, -1);
  EXPECT_EQ(c->columns, 8u);
}

TEST(ColumnMapTest, MissingColumnNamesTheColumnKeyAndHeader) {
  CsvMapping m = OnlineRetail();
  m.user = "Customer";
  Result<ColumnIndex> c = ResolveColumns(m, kOnlineRetailHeader, "or.csv");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  for (const char* part : {"or.csv", "'Customer'", "csv.user", "InvoiceNo,StockCode"}) {
    EXPECT_NE(c.status().message().find(part), std::string::npos) << c.status().message();
  }
}

TEST(ColumnMapTest, InconsistentAmountAndBadTimeFormatAreRejected) {
  CsvMapping m = OnlineRetail();
  m.quantity.clear();
  EXPECT_FALSE(ResolveColumns(m, kOnlineRetailHeader, "or.csv").ok());
  m = OnlineRetail();
  m.timestamp_format = "%d/%b/%Y";
  EXPECT_FALSE(ResolveColumns(m, kOnlineRetailHeader, "or.csv").ok());
}

TEST(FieldParseTest, NumbersMustBeWhole) {
  int64_t i;
  double d;
  EXPECT_TRUE(ParseInt64("-12", &i) && i == -12);
  EXPECT_FALSE(ParseInt64("12x", &i));
  EXPECT_FALSE(ParseInt64("", &i));
  EXPECT_TRUE(ParseDouble("2.55", &d) && d == 2.55);
  EXPECT_FALSE(ParseDouble("2,55", &d));
  EXPECT_FALSE(ParseDouble("inf", &d));
}

// What std::from_chars makes of all of `text`, as the parsers must.
template <typename T>
bool FromCharsWhole(std::string_view text, T* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

void ExpectSameAsFromChars(const std::string& text) {
  uint64_t u = 0, want_u = 0;
  int64_t i = 0, want_i = 0;
  double d = 0, want_d = 0;
  const bool ok_u = FromCharsWhole(text, &want_u), ok_i = FromCharsWhole(text, &want_i);
  const bool ok_d = FromCharsWhole(text, &want_d) && std::isfinite(want_d);
  ASSERT_EQ(ParseUint64(text, &u), ok_u) << text;
  ASSERT_EQ(ParseInt64(text, &i), ok_i) << text;
  ASSERT_EQ(ParseDouble(text, &d), ok_d) << text;
  if (ok_u) {
    EXPECT_EQ(u, want_u) << text;
  }
  if (ok_i) {
    EXPECT_EQ(i, want_i) << text;
  }
  if (ok_d) {
    EXPECT_EQ(d, want_d) << text;
    EXPECT_EQ(std::signbit(d), std::signbit(want_d)) << text;
  }
}

TEST(FieldParseTest, NumbersParseAsFromCharsDoesAtTheLimitsAndOnRandomText) {
  for (const char* text :
       {"0", "-0", "007", "-", "+1", " 1", "1 ", "18446744073709551615", "18446744073709551616",
        "99999999999999999999", "000000000000000000000018446744073709551615", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "9007199254740992",
        "9007199254740993", "-9007199254740993", "12345678", "1234567:", "123456789012345678/",
        "1e3", "0x10", "2.55", "\xff" "1234567"}) {
    ExpectSameAsFromChars(text);
  }
  std::mt19937_64 rng(7);
  const std::string alphabet = "0123456789-+.e/:";
  for (int n = 0; n < 200000; ++n) {
    std::string text(rng() % 24, '0');
    for (char& c : text) c = rng() % 4 == 0 ? alphabet[rng() % alphabet.size()] : static_cast<char>('0' + rng() % 10);
    ExpectSameAsFromChars(text);
  }
  // 17 to 21 digits (hashed keys have 19 or 20), at the 64-bit limit and around it, and
  // one byte not a digit at any place.
  for (int n = 0; n < 200000; ++n) {
    std::string text(17 + rng() % 5, '0');
    for (char& c : text) c = static_cast<char>('0' + rng() % 10);
    if (n % 3 == 0) text = std::to_string(rng()).append(rng() % 2, static_cast<char>('0' + rng() % 10));
    if (n % 5 == 0) text[rng() % text.size()] = alphabet[10 + rng() % (alphabet.size() - 10)];
    ExpectSameAsFromChars(text);
  }
}

TEST(FieldParseTest, TimestampsInPatternAndUnixFormats) {
  int64_t t;
  TimeFormat f = *ParseTimeFormat("%Y-%m-%d %H:%M:%S");
  EXPECT_TRUE(ParseTime(f, "2011-12-09 12:50:00", &t));
  EXPECT_EQ(t, 1323435000);
  EXPECT_FALSE(ParseTime(f, "2011-02-30 12:50:00", &t));
  EXPECT_FALSE(ParseTime(f, "2011-12-09 12:50", &t));
  EXPECT_FALSE(ParseTime(f, "2011-12-09 24:00:00", &t));
  EXPECT_TRUE(ParseTime(*ParseTimeFormat("%d/%m/%Y"), "29/02/2012", &t));
  EXPECT_TRUE(ParseTime(*ParseTimeFormat("unix_ms"), "-1", &t) && t == -1);
  EXPECT_TRUE(ParseTime(*ParseTimeFormat("unix_s"), "1323435000", &t) && t == 1323435000);
}

// Every clock time "HH:MM:SS" with two-digit fields 00..99, and each of its
// eight bytes replaced by the characters around the digits and the colon:
// accepted exactly when it is a valid time, with its seconds.
TEST(FieldParseTest, IsoClockTimesAreCheckedAndReadEveryWay) {
  const TimeFormat f = *ParseTimeFormat("%Y-%m-%d %H:%M:%S");
  int64_t t = 0;
  char text[] = "2020-06-15 00:00:00";
  const int64_t midnight = 1592179200;
  for (int h = 0; h < 100; ++h) {
    for (int m = 0; m < 100; ++m) {
      for (int s = 0; s < 100; s += (m < 58 ? 7 : 1)) {
        std::snprintf(text + 11, 9, "%02d:%02d:%02d", h, m, s);
        const bool valid = h <= 23 && m <= 59 && s <= 59;
        ASSERT_EQ(ParseTime(f, text, &t), valid) << text;
        if (valid) {
          ASSERT_EQ(t, midnight + h * 3600 + m * 60 + s) << text;
        }
      }
    }
  }
  for (size_t at = 11; at < 19; ++at) {
    std::snprintf(text + 11, 9, "%s", "12:34:56");
    for (char c : {'/', ':', ';', '0', '9', ' ', '\0', '-', 'a'}) {
      const char was = text[at];
      text[at] = c;
      const bool colon_place = at == 13 || at == 16;
      const bool valid = colon_place ? c == ':' : (c >= '0' && c <= '9' && !(at == 17 && c > '5') &&
                                                   !(at == 14 && c > '5') && !(at == 11 && c > '2'));
      ASSERT_EQ(ParseTime(f, std::string_view(text, 19), &t), valid) << at << " " << static_cast<int>(c);
      text[at] = was;
    }
  }
}

TEST(FieldParseTest, IsoTimestampsInARowKeepTheirDatesApart) {
  const TimeFormat f = *ParseTimeFormat("%Y-%m-%d %H:%M:%S");
  int64_t t = 0;
  EXPECT_TRUE(ParseTime(f, "2012-02-29 23:59:59", &t) && t == 1330559999);
  EXPECT_FALSE(ParseTime(f, "2012-02-29 23:60:00", &t));
  EXPECT_FALSE(ParseTime(f, "2011-02-29 00:00:00", &t));
  EXPECT_FALSE(ParseTime(f, "2012-02-29T00:00:00", &t));
  EXPECT_FALSE(ParseTime(f, "2012/02-29 00:00:00", &t));
  EXPECT_TRUE(ParseTime(f, "2012-02-29 00:00:00", &t) && t == 1330473600);
  EXPECT_TRUE(ParseTime(f, "2012-03-01 00:00:00", &t) && t == 1330560000);
  for (int64_t want = 1293840000; want < 1293840000 + 800 * 86400; want += 3607) {  // 2011-01-01 on
    char text[20];
    const int64_t day = want / 86400, second = want % 86400;
    const std::string date = FormatUtc(day * 86400).substr(0, 10);
    std::snprintf(text, sizeof text, "%s %02d:%02d:%02d", date.c_str(), static_cast<int>(second / 3600),
                  static_cast<int>(second / 60 % 60), static_cast<int>(second % 60));
    ASSERT_TRUE(ParseTime(f, text, &t)) << text;
    ASSERT_EQ(t, want) << text;
  }
}

}  // namespace
}  // namespace qrmark::csv
