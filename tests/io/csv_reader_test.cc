// Tests of io/csv/csv_reader.h and csv_writer.h: quoting, CRLF, malformed
// records, byte-range splits that cover every record exactly once, and lines
// taken from the buffer between records read by Next.
#include "io/csv/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/csv/csv_writer.h"

namespace qrmark::csv {
namespace {

namespace fs = std::filesystem;

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("csv_test_" + std::to_string(::getpid()) + ".csv")).string();
  }
  void TearDown() override { fs::remove(path_); }

  void Write(const std::string& text) {
    text_ = text;
    std::ofstream(path_, std::ios::binary) << text;
  }

  // Every record in [begin, end), each as its fields joined by '|', or
  // "!<error>"; the reader is told the exact quoting state at `begin`.
  // With `located`, each is preceded by "<offset>/<lines> ". Checks that the
  // reader's range visitor saw exactly the bytes of [begin, end), and that
  // the first record is where first_record_offset says.
  std::vector<std::string> Read(uint64_t begin, uint64_t end, bool header = false, bool located = false) {
    const CsvScanState state =
        CsvStateMapOf(std::string_view(text_).substr(0, begin))(CsvScanState::kFieldStart);
    std::string visited;
    auto reader = CsvReader::Open(path_, begin, end, header, state,
                                  [&visited](std::string_view bytes) { visited.append(bytes); });
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    const uint64_t first_record = (*reader)->first_record_offset();
    bool first = true;
    std::vector<std::string> out;
    CsvRecord rec;
    while (true) {
      Result<bool> more = (*reader)->Next(&rec);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      if (first && !(header && begin == 0)) {  // the header is the first record, skipped
        EXPECT_EQ(rec.offset, first_record) << begin << " " << end;
      }
      first = false;
      std::string s;
      if (located) s.append(std::to_string(rec.offset) + "/" + std::to_string(rec.lines) + " ");
      if (rec.error != CsvError::kOk) s.append("!").append(CsvErrorName(rec.error));
      for (size_t i = 0; i < rec.fields.size(); ++i) s.append(i ? "|" : "").append(rec.fields[i]);
      out.push_back(s);
    }
    const uint64_t stop = std::min<uint64_t>(end, text_.size());
    EXPECT_EQ(visited, begin < stop ? text_.substr(begin, stop - begin) : "") << begin << " " << end;
    if (first && !(header && begin == 0)) {
      EXPECT_EQ(first_record, stop) << "no record starts in " << begin << " " << end;
    }
    return out;
  }
  // The records of [0, a), [a, b) and [b, end), located, in order.
  std::vector<std::string> ReadInThree(uint64_t a, uint64_t b, bool header = false) {
    std::vector<std::string> got = Read(0, a, header, true);
    for (auto [begin, end] : {std::pair{a, b}, std::pair{b, uint64_t{text_.size()}}}) {
      std::vector<std::string> part = Read(begin, end, header, true);
      got.insert(got.end(), part.begin(), part.end());
    }
    return got;
  }
  std::string path_, text_;
};

TEST_F(CsvReaderTest, QuotedCommasDoubledQuotesAndCrlfAreUnderstood) {
  Write("a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\r\n,\"\",z\n");
  EXPECT_EQ(Read(0, 1000), (std::vector<std::string>{"a|b|c", "x,y|say \"hi\"|", "||z"}));
}

TEST_F(CsvReaderTest, HeaderIsSkippedOnlyByTheRangeThatStartsTheFile) {
  Write("h1,h2\n1,2\n3,4\n");
  EXPECT_EQ(Read(0, 100, true), (std::vector<std::string>{"1|2", "3|4"}));
  EXPECT_EQ(Read(6, 100, true), (std::vector<std::string>{"1|2", "3|4"}));
}

TEST_F(CsvReaderTest, MalformedQuotesAreReportedAndReadingGoesOn) {
  Write("ok,1\nbad\"quote,2\n\"x\"y,3\nfine,4\n\"open,5");
  EXPECT_EQ(Read(0, 1000),
            (std::vector<std::string>{"ok|1", "!bad_quote", "!bad_quote", "fine|4", "!unterminated_quote"}));
}

TEST_F(CsvReaderTest, LastLineWithoutNewlineAndEmptyFile) {
  Write("1,2\n3,4");
  EXPECT_EQ(Read(0, 100), (std::vector<std::string>{"1|2", "3|4"}));
  Write("");
  EXPECT_TRUE(Read(0, 100).empty());
  EXPECT_EQ(ReadCsvHeader(path_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(CsvReaderTest, ByteRangeSplitCoversEveryLineExactlyOnceForManySplitPoints) {
  std::string text = "id,name,note\n";
  std::vector<std::string> want;
  for (int i = 0; i < 60; ++i) {
    const std::string id = std::to_string(i);
    std::string name = "n";
    name.append(id);
    if (i % 3 == 0) name = "with, comma";
    if (i % 5 == 0) name = "q\"uote";
    std::vector<std::string_view> fields = {id, name, i % 7 == 0 ? "" : "x"};
    AppendCsvRow(&text, fields);
    std::string line = id;
    line.append("|").append(name).append("|").append(i % 7 == 0 ? "" : "x");
    want.push_back(line);
  }
  Write(text);
  for (uint64_t a = 0; a <= text.size(); a += 7) {
    for (uint64_t b = a; b <= text.size(); b += 13) {
      std::vector<std::string> got = Read(0, a, true);
      std::vector<std::string> mid = Read(a, b, true), tail = Read(b, text.size(), true);
      got.insert(got.end(), mid.begin(), mid.end());
      got.insert(got.end(), tail.begin(), tail.end());
      ASSERT_EQ(got, want) << "split at " << a << " and " << b;
    }
  }
}

TEST_F(CsvReaderTest, AQuotedFieldMaySpanLinesAndTheRecordKnowsHowMany) {
  Write("id,note\r\n1,\"two\r\nlines\"\r\n2,\"a\n\nb \"\"q\"\"\"\n3,x");
  EXPECT_EQ(Read(0, 1000, true, true),
            (std::vector<std::string>{"9/2 1|two\r\nlines", "25/3 2|a\n\nb \"q\"", "40/1 3|x"}));
}

TEST_F(CsvReaderTest, SplitsInsideMultiLineFieldsYieldEveryRecordOnceWithItsOffset) {
  std::string text = "id,\"multi\nline header\",n\r\n";
  std::vector<std::string> want;
  for (int i = 0; i < 40; ++i) {
    const std::string id = std::to_string(i), newlines(static_cast<size_t>(i % 5), '\n');
    const std::string z(static_cast<size_t>(i % 3), 'z');
    std::string note = "plain", record = id + "|plain|" + z;
    int lines = 1;
    if (i % 2 == 0) {  // a quoted field over i % 5 + 2 lines, with doubled quotes and CRLF inside
      note = "\"" + newlines + "say \"\"" + id + "\"\",\r\nok\"";
      record = id + "|" + newlines + "say \"" + id + "\",\r\nok|" + z;
      lines = i % 5 + 2;
    }
    if (i % 7 == 0) {
      note = "bad\"quote";
      record = "!bad_quote";
      lines = 1;
    }
    want.push_back(std::to_string(text.size()) + "/" + std::to_string(lines) + " " + record);
    text += id + "," + note + "," + z + (i % 4 == 0 ? "\r\n" : "\n");
  }
  Write(text);
  ASSERT_EQ(Read(0, text.size(), true, true), want);
  for (uint64_t a = 0; a <= text.size(); a += 5) {
    for (uint64_t b = a; b <= text.size(); b += 19) ASSERT_EQ(ReadInThree(a, b, true), want) << a << " " << b;
  }
}

TEST_F(CsvReaderTest, AnUnterminatedQuoteIsTheRestOfTheFileWhereverTheSplitsFall) {
  std::string text = "a,b\n1,2\n3,\"open\n";
  for (int i = 0; i < 50; ++i) text += "4,5\n6,7\r\n";  // no quote to close it
  Write(text);
  const std::vector<std::string> want = {"0/1 a|b", "4/1 1|2", "8/101 !unterminated_quote"};
  ASSERT_EQ(Read(0, text.size(), false, true), want);
  for (uint64_t a = 0; a <= text.size(); a += 3) {
    for (uint64_t b = a; b <= text.size(); b += 29) ASSERT_EQ(ReadInThree(a, b), want) << a << " " << b;
  }
  text.pop_back();  // no line end at the end: the last line still counts
  Write(text);
  EXPECT_EQ(Read(0, text.size(), false, true).back(), "8/101 !unterminated_quote");
}

TEST_F(CsvReaderTest, ARecordTooLongToKeepIsSkippedToItsTrueEnd) {
  std::string text = "1,\"";
  for (size_t i = 0; text.size() <= CsvReader::kMaxRecordBytes + 5000; ++i) text += "x,\n";
  const std::string lines = std::to_string(std::count(text.begin(), text.end(), '\n') + 1);
  text += "\",2\n3,4\n";
  Write(text);
  const std::string last = std::to_string(text.size() - 4) + "/1 3|4";
  const std::vector<std::string> want = {"0/" + lines + " !too_long", last};
  std::vector<std::string> got = Read(0, text.size(), false, true);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].substr(0, 40), want[0]);  // never the whole record, whatever the reader's buffer holds
  EXPECT_EQ(got, want);
  EXPECT_EQ(ReadInThree(text.size() / 3, text.size() / 2), want);
  EXPECT_EQ(ReadInThree(1, 2), want);
  text.resize(text.size() - 8);  // the quote never closes: the rest of the file
  Write(text);
  EXPECT_EQ(Read(0, text.size(), false, true),
            std::vector<std::string>{"0/" + std::to_string(std::stoi(lines) - 1) + " !unterminated_quote"});
}

TEST_F(CsvReaderTest, ALineTooLongIsTooLongWhereverTheReadingStarts) {
  std::string text = "1,2\n" + std::string(CsvReader::kMaxRecordBytes + 10, 'y') + "\n3,4\n";
  Write(text);
  const std::string last = std::to_string(text.size() - 4) + "/1 3|4";
  const std::vector<std::string> want = {"0/1 1|2", "4/1 !too_long", last};
  EXPECT_EQ(Read(0, text.size(), false, true), want);
  for (uint64_t a : {1ul, 4ul, 5000ul, 1ul << 19}) EXPECT_EQ(ReadInThree(a, a + 1), want) << a;
}

TEST_F(CsvReaderTest, AFileThatIsOneQuotedFieldIsOneRecordForAnyRanges) {
  std::string text = "\"";
  for (int i = 0; i < 30000; ++i) text += "x,\"\"\n";
  text += "\"";
  Write(text);
  const std::vector<std::string> want = {"0/30001 " + text.substr(1, text.size() - 2)};
  std::vector<std::string> got = Read(0, text.size(), false, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].size(), want[0].size() - 30000);  // each doubled quote read as one
  for (uint64_t a : {1ul, 64ul, 65ul, 70000ul}) {
    EXPECT_EQ(ReadInThree(a, a + 50000), got) << a;
    EXPECT_TRUE(Read(a, text.size()).empty()) << a;
  }
}

TEST_F(CsvReaderTest, LinesOfEveryLengthAcrossBlocksSplitTheSame) {
  std::string text;
  std::vector<std::string> want;
  for (size_t n = 0; n < 300; ++n) {  // fields of n % 37 bytes, a quote or CRLF now and then
    std::string line, joined;
    for (size_t k = 0; line.size() < n; ++k) {
      std::string field(k % 37 == 0 ? n % 37 : (n + k) % 11, static_cast<char>('a' + k % 26));
      if (n % 9 == 0 && k == 3) field = "\"q,\"\"x\"";
      line.append(k ? "," : "").append(field);
      joined.append(k ? "|" : "").append(n % 9 == 0 && k == 3 ? "q,\"x" : field);
    }
    text.append(line).append(n % 4 == 0 ? "\r\n" : "\n");
    want.push_back(joined);
  }
  Write(text);
  EXPECT_EQ(Read(0, text.size()), want);
}

TEST_F(CsvReaderTest, LinesTakenFromTheBufferAndRecordsFromNextInterleave) {
  std::string text;
  for (int n = 0; text.size() < (3u << 20); ++n) {  // past the 1 MiB read blocks, quotes now and then
    text += std::to_string(n) + (n % 7 == 0 ? ",\"a\nb\"," : ",plain,") + std::string(n % 50, 'x') + "\n";
  }
  Write(text);
  for (auto [begin, end] :
       {std::pair<uint64_t, uint64_t>{0, text.size()}, {text.size() / 3, 2 * text.size() / 3}}) {
    const CsvScanState state =
        CsvStateMapOf(std::string_view(text).substr(0, begin))(CsvScanState::kFieldStart);
    std::vector<std::string> want, got;
    auto plain = CsvReader::Open(path_, begin, end, false, state);
    auto mixed = CsvReader::Open(path_, begin, end, false, state);
    ASSERT_TRUE(plain.ok() && mixed.ok());
    CsvRecord rec;
    while (*(*plain)->Next(&rec)) want.push_back(std::to_string(rec.offset) + " " + std::string(rec.raw));
    for (int k = 0;; ++k) {
      uint64_t offset = 0;
      const std::string_view bytes = (*mixed)->Buffered(&offset);
      const size_t newline = bytes.find('\n');
      if (k % 2 == 0 && newline != std::string_view::npos &&
          bytes.substr(0, newline).find('"') == std::string_view::npos) {
        // The padding on both sides is there to read (a sanitizer build reports a read outside the buffer).
        const volatile char before = bytes.data()[-static_cast<ptrdiff_t>(CsvReader::kLinePadding)];
        const volatile char after = bytes.data()[bytes.size() + CsvReader::kLinePadding - 1];
        (void)before, (void)after;
        got.push_back(std::to_string(offset) + " " + std::string(bytes.substr(0, newline)));
        (*mixed)->Consume(newline + 1);
        continue;
      }
      if (!*(*mixed)->Next(&rec)) break;
      got.push_back(std::to_string(rec.offset) + " " + std::string(rec.raw));
    }
    EXPECT_EQ(got, want) << begin << " " << end;
    EXPECT_GT(want.size(), 10000u);
  }
}

TEST_F(CsvReaderTest, HeaderLosesAByteOrderMark) {
  Write("\xEF\xBB\xBFid,name\n1,a\n");
  Result<std::vector<std::string>> header = ReadCsvHeader(path_);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*header, (std::vector<std::string>{"id", "name"}));
}

TEST_F(CsvReaderTest, MissingFileIsNotFoundNamingThePath) {
  auto reader = CsvReader::Open("/nonexistent/x.csv", 0, 10, true);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent/x.csv"), std::string::npos);
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  std::string out;
  std::vector<std::string_view> fields = {"plain", "a,b", "say \"x\"", "l\nf"};
  AppendCsvRow(&out, fields);
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"x\"\"\",\"l\nf\"\n");
}

}  // namespace
}  // namespace qrmark::csv
