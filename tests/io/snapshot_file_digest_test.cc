// FileDigest: a SHA-256 begun from bytes held in memory, hashed ahead in
// steps and finished from the file equals the file's SHA-256; a file shorter
// than what was hashed fails, and so does a step that could not read.
#include "io/snapshot/file_digest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace qrmark::snapshot {
namespace {

class FileDigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "snapshot_file_digest_test";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    bytes_ = std::string(3 << 20, 'x');
    for (size_t i = 0; i < bytes_.size(); i += 1021) bytes_[i] = static_cast<char>('a' + i % 26);
    std::ofstream(dir_ + "/users.csv", std::ios::binary) << bytes_;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A digest that holds the file's first `held` bytes.
  FileDigest HoldingFirst(size_t held) {
    FileDigest digest(dir_ + "/users.csv");
    digest.hasher.Update(crypto::AsBytes(std::string_view(bytes_).substr(0, held)));
    digest.hashed = held;
    return digest;
  }

  std::string dir_;
  std::string bytes_;
};

TEST_F(FileDigestTest, FinishedDigestIsTheFilesWhateverWasHeld) {
  const std::string want = crypto::ToHex(crypto::Sha256(crypto::AsBytes(bytes_)));
  for (size_t held : {size_t{0}, size_t{1}, size_t{1} << 20, bytes_.size()}) {
    Result<ManifestFile> entry = FinishDigest(HoldingFirst(held));
    ASSERT_TRUE(entry.ok()) << entry.status().ToString();
    EXPECT_EQ(*entry, (ManifestFile{"users.csv", bytes_.size(), want})) << "held " << held;
  }
}

TEST_F(FileDigestTest, HashingAheadInStepsThenFinishingIsTheFilesDigest) {
  const std::string want = crypto::ToHex(crypto::Sha256(crypto::AsBytes(bytes_)));
  for (uint64_t step : {uint64_t{1}, uint64_t{4093}, uint64_t{1} << 20, uint64_t{3} << 20, uint64_t{8} << 20}) {
    FileDigest digest = HoldingFirst(777);
    const int most = step == 1 ? 64 : 1 << 30;  // 1-byte steps: 64 of them, then FinishDigest reads the rest
    int steps = 0;
    while (steps < most && HashAhead(digest, step)) ++steps;
    EXPECT_EQ(digest.at_end, step > 1) << step;
    if (digest.at_end) {
      EXPECT_FALSE(HashAhead(digest, step));  // nothing more to feed
    }
    Result<ManifestFile> entry = FinishDigest(std::move(digest));
    ASSERT_TRUE(entry.ok()) << entry.status().ToString();
    EXPECT_EQ(entry->sha256, want) << "step " << step;
  }
}

TEST_F(FileDigestTest, AFailedHashAheadIsWhatFinishingReturns) {
  FileDigest digest(dir_ + "/users.csv");
  ASSERT_TRUE(HashAhead(digest, 1000));
  std::filesystem::remove(dir_ + "/users.csv");
  EXPECT_FALSE(HashAhead(digest, 1000));
  std::ofstream(dir_ + "/users.csv", std::ios::binary) << bytes_;  // back: the error was kept
  EXPECT_FALSE(HashAhead(digest, 1000));
  Result<ManifestFile> entry = FinishDigest(std::move(digest));
  EXPECT_EQ(entry.status().code(), StatusCode::kNotFound);
  EXPECT_NE(entry.status().message().find("users.csv"), std::string::npos);
}

TEST_F(FileDigestTest, FileShorterThanWhatWasWrittenIsAnIoError) {
  std::filesystem::resize_file(dir_ + "/users.csv", 100);
  Result<ManifestFile> entry = FinishDigest(HoldingFirst(200));
  EXPECT_EQ(entry.status().code(), StatusCode::kIoError);
  EXPECT_NE(entry.status().message().find("users.csv"), std::string::npos);
}

TEST_F(FileDigestTest, MissingFileIsNamed) {
  Result<ManifestFile> entry = FinishDigest(FileDigest(dir_ + "/gone.h5"));
  EXPECT_EQ(entry.status().code(), StatusCode::kNotFound);
  EXPECT_NE(entry.status().message().find("gone.h5"), std::string::npos);
}

}  // namespace
}  // namespace qrmark::snapshot
