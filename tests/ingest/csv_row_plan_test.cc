// Tests of src/ingest/csv_row_plan.h against the general path it stands in
// for: random rows, good and bad in every field and in their structure, read
// once by CsvReader::Next + CsvScanParser::Parse and once by the plan; every
// line the plan takes must get the general path's verdict and scan. Also the
// vector line masks against the portable ones, and the padded name memo
// against the dictionary.
#include "src/ingest/csv_row_plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "io/csv/csv_reader.h"
#include "src/base/regions.h"
#include "src/ingest/dictionary.h"

namespace qrmark::ingest {
namespace {

const std::vector<std::string> kHeader = {"scan_id",   "ts",           "user_key", "product_id",
                                          "batch_id",  "serial",       "region",   "channel",
                                          "device_os", "amount_cents", "flags"};

// `prefix` then `rest` (not operator+ on a literal: a GCC 12 -Wrestrict false positive).
std::string Joined(const char* prefix, const std::string& rest) {
  std::string s(prefix);
  s += rest;
  return s;
}

// A field of each kind: mostly good, sometimes not, in the ways exports go wrong.
class RowMaker {
 public:
  explicit RowMaker(uint64_t seed) : rng_(seed) {}

  std::string Line() {
    std::vector<std::string> f = {
        Digits(1, 9),     Timestamp(),    UserKey(),       Product(),      Number(3, 7, 4294967296ULL),
        Number(1, 13, 0), Name(kRegions), Name(kChannels), Name(kDevices), Number(1, 16, 0),
        Number(1, 3, 256)};
    if (OneIn(60)) f.erase(f.begin() + static_cast<long>(rng_() % f.size()));                 // a field short
    if (OneIn(60)) f.insert(f.begin() + static_cast<long>(rng_() % f.size()), Digits(1, 3));  // one too many
    if (OneIn(80)) f[6] = Joined("\"", f[6] + ",x\"");  // quoted, with a comma inside
    if (OneIn(20)) f[6] = std::string(40 + rng_() % 100, 'm');  // often a line of 129 to 255 bytes
    if (OneIn(200)) f[6] = std::string(240, 'r');                // a line over the plan's 256 bytes
    std::string line;
    for (size_t i = 0; i < f.size(); ++i) line += (i ? "," : "") + f[i];
    if (OneIn(10)) line += '\r';  // CRLF
    if (OneIn(300)) line.clear();
    return line;
  }

 private:
  bool OneIn(uint64_t n) { return rng_() % n == 0; }
  std::string Digits(size_t min, size_t max) {
    std::string s(min + rng_() % (max - min + 1), '0');
    for (char& c : s) c = static_cast<char>('0' + rng_() % 10);
    return s;
  }
  // Good digits of `min`..`max` characters, or empty, a letter, a sign, a
  // point, or `limit` (the first value out of range when nonzero).
  std::string Number(size_t min, size_t max, uint64_t limit) {
    switch (rng_() % 40) {
      case 0: return "";
      case 1: return Digits(min, max) + "x";
      case 2: return Joined("-", Digits(1, 3));
      case 3: return Digits(1, 3) + "." + Digits(1, 2);
      case 4: return limit ? std::to_string(limit) : Digits(17, 22);
      case 5: return Joined("0", Digits(min, max));
      case 6: return Joined(" ", Digits(min, max));
      default: return Digits(min, max);
    }
  }
  std::string UserKey() {
    switch (rng_() % 30) {
      case 0: return "";
      case 1: return "18446744073709551616";
      case 2: return "99999999999999999999";
      case 3: return "000000000000000000000042";
      case 4: return Digits(1, 20) + "a";
      default: return std::to_string(rng_() >> (rng_() % 40 == 0 ? 40 : 0));
    }
  }
  std::string Timestamp() {
    char text[32];
    std::snprintf(text, sizeof text, "2026-%02d-%02d %02d:%02d:%02d", static_cast<int>(1 + rng_() % 12),
                  static_cast<int>(1 + rng_() % 31), static_cast<int>(rng_() % 25),
                  static_cast<int>(rng_() % 60), static_cast<int>(rng_() % 61));
    return rng_() % 50 == 0 ? std::string("2026-01-01T00:00:00") : text;
  }
  std::string Product() {
    switch (rng_() % 20) {
      case 0: return "";
      case 1: return Joined("P", Digits(1, 5));
      case 2: return Joined("0", Digits(1, 5));
      case 3: return Digits(8, 9);
      default: return Digits(1, 7);
    }
  }
  std::string Name(const std::vector<std::string>& names) {
    switch (rng_() % 25) {
      case 0: return "";
      case 1: return names[rng_() % names.size()] + " ";
      case 2: return Joined("x", names[rng_() % names.size()]);
      case 3: return std::string(1 + rng_() % 20, 'a');
      case 4: return names[rng_() % names.size()] + '\r';
      default: return names[rng_() % names.size()];
    }
  }

  const std::vector<std::string> kRegions = {
      "Shandong", "Inner Mongolia", "Xinjiang Uygur Autonomous Region", "Hong Kong", "unknown", "Tibet"};
  const std::vector<std::string> kChannels = {"wechat", "alipay",  "taobao",  "browser",
                                              "app",    "offline", "unknown", "WeChat"};
  const std::vector<std::string> kDevices = {"ios", "android", "other", "unknown", "harmonyos"};
  std::mt19937_64 rng_;
};

struct General {
  std::optional<RejectReason> verdict;
  CsvScan scan;                 // its views are those of `product` and `region`
  std::string product, region;  // kept: the reader's buffer moves on
  std::string raw;
  bool malformed = false;
};

void ExpectSameScan(const CsvScan& a, const CsvScan& b, const std::string& line) {
  EXPECT_EQ(a.user_key, b.user_key) << line;
  EXPECT_EQ(a.ts_unix_s, b.ts_unix_s) << line;
  EXPECT_EQ(a.amount_cents, b.amount_cents) << line;
  EXPECT_EQ(a.product, b.product) << line;
  EXPECT_EQ(a.region, b.region) << line;
  EXPECT_EQ(a.channel, b.channel) << line;
  EXPECT_EQ(a.device_os, b.device_os) << line;
  EXPECT_EQ(a.batch_id, b.batch_id) << line;
  EXPECT_EQ(a.serial, b.serial) << line;
  EXPECT_EQ(a.flags, b.flags) << line;
}

// Writes `rows` random rows under the header, reads them the general way
// (by offset) and with the plan over a padded copy, and compares.
void CompareWithGeneralPath(const csv::CsvMapping& mapping, uint64_t seed, int rows) {
  RowMaker maker(seed);
  std::string text;
  for (size_t i = 0; i < kHeader.size(); ++i) text += (i ? "," : "") + kHeader[i];
  text += '\n';
  const size_t first_row = text.size();
  for (int r = 0; r < rows; ++r) text += maker.Line() + '\n';
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("csv_row_plan_" + std::to_string(::getpid()) + "_" + std::to_string(seed) + ".csv"))
          .string();
  std::ofstream(path, std::ios::binary) << text;

  Result<csv::ColumnIndex> cols = csv::ResolveColumns(mapping, kHeader, path);
  ASSERT_TRUE(cols.ok()) << cols.status().ToString();
  const std::array<uint8_t, 32> key{7};
  const CsvScanParser parser(mapping, *cols, key);
  std::map<uint64_t, General> general;  // by offset
  {
    auto reader = csv::CsvReader::Open(path, 0, UINT64_MAX, /*has_header=*/true);
    ASSERT_TRUE(reader.ok());
    csv::CsvRecord rec;
    while (*(*reader)->Next(&rec)) {
      General& g = general[rec.offset];
      g.raw = std::string(rec.raw);
      g.malformed = rec.error != csv::CsvError::kOk;
      if (g.malformed) continue;
      g.verdict = parser.Parse(rec.fields, &g.scan);
      g.product = std::string(g.scan.product);
      g.region = std::string(g.scan.region);
    }
  }
  std::filesystem::remove(path);

  const CsvRowPlan plan(parser, mapping, *cols);
  const std::string padded =
      std::string(CsvRowPlan::kPadding, '\n') + text + std::string(CsvRowPlan::kPadding, ',');
  const std::string_view body(padded.data() + CsvRowPlan::kPadding, text.size());
  CsvRowPlan::Row row;
  int taken = 0, accepted = 0;
  for (size_t at = first_row; at < text.size();) {
    const size_t line_end = text.find('\n', at);
    const std::string line = text.substr(at, line_end - at);
    const size_t used = plan.Parse(body.substr(at), &row);
    if (used == 0) {
      at = line_end + 1;  // the general path's line
      continue;
    }
    ASSERT_EQ(used, line_end + 1 - at) << line;
    ASSERT_TRUE(general.count(at)) << "no record starts at " << at << ": " << line;
    General& g = general[at];
    g.scan.product = g.product;
    g.scan.region = g.region;
    ASSERT_FALSE(g.malformed) << line;
    EXPECT_EQ(row.raw, g.raw) << line;
    ASSERT_EQ(row.verdict, g.verdict) << line;
    ++taken;
    if (!row.verdict) {
      ++accepted;
      ExpectSameScan(row.scan, g.scan, line);
      if (row.product_number >= 0) {
        EXPECT_EQ(std::to_string(row.product_number), row.scan.product) << line;
      }
    }
    at = line_end + 1;
  }
  // The plan must take most rows, and accept many: a plan that gave up on
  // everything would pass the comparisons above.
  EXPECT_GT(taken, rows * 8 / 10);
  EXPECT_GT(accepted, rows / 4);
}

TEST(CsvRowPlanTest, ScanExportRowsGetTheGeneralPathsVerdictAndScan) {
  for (uint64_t seed = 1; seed <= 4; ++seed) CompareWithGeneralPath(csv::ScanCsvMapping(), seed, 20000);
}

TEST(CsvRowPlanTest, MappingsBeyondThePlainOnesGoThroughTheParser) {
  csv::CsvMapping hashed = csv::ScanCsvMapping();
  hashed.user_is_pseudonymous = false;  // user ids hashed with the key
  CompareWithGeneralPath(hashed, 11, 5000);
  csv::CsvMapping scaled = csv::ScanCsvMapping();
  scaled.amount_scale = 100;  // amounts in currency units
  CompareWithGeneralPath(scaled, 12, 5000);
}

// `available` bytes with kPadding more on each side: 'x' and, one in 2 to
// `sparsest` + 1 at random, a byte of `alphabet`.
std::string PaddedRandomBytes(std::mt19937_64& rng, size_t available, const std::string& alphabet,
                              uint64_t sparsest) {
  std::string buffer(CsvRowPlan::kPadding + available + CsvRowPlan::kPadding, 'x');
  const uint64_t density = 2 + rng() % sparsest;
  for (char& c : buffer) {
    if (rng() % density == 0) c = alphabet[rng() % alphabet.size()];
  }
  return buffer;
}

TEST(CsvRowPlanTest, VectorMasksAreThePortableOnes) {
  if (!row_plan_detail::HasAvx2()) GTEST_SKIP() << "this CPU has no AVX2: only the portable masks run here";
#ifdef __x86_64__
  std::mt19937_64 rng(9);
  const std::string alphabet = ",\"\n\rab";
  for (int round = 0; round < 20000; ++round) {
    // Lines of 0 to 300 bytes, delimiters dense or sparse, within a padded buffer.
    const size_t available = rng() % 320;
    const std::string buffer = PaddedRandomBytes(rng, available, alphabet, 60);
    const char* p = buffer.data() + CsvRowPlan::kPadding;
    const row_plan_detail::LineMasks a = row_plan_detail::MaskLine(p, available);
    const row_plan_detail::LineMasks b = row_plan_detail::MaskLineAvx2(p, available);
    ASSERT_EQ(a.found, b.found) << round;
    ASSERT_EQ(a.size, b.size) << round;
    ASSERT_EQ(a.commas, b.commas) << round;
    ASSERT_EQ(a.quotes, b.quotes) << round;
  }
#endif
}

// The AVX-512 splitter against the portable one: random buffers dense or
// sparse in delimiters, 1 to 12 fields wanted. Each outcome must come up
// often, so that agreeing by never splitting cannot pass.
TEST(CsvRowPlanTest, Avx512SplitIsThePortableOne) {
  if (!row_plan_detail::HasAvx512Split()) GTEST_SKIP() << "this CPU has no AVX-512 VBMI2: only SplitLine runs here";
#ifdef __x86_64__
  std::mt19937_64 rng(21);
  const std::string alphabet = ",,,,\"\n\rab";
  std::map<row_plan_detail::SplitResult, int> seen;
  for (int round = 0; round < 200000; ++round) {
    const size_t available = rng() % 200;
    std::string buffer = PaddedRandomBytes(rng, available, alphabet, 40);
    // Often a line of exactly the fields wanted, which would otherwise be rare.
    const size_t columns = 1 + rng() % 12;
    if (rng() % 2 == 0 && available > 0) {
      const size_t line = rng() % available;
      buffer[CsvRowPlan::kPadding + line] = '\n';
      for (size_t i = 0; i < line; ++i) {
        char& c = buffer[CsvRowPlan::kPadding + i];
        if (c == '\n' || c == '"' || c == ',') c = 'y';
      }
      for (size_t c = 1; c < columns && line > 0; ++c) buffer[CsvRowPlan::kPadding + rng() % line] = ',';
    }
    const char* p = buffer.data() + CsvRowPlan::kPadding;
    std::vector<std::string_view> a(columns), b(columns);
    size_t a_bytes = 0, b_bytes = 0;
    const row_plan_detail::SplitResult portable = row_plan_detail::SplitLine(p, available, a, &a_bytes);
    const row_plan_detail::SplitResult vector = row_plan_detail::SplitShortLineAvx512(p, available, b, &b_bytes);
    ++seen[vector];
    if (vector == row_plan_detail::SplitResult::kLonger) {
      const size_t newline = std::string_view(p, available).find('\n');
      ASSERT_TRUE(newline == std::string_view::npos || newline >= 128) << round;
      continue;
    }
    ASSERT_EQ(portable, vector) << round;
    if (vector != row_plan_detail::SplitResult::kSplit) continue;
    ASSERT_EQ(a_bytes, b_bytes) << round;
    for (size_t c = 0; c < columns; ++c) {
      ASSERT_EQ(a[c].data(), b[c].data()) << round << " field " << c;
      ASSERT_EQ(a[c].size(), b[c].size()) << round << " field " << c;
    }
  }
  EXPECT_GT(seen[row_plan_detail::SplitResult::kSplit], 10000);
  EXPECT_GT(seen[row_plan_detail::SplitResult::kNotSplit], 10000);
  EXPECT_GT(seen[row_plan_detail::SplitResult::kLonger], 1000);
#endif
}

// The AVX-512 digit lanes against the portable ones: fields of 0 to 8
// digits ending anywhere in a buffer, now and then a byte that is not a
// digit (just below '0', just above '9', anything) inside a field or just
// before it (which must not count); every lane's validity and every valid
// lane's value.
TEST(CsvRowPlanTest, Avx512DigitLanesAreThePortableOnes) {
  if (!row_plan_detail::HasAvx512Digits()) GTEST_SKIP() << "this CPU has no AVX-512 BW: only the portable lanes run here";
#ifdef __x86_64__
  std::mt19937_64 rng(33);
  int valid_lanes = 0, invalid_lanes = 0;
  std::string buffer(256, '0');
  for (int round = 0; round < 100000; ++round) {
    for (char& c : buffer) {
      c = static_cast<char>('0' + rng() % 10);
      switch (rng() % 48) {
        case 0: c = '0' - 1; break;
        case 1: c = '9' + 1; break;
        case 2: c = static_cast<char>(rng() % 256); break;
        default: break;
      }
    }
    const char* ends[8];
    uint64_t sizes = 0;
    for (size_t i = 0; i < 8; ++i) {
      ends[i] = buffer.data() + 8 + rng() % (buffer.size() - 8);
      sizes |= uint64_t{rng() % 9} << (8 * i);
    }
    uint64_t a[8], b[8];
    const uint32_t portable = row_plan_detail::DigitLanes(ends, sizes, a);
    const uint32_t vector = row_plan_detail::DigitLanesAvx512(ends, sizes, b);
    ASSERT_EQ(portable, vector) << round;
    for (int i = 0; i < 8; ++i) {
      if ((portable >> i & 1) == 0) {
        ++invalid_lanes;
        continue;
      }
      ++valid_lanes;
      ASSERT_EQ(a[i], b[i]) << round << " lane " << i;
    }
  }
  EXPECT_GT(valid_lanes, 100000);
  EXPECT_GT(invalid_lanes, 100000);
#endif
}

TEST(CsvRowPlanTest, PaddedNameMemoGivesTheDictionarysIds) {
  LocalDictionary dictionary, direct;
  PaddedNameMemo memo;
  std::mt19937_64 rng(5);
  int lookups = 0;
  auto id_of = [&](std::string_view name) -> Result<uint16_t> {
    ++lookups;
    return static_cast<uint16_t>(dictionary.IdOf(name));
  };
  // 600 names of 0 to 24 bytes over two letters, so that they differ anywhere: more than the
  // memo's slots, some longer than its 16 bytes.
  std::vector<std::string> names(600);
  for (std::string& name : names) {
    name.resize(rng() % 25);
    for (char& c : name) c = "ab"[rng() % 2];
  }
  for (int i = 0; i < 20000; ++i) {
    const std::string& name = names[rng() % names.size()];
    const std::string padded = name + std::string(CsvRowPlan::kPadding, static_cast<char>(rng()));
    Result<uint16_t> id = memo.IdOf(std::string_view(padded.data(), name.size()), id_of);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, direct.IdOf(name)) << name;
  }
  EXPECT_LT(lookups, 20000);  // the memo answered some
  const std::string padded_new = "new" + std::string(CsvRowPlan::kPadding, ' ');
  Result<uint16_t> failed =
      memo.IdOf(std::string_view(padded_new.data(), 3), [](std::string_view) -> Result<uint16_t> {
        return InvalidArgument("more than 65536 distinct region names in the input");
      });
  EXPECT_FALSE(failed.ok());
}

TEST(CsvRowPlanTest, PaddedNameMemoKeepsEveryProvinceOnceSeen) {
  // Three groups of the 34 province names share a memo slot; each name must
  // stay once looked up, or lines of those provinces pay a dictionary lookup.
  LocalDictionary dictionary;
  PaddedNameMemo memo;
  int lookups = 0;
  auto id_of = [&](std::string_view name) -> Result<uint16_t> {
    ++lookups;
    return static_cast<uint16_t>(dictionary.IdOf(name));
  };
  for (int round = 0; round < 3; ++round) {
    for (std::string_view name : kRegionNames) {
      const std::string padded = std::string(name) + std::string(CsvRowPlan::kPadding, 'x');
      Result<uint16_t> id = memo.IdOf(std::string_view(padded.data(), name.size()), id_of);
      ASSERT_TRUE(id.ok());
      EXPECT_EQ(*id, dictionary.IdOf(name)) << name;
    }
  }
  EXPECT_EQ(lookups, kRegionCount);
}

// The bytes of `s` (up to 8) as the row plan loads them: a word, zero above them.
uint64_t WordOf(std::string_view s) {
  uint64_t w = 0;
  for (size_t k = 0; k < s.size() && k < 8; ++k) w |= uint64_t{static_cast<unsigned char>(s[k])} << (8 * k);
  return w;
}

TEST(CsvRowPlanTest, ShortNameIndexFindsEveryNameAndNothingElse) {
  std::vector<std::string_view> channels, devices;
  for (int i = 0; i < kChannelCount; ++i) channels.push_back(ChannelName(static_cast<Channel>(i)));
  for (int i = 0; i < kDeviceOsCount; ++i) devices.push_back(DeviceOsName(static_cast<DeviceOs>(i)));
  const std::vector<std::string_view> letters = {"", "a", "b", "c", "d", "e", "f", "g", "h", "ab", "ba"};
  const std::vector<std::string_view> others = {"WeChat", "wech", "wechat1", "app ", "ap", "io", "iosx",
                                                "harmonyos", "offlines", "", "x", "\0\0\0"};
  using Names = std::vector<std::string_view>;
  for (const Names* names : std::initializer_list<const Names*>{&channels, &devices, &letters}) {
    const row_plan_detail::ShortNameIndex index(*names);
    ASSERT_TRUE(index.ok());
    for (size_t i = 0; i < names->size(); ++i) {
      const std::string_view n = (*names)[i];
      EXPECT_EQ(index.IndexOf(WordOf(n), n.size()), i) << n;
    }
    for (std::string_view other : others) {
      if (std::find(names->begin(), names->end(), other) != names->end()) continue;
      EXPECT_EQ(index.IndexOf(WordOf(other), other.size()), 0u) << other;
    }
  }
  // A name longer than 8 bytes is never found, not even by its first 8.
  const std::vector<std::string_view> long_names = {"none", "harmonyos"};
  const row_plan_detail::ShortNameIndex index(long_names);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index.IndexOf(WordOf("harmonyos"), 8), 0u);
  EXPECT_EQ(index.IndexOf(WordOf("harmonyos"), 9), 0u);
}

}  // namespace
}  // namespace qrmark::ingest
