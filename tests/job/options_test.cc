// qrmark-job's options: the command line wins over the INI file, every bad
// value is refused with the key in the message, --help lists the keys.
#include "src/job/options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace qrmark::job {
namespace {

class OptionsTest : public ::testing::Test {
 protected:
  std::string WriteIni(const std::string& text) {
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("qrmark_options_" + std::to_string(::getpid()) + ".ini")).string();
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (auto& p : paths_) std::filesystem::remove(p);
  }
  Result<ParsedOptions> Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "qrmark-job");
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    return ParseJobOptions(static_cast<int>(argv.size()), argv.data());
  }
  std::vector<std::string> paths_;
};

TEST_F(OptionsTest, CommandLineWinsOverTheIniFile) {
  const std::string ini = WriteIni(
      "[input]\npaths = a.seg\npaths = b.seg\n[job]\nas_of = 2026-01-01\n[kmeans]\nk = 4\n"
      "[tiers]\nnames = a,b,c,d\n");
  auto parsed = Parse({"--config", ini, "--as-of", "2026-02-02", "--kmeans.k", "4"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const JobConfig& c = parsed->config;
  EXPECT_EQ(c.as_of, "2026-02-02");
  EXPECT_EQ(c.inputs, (std::vector<std::string>{"a.seg", "b.seg"}));
  EXPECT_EQ(c.k, 4);
  EXPECT_EQ(c.tier_names.size(), 4u);
}

TEST_F(OptionsTest, InputOnTheCommandLineReplacesTheConfigList) {
  const std::string ini = WriteIni("[input]\npaths = a.seg\n");
  auto parsed = Parse({"-c", ini, "--input", "x.csv", "y.csv"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->config.inputs, (std::vector<std::string>{"x.csv", "y.csv"}));
}

TEST_F(OptionsTest, BadValuesAreRefusedNamingTheKey) {
  const std::string ini = WriteIni("[input]\npaths = a.seg\n[rfm]\nbins = 12\n");
  auto parsed = Parse({"-c", ini});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("rfm.bins"), std::string::npos);

  auto not_a_number = Parse({"--input", "a.seg", "--kmeans.k", "three"});
  ASSERT_FALSE(not_a_number.ok());
  EXPECT_NE(not_a_number.status().message().find("kmeans.k"), std::string::npos);
}

TEST_F(OptionsTest, UnknownKeysAndMissingFilesAreErrors) {
  const std::string ini = WriteIni("[input]\npaths = a.seg\n[kmeans]\nkk = 3\n");
  auto parsed = Parse({"-c", ini});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("kmeans.kk"), std::string::npos);
  auto missing = Parse({"-c", "/nonexistent/job.ini"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/job.ini"), std::string::npos);
}

TEST_F(OptionsTest, TierNamesMustMatchK) {
  auto parsed = Parse({"--input", "a.seg", "--kmeans.k", "4"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("tiers.names"), std::string::npos);
}

TEST_F(OptionsTest, HelpListsEveryKey) {
  auto parsed = Parse({"--help"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->help);
  for (const char* key : {"input.paths", "csv.user_is_pseudonymous", "job.as_of", "rfm.segments",
                          "kmeans.seeding", "itemcf.top_k", "output.keys"}) {
    EXPECT_NE(parsed->text.find(key), std::string::npos) << key;
  }
}

TEST_F(OptionsTest, NoInputIsAnError) {
  auto parsed = Parse({});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("no input"), std::string::npos);
}

}  // namespace
}  // namespace qrmark::job
