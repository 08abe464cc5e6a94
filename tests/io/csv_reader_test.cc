// Tests of io/csv/csv_reader.h and csv_writer.h: quoting, CRLF, malformed
// records, and byte-range splits that cover every record exactly once.
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
  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  // Every record in [begin, end), each as its fields joined by '|', or "!<error>".
  std::vector<std::string> Read(uint64_t begin, uint64_t end, bool header = false) {
    auto reader = CsvReader::Open(path_, begin, end, header);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<std::string> out;
    CsvRecord rec;
    while (true) {
      Result<bool> more = (*reader)->Next(&rec);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      std::string s;
      if (rec.error != CsvError::kOk) s.append("!").append(CsvErrorName(rec.error));
      for (size_t i = 0; i < rec.fields.size(); ++i) s.append(i ? "|" : "").append(rec.fields[i]);
      out.push_back(s);
    }
    return out;
  }
  std::string path_;
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
