// The signed manifest: canonical JSON, and VerifySnapshot naming the first
// modified, missing or extra file and a bad signature.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/snapshot/manifest.h"

namespace qrmark::snapshot {
namespace {

namespace fs = std::filesystem;

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "snapshot_manifest_test";
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("users.csv", "key,tier\r\n1,high\r\n");
    Write("snapshot.h5", std::string(5000, '\x01'));
    Write("report.json", "{}\n");
    Result<crypto::Ed25519KeyPair> key = crypto::GenerateEd25519KeyPair();
    ASSERT_TRUE(key.ok());
    key_ = *key;
    Result<Manifest> m = ComputeManifest(dir_, "20261123T020000Z-00000001", "2026-11-23T02:00:00Z");
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    ASSERT_TRUE(WriteSignedManifest(dir_, *m, key_).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ + "/" + name, std::ios::binary | std::ios::trunc) << bytes;
  }
  Status Verify() { return VerifySnapshot(dir_, key_.public_key).status(); }

  std::string dir_;
  crypto::Ed25519KeyPair key_;
};

void ExpectNames(const Status& status, StatusCode code, const std::string& name) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find(name), std::string::npos) << status.ToString();
}

TEST_F(ManifestTest, UntouchedSnapshotVerifiesWithEveryFileListed) {
  Result<Manifest> m = VerifySnapshot(dir_, key_.public_key);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->files.size(), 3u);
  EXPECT_EQ(m->files[0].name, "report.json");
  EXPECT_EQ(m->files[1].name, "snapshot.h5");
  EXPECT_EQ(m->files[1].size, 5000u);
  EXPECT_EQ(m->snapshot_id, "20261123T020000Z-00000001");
}

TEST_F(ManifestTest, SameSizeModificationIsNamed) {
  Write("users.csv", "key,tier\r\n1,hihg\r\n");
  ExpectNames(Verify(), StatusCode::kCorruption, "users.csv was modified");
}

TEST_F(ManifestTest, TruncatedFileIsNamed) {
  Write("snapshot.h5", std::string(4999, '\x01'));
  ExpectNames(Verify(), StatusCode::kCorruption, "snapshot.h5 was modified");
}

TEST_F(ManifestTest, MissingFileIsNamed) {
  fs::remove(dir_ + "/report.json");
  ExpectNames(Verify(), StatusCode::kNotFound, "report.json");
}

TEST_F(ManifestTest, ExtraFileIsNamed) {
  Write("zz_extra.csv", "x\r\n");
  ExpectNames(Verify(), StatusCode::kCorruption, "extra file zz_extra.csv");
}

TEST_F(ManifestTest, EditedManifestFailsTheSignature) {
  std::ifstream in(dir_ + "/manifest.json");
  std::string json((std::istreambuf_iterator<char>(in)), {});
  json.replace(json.find("\"size\": 3"), 9, "\"size\": 4");
  fs::remove(dir_ + "/manifest.json");
  Write("manifest.json", json);
  ExpectNames(Verify(), StatusCode::kCorruption, "manifest.sig");
}

TEST_F(ManifestTest, AnotherKeyFailsTheSignature) {
  Result<crypto::Ed25519KeyPair> other = crypto::GenerateEd25519KeyPair();
  ASSERT_TRUE(other.ok());
  ExpectNames(VerifySnapshot(dir_, other->public_key).status(), StatusCode::kCorruption,
              "does not verify");
}

TEST_F(ManifestTest, MissingSignatureIsNotFound) {
  fs::remove(dir_ + "/manifest.sig");
  ExpectNames(Verify(), StatusCode::kNotFound, "manifest.sig");
}

TEST_F(ManifestTest, ManifestIsNeverOverwritten) {
  Result<Manifest> m = ComputeManifest(dir_, "x", "2026-11-23T02:00:00Z");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(WriteSignedManifest(dir_, *m, key_).code(), StatusCode::kAlreadyExists);
}

TEST_F(ManifestTest, SubdirectoryIsRefusedWhenComputing) {
  fs::create_directory(dir_ + "/nested");
  ExpectNames(ComputeManifest(dir_, "x", "t").status(), StatusCode::kInvalidArgument, "nested");
}

TEST_F(ManifestTest, KnownEntriesStandInOnlyForFilesOfTheirSize) {
  fs::remove(dir_ + "/manifest.json");
  fs::remove(dir_ + "/manifest.sig");
  const std::string marker(64, 'a');  // not any file's SHA-256: shows the entry was taken
  std::vector<ManifestFile> known = {{"snapshot.h5", 5000, marker},
                                     {"users.csv", 999, marker},     // wrong size: hashed instead
                                     {"gone.csv", 1, marker}};       // not in the directory
  Result<Manifest> m = ComputeManifest(dir_, "x", "t", known);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  Result<Manifest> all = ComputeManifest(dir_, "x", "t");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(m->files.size(), 3u);
  EXPECT_EQ(m->files[0], all->files[0]);  // report.json, not known: hashed
  EXPECT_EQ(m->files[1], (ManifestFile{"snapshot.h5", 5000, marker}));
  EXPECT_EQ(m->files[2], all->files[2]);  // users.csv
}

TEST(ManifestJson, CanonicalFormRoundTrips) {
  Manifest m{1,
             "id-1",
             "2026-11-23T02:00:00Z",
             {{"a.csv", 3, std::string(64, 'a')}, {"b.h5", 0, std::string(64, 'b')}}};
  Result<Manifest> back = ParseManifestJson(ManifestJson(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);
  Manifest empty{1, "id-2", "2026-11-23T02:00:00Z", {}};
  EXPECT_EQ(*ParseManifestJson(ManifestJson(empty)), empty);
}

TEST(ManifestJson, NonCanonicalTextIsCorruption) {
  Manifest m{1, "id-1", "t", {{"a.csv", 3, std::string(64, 'a')}}};
  std::string json = ManifestJson(m);
  EXPECT_EQ(ParseManifestJson(json + " ").status().code(), StatusCode::kCorruption);
  std::string upper = json;
  upper.replace(upper.find("aaaa"), 4, "AAAA");
  EXPECT_EQ(ParseManifestJson(upper).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace qrmark::snapshot
