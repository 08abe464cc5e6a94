// Ed25519 against RFC 8032 §7.1, sign/verify round trips and PEM files.
#include "src/crypto/ed25519.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/crypto/sha256.h"
#include "tests/crypto/test_util.h"

namespace qrmark::crypto {
namespace {

using testing::FromHex;

Ed25519KeyPair Rfc8032Test1Key() {
  auto seed = FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Result<Ed25519KeyPair> key =
      Ed25519KeyPairFromSeed(std::span<const uint8_t, 32>(seed.data(), 32));
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return *key;
}

TEST(Ed25519, Rfc8032Test1PublicKeyAndSignature) {
  Ed25519KeyPair key = Rfc8032Test1Key();
  EXPECT_EQ(ToHex(key.public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  Result<Ed25519Signature> sig = Ed25519Sign(key, {});
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(ToHex(*sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(Ed25519Verify(key.public_key, {}, *sig).ok());
}

TEST(Ed25519, ModifiedMessageOrSignatureDoesNotVerify) {
  Result<Ed25519KeyPair> key = GenerateEd25519KeyPair();
  ASSERT_TRUE(key.ok());
  Result<Ed25519Signature> sig = Ed25519Sign(*key, AsBytes("manifest"));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(Ed25519Verify(key->public_key, AsBytes("manifest"), *sig).ok());
  EXPECT_EQ(Ed25519Verify(key->public_key, AsBytes("manifesT"), *sig).code(),
            StatusCode::kCorruption);
  Ed25519Signature bad = *sig;
  bad[10] ^= 1;
  EXPECT_EQ(Ed25519Verify(key->public_key, AsBytes("manifest"), bad).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(Ed25519Verify(key->public_key, AsBytes("manifest"), std::span(bad).first(63)).code(),
            StatusCode::kCorruption);
}

TEST(Ed25519, PemFilesRoundTripWithPrivateMode0600) {
  std::string dir = ::testing::TempDir() + "ed25519_test_" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  Ed25519KeyPair key = Rfc8032Test1Key();
  ASSERT_TRUE(WriteEd25519PrivateKeyFile(dir + "/sign.pem", key).ok());
  ASSERT_TRUE(WriteEd25519PublicKeyFile(dir + "/sign.pub.pem", key.public_key).ok());
  struct stat st;
  ASSERT_EQ(::stat((dir + "/sign.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<Ed25519KeyPair> back = ReadEd25519PrivateKeyFile(dir + "/sign.pem");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->seed, key.seed);
  Result<Ed25519PublicKey> pub = ReadEd25519PublicKeyFile(dir + "/sign.pub.pem");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(*pub, key.public_key);
  Result<Ed25519PublicKey> wrong = ReadEd25519PublicKeyFile(dir + "/sign.pem");
  EXPECT_FALSE(wrong.ok());
  ::unlink((dir + "/sign.pem").c_str());
  ::unlink((dir + "/sign.pub.pem").c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace qrmark::crypto
