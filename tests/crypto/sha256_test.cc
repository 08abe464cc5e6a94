// SHA-256 against FIPS 180-4 examples, streamed and one-shot, and over files.
#include "src/crypto/sha256.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace qrmark::crypto {
namespace {

TEST(Sha256, AbcMatchesFips180Example) {
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, EmptyInputMatchesKnownDigest) {
  EXPECT_EQ(ToHex(Sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, StreamedUpdatesEqualOneShot) {
  std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256Hasher hasher;
  for (size_t i = 0; i < text.size(); i += 7) hasher.Update(AsBytes(text.substr(i, 7)));
  std::string hex = ToHex(hasher.Finish());
  EXPECT_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex, ToHex(Sha256(AsBytes(text))));
}

TEST(Sha256, HasherStartsOverAfterFinish) {
  Sha256Hasher hasher;
  hasher.Update(AsBytes("junk"));
  (void)hasher.Finish();
  hasher.Update(AsBytes("abc"));
  EXPECT_EQ(hasher.Finish(), Sha256(AsBytes("abc")));
}

TEST(Sha256, FileDigestEqualsDigestOfItsBytes) {
  std::string path = ::testing::TempDir() + "sha256_test_file";
  std::string data(3 << 20, 'x');  // spans several read blocks
  std::ofstream(path, std::ios::binary) << data;
  Result<Sha256Digest> digest = Sha256File(path);
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  EXPECT_EQ(*digest, Sha256(AsBytes(data)));
  std::remove(path.c_str());
}

TEST(Sha256, DigestBegunInMemoryIsFinishedFromTheFile) {
  std::string path = ::testing::TempDir() + "sha256_test_from";
  std::string data(3 << 20, 'y');
  for (size_t i = 0; i < data.size(); i += 4093) data[i] = static_cast<char>('a' + i % 26);
  std::ofstream(path, std::ios::binary) << data;
  Sha256Hasher hasher;
  hasher.Update(AsBytes(std::string_view(data).substr(0, 1000)));
  Sha256Hasher moved = std::move(hasher);  // the state travels with the hasher
  Result<uint64_t> size = Sha256FileFrom(path, 1000, moved);
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, data.size());
  EXPECT_EQ(moved.Finish(), Sha256(AsBytes(data)));
  std::remove(path.c_str());
}

TEST(Sha256, FileShorterThanWhatWasHashedIsAnIoError) {
  std::string path = ::testing::TempDir() + "sha256_test_short";
  std::ofstream(path, std::ios::binary) << "0123456789";
  Sha256Hasher hasher;
  Result<uint64_t> size = Sha256FileFrom(path, 11, hasher);
  EXPECT_EQ(size.status().code(), StatusCode::kIoError);
  EXPECT_NE(size.status().message().find(path), std::string::npos);
  std::remove(path.c_str());
}

TEST(Sha256, MissingFileIsNotFoundNamingThePath) {
  Result<Sha256Digest> digest = Sha256File("/nonexistent/qrmark/file");
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.status().code(), StatusCode::kNotFound);
  EXPECT_NE(digest.status().message().find("/nonexistent/qrmark/file"), std::string::npos);
}

}  // namespace
}  // namespace qrmark::crypto
