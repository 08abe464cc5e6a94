// Tests of io/csv/quote_state.h: the block scanner against a byte-by-byte
// reference of the state table, maps that compose across any split, and the
// cases a split point meets: quotes straddling 64-byte blocks, doubled
// quotes, CRLF, stray quotes, many newlines in one field, a file that is one
// quoted field, and a quote that never closes.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "io/csv/quote_state.h"

namespace qrmark::csv {
namespace {

using S = CsvScanState;
constexpr S kAll[] = {S::kFieldStart, S::kUnquoted, S::kQuoted};

// The state table of quote_state.h, one byte at a time.
S RefStep(S s, char c) {
  const bool delimiter = c == ',' || c == '\n';
  if (s == S::kQuoted) return c == '"' ? S::kFieldStart : S::kQuoted;
  if (c == '"') return s == S::kFieldStart ? S::kQuoted : S::kUnquoted;
  return delimiter ? S::kFieldStart : S::kUnquoted;
}

S RefAfter(std::string_view bytes, S s) {
  for (char c : bytes) s = RefStep(s, c);
  return s;
}

// Indexes of the newlines that end records, entered in `s`.
std::vector<size_t> RefRecordEnds(std::string_view bytes, S s) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n' && s != S::kQuoted) ends.push_back(i);
    s = RefStep(s, bytes[i]);
  }
  return ends;
}

std::vector<size_t> RecordEnds(std::string_view bytes, S s) {
  std::vector<size_t> ends;
  for (size_t at = 0; at < bytes.size();) {
    const size_t i = FindRecordEnd(bytes.substr(at), &s);
    if (at + i == bytes.size()) break;
    EXPECT_EQ(s, S::kFieldStart);
    ends.push_back(at + i);
    at += i + 1;
  }
  return ends;
}

// Random text over the bytes that matter, with runs long enough to fill
// blocks: quotes are rarer than other bytes, or dense (`quote_every` 2).
std::string RandomCsv(std::mt19937_64& rng, size_t n, int quote_every) {
  static constexpr char kBytes[] = {',', '\n', '\r', 'a', 'b', ' '};
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s.push_back(rng() % quote_every == 0 ? '"' : kBytes[rng() % sizeof kBytes]);
  }
  return s;
}

void ExpectSameAsReference(std::string_view text) {
  const CsvStateMap map = CsvStateMapOf(text);
  for (S s : kAll) {
    EXPECT_EQ(map(s), RefAfter(text, s)) << "entered in " << static_cast<int>(s);
    EXPECT_EQ(RecordEnds(text, s), RefRecordEnds(text, s)) << "entered in " << static_cast<int>(s);
  }
}

TEST(CsvQuoteStateTest, TheTableByteByByte) {
  for (S s : kAll) {
    for (char c : {'"', ',', '\n', 'x', '\r'}) {
      EXPECT_EQ(CsvStateMapOf(std::string_view(&c, 1))(s), RefStep(s, c)) << static_cast<int>(s) << c;
    }
  }
  EXPECT_EQ(CsvStateMapOf(""), CsvStateMap());
}

TEST(CsvQuoteStateTest, RandomTextScansAsTheReferenceDoes) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 3000; ++round) {
    const size_t n = rng() % 300;
    const int quote_every = round % 3 == 0 ? 2 : round % 3 == 1 ? 9 : 60;
    ExpectSameAsReference(RandomCsv(rng, n, quote_every));
  }
}

TEST(CsvQuoteStateTest, WellFormedRecordsScanAsTheReferenceDoes) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    while (text.size() < 1000) {  // fields quoted or not, with doubled quotes, CRLF and newlines inside
      const bool quoted = rng() % 2 == 0;
      if (quoted) text += '"';
      for (size_t k = rng() % 20; k > 0; --k) {
        const int r = static_cast<int>(rng() % 10);
        text += !quoted ? "x" : r == 0 ? "\"\"" : r == 1 ? "\r\n" : r == 2 ? "," : "y";
      }
      if (quoted) text += '"';
      text += rng() % 4 == 0 ? "\r\n" : rng() % 2 ? "\n" : ",";
    }
    ExpectSameAsReference(text);
  }
}

TEST(CsvQuoteStateTest, MapsComposeAcrossEverySplit) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 40; ++round) {
    const std::string text = RandomCsv(rng, 200, round % 2 ? 3 : 20);
    const CsvStateMap whole = CsvStateMapOf(text);
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      const std::string_view v(text);
      ASSERT_EQ(CsvStateMapOf(v.substr(0, cut)).Then(CsvStateMapOf(v.substr(cut))), whole)
          << text << " @" << cut;
    }
  }
}

TEST(CsvQuoteStateTest, DoubledQuotesStraddlingABlockBoundaryStayInside) {
  for (size_t at = 56; at < 72; ++at) {  // the pair "" at [at, at+2), around the 64-byte boundary
    std::string text = "\"";
    text.append(at - 1, 'x').append("\"\"y\nz\"\nw\n");
    // The field opens at 0, the pair is data, the newline after y is data, z" closes it.
    EXPECT_EQ(RecordEnds(text, S::kFieldStart), (std::vector<size_t>{text.size() - 3, text.size() - 1}))
        << at;
    ExpectSameAsReference(text);
  }
}

TEST(CsvQuoteStateTest, AStrayQuoteIsLiteralAndDoesNotSwallowLines) {
  const std::string text = "1,5\" screen,2\n3,ab\"\"c,4\n5,\"q\"x\"y,6\n7,8\n";
  EXPECT_EQ(RecordEnds(text, S::kFieldStart), (std::vector<size_t>{13, 23, 34, 38}));
  // Stray quotes on every line, aligned to fall at every offset of a block.
  std::string many;
  for (int i = 0; i < 100; ++i) many += std::string(static_cast<size_t>(i % 7), 'a') + "b\"c\n";
  EXPECT_EQ(RefRecordEnds(many, S::kFieldStart).size(), 100u);
  ExpectSameAsReference(many);
}

TEST(CsvQuoteStateTest, CrlfEndsRecordsAndIsDataInsideQuotes) {
  const std::string text = "a,\"b\r\nc\"\r\nd\r\n";
  EXPECT_EQ(RecordEnds(text, S::kFieldStart), (std::vector<size_t>{9, 12}));
  ExpectSameAsReference(text);
}

TEST(CsvQuoteStateTest, AFieldWithManyNewlinesIsOneRecord) {
  std::string text = "id,\"";
  for (int i = 0; i < 5000; ++i) text += "line " + std::to_string(i) + ",\n";
  text += "\",end\nnext,1\n";
  EXPECT_EQ(RecordEnds(text, S::kFieldStart), (std::vector<size_t>{text.size() - 8, text.size() - 1}));
  // Entered anywhere inside the field, the scan must be told it is inside.
  const size_t middle = text.size() / 2;
  const S inside = CsvStateMapOf(std::string_view(text).substr(0, middle))(S::kFieldStart);
  EXPECT_EQ(inside, S::kQuoted);
  EXPECT_EQ(RecordEnds(std::string_view(text).substr(middle), inside).front() + middle, text.size() - 8);
}

TEST(CsvQuoteStateTest, AFileThatIsOneQuotedFieldHasNoRecordEndInside) {
  std::string text = "\"";
  for (int i = 0; i < 20000; ++i) text += "x,\"\"\n";
  text += "\"";
  const CsvStateMap map = CsvStateMapOf(text);
  EXPECT_EQ(map(S::kFieldStart), S::kFieldStart);
  EXPECT_TRUE(RecordEnds(text, S::kFieldStart).empty());
  for (size_t cut : {1ul, 65ul, 4097ul, text.size() - 1}) {
    EXPECT_EQ(CsvStateMapOf(std::string_view(text).substr(0, cut))(S::kFieldStart), S::kQuoted) << cut;
  }
  // Between the two quotes of a doubled one: a quote next reopens the field.
  EXPECT_EQ(CsvStateMapOf(std::string_view(text).substr(0, 64))(S::kFieldStart), S::kFieldStart);
}

TEST(CsvQuoteStateTest, AnUnbalancedQuoteLeavesTheRestInside) {
  std::string text = "a,b\n\"open,1\n";
  for (int i = 0; i < 1000; ++i) text += "2,3\n";
  EXPECT_EQ(CsvStateMapOf(text)(S::kFieldStart), S::kQuoted);
  EXPECT_EQ(RecordEnds(text, S::kFieldStart), std::vector<size_t>{3});
}

}  // namespace
}  // namespace qrmark::csv
