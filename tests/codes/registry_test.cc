// Tests of src/codes/registry.h: signed lines, revisions, tampering.
#include "src/codes/registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace qrmark::codes {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = *crypto::GenerateEd25519KeyPair();
    path_ = ::testing::TempDir() + "registry_" + std::to_string(getpid()) + ".tsv";
    std::remove(path_.c_str());
  }
  void TearDown() override { std::remove(path_.c_str()); }

  BatchEntry Entry(uint32_t batch) {
    BatchEntry e;
    e.batch = batch;
    e.product = 17;
    e.gtin = "09506000134352";
    e.count = 500;
    e.produced_unix = 1'700'000'000 / 86400 * 86400;
    e.expiry_unix = e.produced_unix + 365 * 86400;
    return e;
  }

  crypto::Ed25519KeyPair key_;
  std::string path_;
};

TEST_F(RegistryTest, MissingFileIsAnEmptyRegistry) {
  Result<Registry> reg = Registry::Load(path_, key_.public_key);
  ASSERT_TRUE(reg.ok());
  EXPECT_TRUE(reg->entries().empty());
}

TEST_F(RegistryTest, AppendedEntriesLoadBack) {
  ASSERT_TRUE(AppendEntry(path_, Entry(1), key_).ok());
  ASSERT_TRUE(AppendEntry(path_, Entry(2), key_).ok());
  Result<Registry> reg = Registry::Load(path_, key_.public_key);
  ASSERT_TRUE(reg.ok()) << reg.status().ToString();
  ASSERT_NE(reg->Find(2), nullptr);
  EXPECT_EQ(reg->Find(2)->count, 500u);
  EXPECT_EQ(reg->Find(2)->gtin, "09506000134352");
  EXPECT_EQ(reg->Find(1)->expiry_unix, Entry(1).expiry_unix);
  EXPECT_EQ(reg->Find(3), nullptr);
}

TEST_F(RegistryTest, HigherRevisionWinsSoARecallSticks) {
  BatchEntry recalled = Entry(1);
  recalled.revision = 2;
  recalled.status = BatchStatus::kRecalled;
  ASSERT_TRUE(AppendEntry(path_, recalled, key_).ok());
  ASSERT_TRUE(AppendEntry(path_, Entry(1), key_).ok());  // a replayed older line
  Result<Registry> reg = Registry::Load(path_, key_.public_key);
  ASSERT_TRUE(reg.ok());
  EXPECT_EQ(reg->Find(1)->status, BatchStatus::kRecalled);
}

TEST_F(RegistryTest, TamperedLineIsRefusedWithPathAndLine) {
  ASSERT_TRUE(AppendEntry(path_, Entry(1), key_).ok());
  std::string line = *SignedEntryLine(Entry(2), key_);
  line.replace(line.find("count=500"), 9, "count=900");
  std::ofstream(path_, std::ios::app) << line << "\n";
  Result<Registry> reg = Registry::Load(path_, key_.public_key);
  ASSERT_FALSE(reg.ok());
  EXPECT_NE(reg.status().message().find(path_ + ":2"), std::string::npos)
      << reg.status().ToString();
}

TEST_F(RegistryTest, LineSignedByAnotherKeyIsRefused) {
  crypto::Ed25519KeyPair other = *crypto::GenerateEd25519KeyPair();
  ASSERT_TRUE(AppendEntry(path_, Entry(1), other).ok());
  EXPECT_FALSE(Registry::Load(path_, key_.public_key).ok());
}

TEST_F(RegistryTest, MalformedFieldsAreNamed) {
  std::string line = *SignedEntryLine(Entry(1), key_);
  EXPECT_TRUE(ParseEntryLine(line, key_.public_key).ok());
  std::string bad = line;
  bad.replace(bad.find("status=active"), 13, "status=maybe");
  Result<BatchEntry> r = ParseEntryLine(bad, key_.public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("status"), std::string::npos);
  EXPECT_FALSE(ParseEntryLine(line.substr(0, line.size() - 2), key_.public_key).ok());
  EXPECT_FALSE(ParseEntryLine("", key_.public_key).ok());
}

}  // namespace
}  // namespace qrmark::codes
