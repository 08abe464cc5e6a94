// Key files: created 0600, never overwritten, refused when too open or missing.
#include "src/crypto/key_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace qrmark::crypto {
namespace {

class KeyFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "key_files_test_" + std::to_string(::getpid());
    ASSERT_EQ(::mkdir(dir_.c_str(), 0700), 0);
    path_ = dir_ + "/master.key";
  }
  void TearDown() override {
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string dir_;
  std::string path_;
  std::vector<uint8_t> secret_ = std::vector<uint8_t>(32, 0x5a);
};

TEST_F(KeyFilesTest, SecretIsWrittenWithMode0600AndReadsBack) {
  ::umask(0);  // a permissive umask must not widen the mode
  ASSERT_TRUE(WriteSecretFile(path_, secret_).ok());
  ::umask(022);
  struct stat st;
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<std::vector<uint8_t>> back = ReadSecretFile(path_);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, secret_);
}

TEST_F(KeyFilesTest, ExistingFileIsNeverOverwritten) {
  ASSERT_TRUE(WriteSecretFile(path_, secret_).ok());
  Status again = WriteSecretFile(path_, std::vector<uint8_t>(32, 0));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.message().find(path_), std::string::npos);
  EXPECT_EQ(*ReadSecretFile(path_), secret_);
}

TEST_F(KeyFilesTest, GroupReadableSecretIsRefusedWithAdvice) {
  ASSERT_TRUE(WriteSecretFile(path_, secret_).ok());
  ASSERT_EQ(::chmod(path_.c_str(), 0640), 0);
  Result<std::vector<uint8_t>> back = ReadSecretFile(path_);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(back.status().message().find("chmod 600"), std::string::npos);
}

TEST_F(KeyFilesTest, MissingSecretIsNotFoundNamingThePath) {
  Result<std::vector<uint8_t>> back = ReadSecretFile(path_);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kNotFound);
  EXPECT_NE(back.status().message().find(path_), std::string::npos);
}

TEST_F(KeyFilesTest, SecretBytesNeverAppearInMessages) {
  ASSERT_TRUE(WriteSecretFile(path_, secret_).ok());
  Status again = WriteSecretFile(path_, secret_);
  EXPECT_EQ(again.message().find("ZZZZ"), std::string::npos);  // 0x5a = 'Z'
}

}  // namespace
}  // namespace qrmark::crypto
