// Tests of src/synth/generator.h: same options → same bytes; the segments and
// the CSV hold the same scans; the data has the promised shape.
#include "src/synth/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "io/catalog/catalog.h"
#include "src/base/civil_time.h"
#include "src/ingest/ingest.h"

namespace qrmark::synth {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("synth_test_" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    opt_.scans = 30000;
    opt_.users = 2000;
    opt_.products = 300;
    opt_.end_date_s = *ParseUtcInstant("2026-11-22");
    opt_.seed = 42;
    opt_.write_csv = true;
    opt_.segment_records = 7000;
  }
  void TearDown() override { fs::remove_all(dir_); }
  GenSummary Gen(const std::string& sub) {
    GenOptions o = opt_;
    o.out_dir = dir_ + "/" + sub;
    Result<GenSummary> s = Generate(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : GenSummary{};
  }
  std::string dir_;
  GenOptions opt_;
};

TEST_F(GeneratorTest, SameArgumentsGiveIdenticalBytesAndAnotherSeedDoesNot) {
  GenSummary a = Gen("a"), b = Gen("b");
  ASSERT_EQ(a.files.size(), 1u + 5u + 1u);  // catalog, 5 segments, scans.csv
  ASSERT_EQ(a.files.size(), b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(fs::path(a.files[i]).filename(), fs::path(b.files[i]).filename());
    EXPECT_TRUE(Slurp(a.files[i]) == Slurp(b.files[i])) << a.files[i];
  }
  opt_.seed = 43;
  GenSummary c = Gen("c");
  EXPECT_FALSE(Slurp(a.files.back()) == Slurp(c.files.back()));
}

TEST_F(GeneratorTest, ExistingOutputsAreNotOverwritten) {
  Gen("a");
  GenOptions o = opt_;
  o.out_dir = dir_ + "/a";
  EXPECT_EQ(Generate(o).status().code(), StatusCode::kAlreadyExists);
}

std::vector<UserScan> IngestAll(const std::vector<ingest::InputFile>& inputs) {
  ingest::IngestOptions opt;
  opt.inputs = inputs;
  opt.csv = csv::ScanCsvMapping();
  opt.max_bad_fraction = 0;
  SerialComm comm;
  Result<ingest::IngestedScans> in = ingest::Ingest(comm, opt);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  std::vector<UserScan> all;
  if (!in.ok()) return all;
  for (const auto& c : in->chunks) all.insert(all.end(), c.begin(), c.end());
  std::sort(all.begin(), all.end(),
            [](const UserScan& x, const UserScan& y) { return std::memcmp(&x, &y, sizeof x) < 0; });
  return all;
}

TEST_F(GeneratorTest, SegmentsAndCsvIngestToTheSameScans) {
  GenSummary g = Gen("a");
  std::vector<ingest::InputFile> segs;
  for (const std::string& f : g.files) {
    if (f.ends_with(".seg")) segs.push_back({f, ingest::InputFormat::kScanLog});
  }
  std::vector<UserScan> from_segments = IngestAll(segs);
  std::vector<UserScan> from_csv = IngestAll({{dir_ + "/a/scans.csv", ingest::InputFormat::kCsv}});
  ASSERT_EQ(from_segments.size(), opt_.scans);
  ASSERT_EQ(from_csv.size(), opt_.scans);
  EXPECT_EQ(std::memcmp(from_segments.data(), from_csv.data(), from_csv.size() * sizeof(UserScan)), 0);
}

TEST_F(GeneratorTest, DataHasHeavyTailedUsersCategoriesAndCounterfeitSerials) {
  Gen("a");
  Result<std::vector<catalog::CatalogEntry>> cat = catalog::ReadCatalog(dir_ + "/a/catalog.csv");
  ASSERT_TRUE(cat.ok());
  std::set<std::string> categories;
  for (const auto& e : *cat) categories.insert(e.category);
  EXPECT_EQ(categories.size(), 12u);

  std::map<std::string, int> per_user;
  std::map<std::string, std::set<std::string>> regions_of_serial;
  std::ifstream in(dir_ + "/a/scans.csv");
  std::string line;
  std::getline(in, line);
  int first_scans = 0, repeats = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    ++per_user[f[2]];
    regions_of_serial[f[5]].insert(f[6]);
    (f[10] == "1" ? first_scans : repeats)++;
  }
  int max_user = 0;
  for (const auto& [u, n] : per_user) max_user = std::max(max_user, n);
  EXPECT_GT(max_user, 20 * static_cast<int>(opt_.scans / per_user.size()));  // heavy tail
  size_t widespread = 0;
  for (const auto& [s, r] : regions_of_serial) widespread += r.size() >= 3;
  EXPECT_GE(widespread, 1u);
  EXPECT_GT(repeats, 0);
  EXPECT_GT(first_scans, repeats);
}

}  // namespace
}  // namespace qrmark::synth
