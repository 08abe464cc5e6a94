// Tests of src/ingest/csv_scan.h, dictionary.h and checksum.h: reasons in
// cleaning order, amounts in cents, keyed user pseudonyms, dictionary order,
// block checksums and the CSV quoting states at range starts.
#include "src/ingest/csv_scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/scanlog/crc32c.h"
#include "src/crypto/sha256.h"
#include "src/crypto/user_key.h"
#include "src/ingest/checksum.h"
#include "src/ingest/dictionary.h"

namespace qrmark::ingest {
namespace {

const std::vector<std::string> kHeader = {"inv", "user", "ts", "sku", "qty", "price", "country"};

class CsvScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mapping_.user = "user";
    mapping_.timestamp = "ts";
    mapping_.product = "sku";
    mapping_.quantity = "qty";
    mapping_.unit_price = "price";
    mapping_.amount_scale = 100;
    mapping_.region = "country";
    mapping_.invoice = "inv";
    mapping_.cancelled_prefix.push_back('C');  // not = "C": a GCC 12 -Wrestrict false positive
    mapping_.user_is_pseudonymous = true;
  }
  std::optional<RejectReason> Parse(std::vector<std::string_view> row, CsvScan* out) {
    Result<csv::ColumnIndex> cols = csv::ResolveColumns(mapping_, kHeader, "t.csv");
    EXPECT_TRUE(cols.ok());
    return CsvScanParser(mapping_, *cols, key_).Parse(row, out);
  }
  csv::CsvMapping mapping_;
  std::array<uint8_t, 32> key_{1, 2, 3};
};

TEST_F(CsvScanTest, GoodRowGivesAmountInCentsAndTheIdAsKey) {
  CsvScan s;
  ASSERT_EQ(Parse({"536365", "17850", "2010-12-01 08:26:00", "85123A", "6", "2.55", "UK"}, &s), std::nullopt);
  EXPECT_EQ(s.user_key, 17850u);
  EXPECT_EQ(s.amount_cents, 1530);
  EXPECT_EQ(s.ts_unix_s, 1291191960);
  EXPECT_EQ(s.product, "85123A");
  EXPECT_EQ(s.region, "UK");
}

TEST_F(CsvScanTest, FirstFailedCheckDecidesTheReason) {
  CsvScan s;
  using R = RejectReason;
  EXPECT_EQ(Parse({"C1", "", "x", "", "0", "0", "UK"}, &s), R::kMissingUser);
  EXPECT_EQ(Parse({"C1", "12a", "x", "", "0", "0", "UK"}, &s), R::kBadUserId);
  EXPECT_EQ(Parse({"C1", "1", "x", "", "0", "0", "UK"}, &s), R::kCancelled);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01", "", "0", "0", "UK"}, &s), R::kBadTimestamp);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "", "0", "0", "UK"}, &s), R::kMissingProduct);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "six", "0", "UK"}, &s), R::kBadNumber);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "-6", "0", "UK"}, &s), R::kNonPositiveQuantity);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "6", "0", "UK"}, &s), R::kNonPositivePrice);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "6", "1"}, &s), R::kWrongColumnCount);
}

// An amount column of whole cents is read exactly, also past 2^53 where a
// double is not exact; decimals and a scale go through a double, rounded to
// the cent.
TEST_F(CsvScanTest, WholeCentAmountsAreExactAtAnySize) {
  mapping_.quantity.clear();
  mapping_.unit_price.clear();
  mapping_.amount = "qty";
  mapping_.amount_scale = 1;
  CsvScan s;
  ASSERT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "9007199254740993", "0", "UK"}, &s), std::nullopt);
  EXPECT_EQ(s.amount_cents, 9007199254740993);  // 2^53 + 1
  ASSERT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "9223372036854775807", "0", "UK"}, &s), std::nullopt);
  EXPECT_EQ(s.amount_cents, INT64_MAX);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "9223372036854775808", "0", "UK"}, &s),
            RejectReason::kBadNumber);
  EXPECT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "-5", "0", "UK"}, &s), RejectReason::kNegativeAmount);
  ASSERT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "12.6", "0", "UK"}, &s), std::nullopt);
  EXPECT_EQ(s.amount_cents, 13);
  mapping_.amount_scale = 100;
  ASSERT_EQ(Parse({"1", "1", "2010-12-01 08:26:00", "A", "12", "0", "UK"}, &s), std::nullopt);
  EXPECT_EQ(s.amount_cents, 1200);
}

TEST_F(CsvScanTest, RawIdsAreReplacedByAKeyedHash) {
  mapping_.user_is_pseudonymous = false;
  CsvScan a, b;
  ASSERT_EQ(Parse({"1", "alice@example.com", "2010-12-01 08:26:00", "A", "1", "1", "UK"}, &a), std::nullopt);
  ASSERT_EQ(Parse({"1", "alice@example.com", "2010-12-02 08:26:00", "B", "1", "1", "UK"}, &b), std::nullopt);
  EXPECT_EQ(a.user_key, b.user_key);
  EXPECT_EQ(a.user_key, crypto::PseudonymousUserKey(key_, "alice@example.com"));
  EXPECT_NE(a.user_key, crypto::PseudonymousUserKey(key_, "bob@example.com"));
  std::array<uint8_t, 32> other{9};
  EXPECT_NE(a.user_key, crypto::PseudonymousUserKey(other, "alice@example.com"));
}

TEST(DictionaryTest, ShortAndLongStringsKeepTheirIdsAcrossGrowth) {
  LocalDictionary d;
  std::vector<std::string> words = {"", "a", std::string(17, 'k'), std::string(18, 'k'), std::string(19, 'k'),
                                    std::string(40, 'k'), std::string(18, 'k') + "x", "Inner Mongolia"};
  for (int i = 0; i < 3000; ++i) words.push_back(std::string(static_cast<size_t>(i % 45), 'p') + std::to_string(i));
  for (size_t i = 0; i < words.size(); ++i) ASSERT_EQ(d.IdOf(words[i]), i) << words[i];
  for (size_t i = 0; i < words.size(); ++i) ASSERT_EQ(d.IdOf(words[i]), i) << words[i];
  EXPECT_EQ(d.strings(), words);
  EXPECT_EQ(d.IdOf(std::string(18, 'k') + "y"), words.size());  // same length and prefix, different string
}

TEST(DictionaryTest, StringsThatDifferInAnyOneByteOfAnyLengthGetTheirOwnIds) {
  LocalDictionary d;
  std::vector<std::string> words;
  const std::string base = "abcdefghijklmnopqrstu";
  for (size_t n = 0; n <= base.size(); ++n) {  // short strings are kept as two overlapping words
    words.push_back(base.substr(0, n));
    for (size_t j = 0; j < n; ++j) {
      for (char c : {'Z', '\0'}) {
        std::string w = base.substr(0, n);
        w[j] = c;
        words.push_back(w);
      }
    }
  }
  for (size_t i = 0; i < words.size(); ++i) ASSERT_EQ(d.IdOf(words[i]), i) << i;
  for (size_t i = 0; i < words.size(); ++i) ASSERT_EQ(d.IdOf(words[i]), i) << i;
  EXPECT_EQ(d.strings(), words);
}

TEST(DictionaryTest, NumbersByValueAndByStringShareIdsAndOtherSpellingsStayDistinct) {
  LocalDictionary d;
  EXPECT_EQ(d.IdOf("17"), 0u);
  EXPECT_EQ(d.IdOfNumber(17), 0u);
  EXPECT_EQ(d.IdOfNumber(4194304), 1u);  // 2^22: past the direct table
  EXPECT_EQ(d.IdOf("4194304"), 1u);
  EXPECT_EQ(d.IdOf("017"), 2u);          // not the number 17's spelling
  EXPECT_EQ(d.IdOf("0"), 3u);
  EXPECT_EQ(d.IdOfNumber(0), 3u);
  EXPECT_EQ(d.IdOf("00"), 4u);
  EXPECT_EQ(d.IdOf("1a"), 5u);
  EXPECT_EQ(d.IdOf("12345678"), 6u);     // 8 digits: the string table
  EXPECT_EQ(d.IdOfNumber(12345678), 6u);
  EXPECT_EQ(d.IdOf("-5"), 7u);
  EXPECT_EQ(d.IdOfNumber(3000000), 8u);
  EXPECT_EQ(d.IdOf("3000000"), 8u);
  EXPECT_EQ(d.strings(), (std::vector<std::string>{"17", "4194304", "017", "0", "00", "1a", "12345678", "-5",
                                                   "3000000"}));
}

TEST(DictionaryTest, NumbersSortByValueBeforeOtherStringsAndIdsRemap) {
  LocalDictionary d;
  for (const char* s : {"b", "10", "2", "a", "10", "02"}) d.IdOf(s);
  EXPECT_EQ(d.strings(), (std::vector<std::string>{"b", "10", "2", "a", "02"}));
  for (int i = 0; i < 1000; ++i) {  // grows the table
    std::string key = "x";
    key += std::to_string(i);
    d.IdOf(key);
  }
  EXPECT_EQ(d.IdOf("2"), 2u);
  EXPECT_EQ(d.IdOf("x999"), 1004u);
  SerialComm comm;
  MergedDictionary m = MergeDictionaries(comm, d);
  EXPECT_EQ(m.global[0], "2");
  EXPECT_EQ(m.global[1], "10");
  EXPECT_EQ(m.global[2], "02");
  for (uint32_t id = 0; id < d.strings().size(); ++id)
    EXPECT_EQ(m.global[m.local_to_global[id]], d.strings()[id]);
  // Strictly increasing under DictionaryLess: sorted, no string twice.
  for (size_t i = 1; i < m.global.size(); ++i) EXPECT_TRUE(DictionaryLess(m.global[i - 1], m.global[i])) << i;
  EXPECT_TRUE(DictionaryLess("9", "10"));
  EXPECT_TRUE(DictionaryLess("9999999999999999999", "02"));   // 19 digits: a number
  EXPECT_TRUE(DictionaryLess("10000000000000000000", "9a"));  // 20 digits: a string, bytewise
  EXPECT_FALSE(DictionaryLess("10", "10"));
  EXPECT_FALSE(DictionaryLess("a", "10"));
}

TEST(ChecksumTest, IsTheCrc32cOfTheWholeFileWhateverTheBlockSize) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("checksum_" + std::to_string(::getpid()))).string();
  std::ofstream(path, std::ios::binary) << "abcdefghij";
  SerialComm comm;
  Result<std::vector<InputDigest>> sums =
      DigestInputs(comm, {{path, 10}, {path, 0}}, /*block_bytes=*/4);
  ASSERT_TRUE(sums.ok()) << sums.status().ToString();
  EXPECT_EQ((*sums)[0].crc32c, scanlog::Crc32c(crypto::AsBytes("abcdefghij")));
  EXPECT_EQ((*sums)[1].crc32c, 0u);  // an empty file
  Result<std::vector<InputDigest>> whole = DigestInputs(comm, {{path, 10}});
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ((*whole)[0].crc32c, (*sums)[0].crc32c);
  std::filesystem::remove(path);
}

TEST(ChecksumTest, ARangeDigestTakenInPiecesIsTheWholeRangesCrcAndQuotingMap) {
  std::string text;
  for (int i = 0; i < 40; ++i) {  // quoted newlines, CRLF, doubled quotes and now and then a stray quote
    text += std::to_string(i) + ",\"a\n\"\"b\r\n\",x" + (i % 7 == 0 ? "y\"z" : "") + (i % 3 ? "\n" : "\r\n");
  }
  for (size_t piece : {1ul, 7ul, 64ul, 1000ul}) {
    CsvRangeDigest digest;
    for (size_t at = 0; at < text.size(); at += piece) digest.Add(std::string_view(text).substr(at, piece));
    EXPECT_EQ(digest.crc32c, scanlog::Crc32c(crypto::AsBytes(text))) << "pieces of " << piece;
    EXPECT_EQ(digest.map, csv::CsvStateMapOf(text)) << "pieces of " << piece;
  }
  SerialComm comm;
  CsvRangeDigest whole;
  whole.Add(text);
  const std::vector<InputDigest> joined = JoinCsvRangeDigests(comm, {text.size(), 0}, {whole, CsvRangeDigest()});
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_EQ(joined[0].crc32c, whole.crc32c);
  EXPECT_EQ(joined[0].csv_states, std::vector<csv::CsvScanState>{csv::CsvScanState::kFieldStart});
  EXPECT_EQ(joined[1].crc32c, 0u);  // an empty file
}

}  // namespace
}  // namespace qrmark::ingest
