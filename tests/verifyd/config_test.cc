// Tests of src/verifyd/config.h: command line over INI, required keys, help.
#include "src/verifyd/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

TEST(VerifydConfig, CommandLineWinsOverIniAndIniFillsTheRest) {
  std::string ini = testing::FreshDir("config") + "/verifyd.ini";
  std::ofstream(ini) << "keys = /k\nregistry = /r\nscan-log = /l\nport = 9000\n"
                        "commit-interval-us = 50\nmax-headers = 10\n";
  auto c = ParseVerifydConfig({"--config", ini, "--port", "9100"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->server.port, 9100);
  EXPECT_EQ(c->keys_dir, "/k");
  EXPECT_EQ(c->scan_log.commit_interval_us, 50);
  EXPECT_EQ(c->server.limits.max_header_count, 10u);
  EXPECT_EQ(c->server.limits.max_request_bytes, 8192u);  // default
}

TEST(VerifydConfig, MissingRequiredKeyIsAUsageErrorNamingIt) {
  auto c = ParseVerifydConfig({"--keys", "/k", "--registry", "/r"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("scan-log"), std::string::npos) << c.status().message();
}

TEST(VerifydConfig, BadValueAndUnknownOptionAreRefused) {
  EXPECT_FALSE(ParseVerifydConfig({"--keys", "/k", "--registry", "/r", "--scan-log", "/l",
                                   "--port", "seventy"}).ok());
  EXPECT_FALSE(ParseVerifydConfig({"--keys", "/k", "--registry", "/r", "--scan-log", "/l",
                                   "--no-such-option"}).ok());
}

TEST(VerifydConfig, HelpIsReportedWithTheOptionList) {
  auto c = ParseVerifydConfig({"--help"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find("--commit-interval-us"), std::string::npos);
}

}  // namespace
}  // namespace qrmark::verifyd
