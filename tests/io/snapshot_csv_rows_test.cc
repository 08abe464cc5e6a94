// CsvRowFormatter: the bytes it counts for rows are the bytes it formats,
// for numbers of every sign and width (each side of every power of ten),
// floats, NaN and quoted dictionary words; columns not for CSV are left out.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "io/snapshot/csv_export.h"

namespace qrmark::snapshot {
namespace {

Table Mixed() {
  using L = std::numeric_limits<int64_t>;
  Table t{"mixed", true, true, {}};
  t.columns.push_back({"i64", std::vector<int64_t>{L::min(), -1, 0, 9, 10, -10, L::max(), 1234567890123}, 1,
                       "", {}});
  t.columns.push_back({"u64", std::vector<uint64_t>{0, 1, 99, 100, std::numeric_limits<uint64_t>::max(), 7, 8, 9},
                       1, "", {}});
  t.columns.push_back({"pair", std::vector<int32_t>{-2147483647 - 1, 5, 0, -7, 2147483647, 1, 22, 333, 4444,
                                                    55555, -666666, 7777777, 0, 0, -1, 1},
                       2, "", {}});
  t.columns.push_back({"f64", std::vector<double>{0.1, -2.5e-300, std::nan(""), 1.0 / 3, 1e21,
                                                  std::numeric_limits<double>::infinity(), -0.0, 123456.789},
                       1, "", {}});
  t.columns.push_back({"f32", std::vector<float>{0.1f, 3.4e38f, -1.5f, 0, 7, 1e-45f, 2, 3}, 1, "", {}});
  t.columns.push_back({"word", std::vector<int32_t>{0, 1, 2, -1, 0, 1, 2, -1}, 1, "",
                       {"plain", "with, comma", "say \"hi\""}});
  return t;
}

TEST(CsvRowFormatterTest, CountedBytesAreTheFormattedBytesForEveryRowRange) {
  const Table t = Mixed();
  const CsvRowFormatter formatter(t);
  for (size_t begin = 0; begin <= t.rows(); ++begin) {
    for (size_t end = begin; end <= t.rows(); ++end) {
      std::string out;
      formatter.AppendRows(begin, end, &out);
      EXPECT_EQ(formatter.RowBytes(begin, end), out.size()) << "rows " << begin << ".." << end << ":\n" << out;
    }
  }
  std::string first;
  formatter.AppendRows(0, 1, &first);
  EXPECT_EQ(first, "-9223372036854775808,0,-2147483648,5,0.1,0.1,plain\r\n");
}

TEST(CsvRowFormatterTest, CountedBytesMatchAtEveryPowerOfTen) {
  std::vector<uint64_t> unsigned_values;
  std::vector<int64_t> signed_values;
  for (uint64_t p = 1;; p *= 10) {
    for (uint64_t v : {p - 1, p, p + 1}) {
      unsigned_values.push_back(v);
      signed_values.push_back(v > uint64_t{INT64_MAX} ? INT64_MIN : -static_cast<int64_t>(v));
    }
    if (p > std::numeric_limits<uint64_t>::max() / 10) break;
  }
  Table t{"powers", true, true, {}};
  t.columns.push_back({"u64", unsigned_values, 1, "", {}});
  t.columns.push_back({"i64", signed_values, 1, "", {}});
  const CsvRowFormatter formatter(t);
  for (size_t row = 0; row < t.rows(); ++row) {
    std::string out;
    formatter.AppendRows(row, row + 1, &out);
    EXPECT_EQ(formatter.RowBytes(row, row + 1), out.size()) << out;
  }
}

// Dictionary words copied whole slots at a time (up to 32 bytes as
// written) and one by one (a longer word in the column): neighbouring cells
// and rows are left as written, at the end of a line too.
TEST(CsvRowFormatterTest, DictionaryWordsOfEveryLengthKeepTheirNeighbours) {
  const std::string w32(32, 'x'), w33(33, 'y');
  const std::vector<std::string> short_words = {"a", "", w32, "c,d"};  // "c,d" is 5 bytes quoted
  const std::vector<std::string> long_words = {"b", w33};
  const size_t rows = 1000;  // several batches of rows side by side
  std::vector<int32_t> s1(rows), s2(rows), l(rows);
  std::vector<int64_t> n(rows);
  for (size_t i = 0; i < rows; ++i) {
    s1[i] = static_cast<int32_t>(i % 5) - 1;  // -1: an empty cell
    s2[i] = static_cast<int32_t>((i * 7) % 4);
    l[i] = static_cast<int32_t>(i % 2);
    n[i] = static_cast<int64_t>(i * 1000003);
  }
  Table t{"words", true, true, {}};
  t.columns.push_back({"s1", s1, 1, "", short_words});
  t.columns.push_back({"s2", s2, 1, "", short_words});
  t.columns.push_back({"n", n, 1, "", {}});
  t.columns.push_back({"l", l, 1, "", long_words});
  t.columns.push_back({"s3", s2, 1, "", short_words});
  t.columns.push_back({"tiny", l, 1, "", {"p", "q"}});  // last in the line: little room after it
  const auto quoted = [](const std::string& w) { return w == "c,d" ? std::string("\"c,d\"") : w; };
  std::string want;
  for (size_t i = 0; i < rows; ++i) {
    want += (s1[i] < 0 ? "" : quoted(short_words[static_cast<size_t>(s1[i])])) + "," +
            quoted(short_words[static_cast<size_t>(s2[i])]) + "," + std::to_string(n[i]) + "," +
            long_words[static_cast<size_t>(l[i])] + "," + quoted(short_words[static_cast<size_t>(s2[i])]) + "," +
            (l[i] == 0 ? "p" : "q") + "\r\n";
  }
  const CsvRowFormatter formatter(t);
  std::string out;
  formatter.AppendRows(0, rows, &out);
  EXPECT_EQ(out, want);
  EXPECT_EQ(formatter.RowBytes(0, rows), out.size());
}

// Lines at their longest: a word slot copied near a line's end must not
// reach the next line's cells.
TEST(CsvRowFormatterTest, WordSlotsAtTheEndOfTheLongestLinesStayInTheirLine) {
  const std::string w32(32, 'x');
  std::vector<int32_t> longest(300, 0), last(300);
  for (size_t i = 0; i < last.size(); ++i) last[i] = static_cast<int32_t>(i % 2);
  Table t{"edge", true, true, {}};
  t.columns.push_back({"w", longest, 1, "", {w32, "a"}});
  t.columns.push_back({"tiny", last, 1, "", {"p", "q"}});
  std::string want;
  for (size_t i = 0; i < last.size(); ++i) want += w32 + "," + (last[i] == 0 ? "p" : "q") + "\r\n";
  std::string out;
  CsvRowFormatter(t).AppendRows(0, last.size(), &out);
  EXPECT_EQ(out, want);
}

TEST(CsvRowFormatterTest, ColumnsNotForCsvAreLeftOutOfHeaderAndRows) {
  Table t = Mixed();
  t.columns[2].export_csv = false;  // "pair"
  t.columns[3].export_csv = false;  // "f64"
  EXPECT_EQ(CsvHeader(t), "i64,u64,f32,word\r\n");
  const CsvRowFormatter formatter(t);
  std::string rows;
  formatter.AppendRows(0, 2, &rows);
  EXPECT_EQ(rows, "-9223372036854775808,0,0.1,plain\r\n-1,1,3.4e+38,\"with, comma\"\r\n");
  EXPECT_EQ(formatter.RowBytes(0, 2), rows.size());
}

TEST(CsvRowFormatterTest, ATableWithoutColumnsWritesLineEnds) {
  Table t{"empty", true, true, {}};
  const CsvRowFormatter formatter(t);
  std::string out;
  formatter.AppendRows(0, 0, &out);
  EXPECT_EQ(formatter.RowBytes(0, 0), out.size());
}

}  // namespace
}  // namespace qrmark::snapshot
