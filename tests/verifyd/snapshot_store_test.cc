// Tests of src/verifyd/snapshot_store.h and the bearer-token routes over it:
// verify-then-swap, refusal of a tampered snapshot, portraits, downloads.
#include "src/verifyd/snapshot_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "src/codes/keys_dir.h"
#include "src/verifyd/routes.h"
#include "tests/verifyd/test_env.h"

namespace qrmark::verifyd {
namespace {

namespace fs = std::filesystem;

class SnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = testing::FreshDir("snapstore");
    testing::MakeKeysDir(root_ + "/keys");
    key_ = *codes::ReadSigningKey(root_ + "/keys");
    fs::create_directories(root_ + "/snapshots");
  }

  void Publish(const std::string& id, const std::string& segment) {
    testing::PublishSnapshot(root_, id, segment, key_);
  }

  Response Get(Deps& deps, const std::string& target, const std::string& auth) {
    Request req;
    req.target = target;
    req.authorization = auth;
    std::promise<Response> p;
    Handle(req, deps, [&](Response r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  std::string root_;
  crypto::Ed25519KeyPair key_;
};

TEST_F(SnapshotStoreTest, NoLatestIsNotFoundAndNothingIsServed) {
  SnapshotStore store(root_, key_.public_key);
  EXPECT_FALSE(store.Reload().ok());
  EXPECT_EQ(store.Get(), nullptr);
}

TEST_F(SnapshotStoreTest, PortraitJoinsUsersAndTagTables) {
  Publish("s1", "Champions");
  SnapshotStore store(root_, key_.public_key);
  ASSERT_TRUE(store.Reload().ok());
  auto snap = store.Get();
  ASSERT_NE(snap, nullptr);
  EXPECT_EQ(snap->manifest.snapshot_id, "s1");
  EXPECT_EQ(snap->portraits.at("123"),
            "{\"user_key\":123,\"tier\":\"Gold\",\"segment\":\"Champions\",\"r_score\":5,"
            "\"user_tags\":[{\"tag\":\"tea\",\"weight\":0.5},{\"tag\":\"gift\",\"weight\":0.25}]}");
  EXPECT_NE(snap->portraits.at("456").find("\"at risk, lapsing\""), std::string::npos);
}

TEST_F(SnapshotStoreTest, TamperedSnapshotIsRefusedAndThePreviousKeepsServing) {
  Publish("s1", "Champions");
  SnapshotStore store(root_, key_.public_key);
  ASSERT_TRUE(store.Reload().ok());
  Publish("s2", "Loyal");
  std::ofstream(root_ + "/snapshots/s2/users.csv", std::ios::app) << "789,Gold,Forged,5\r\n";
  Status s = store.Reload();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("users.csv"), std::string::npos) << s.ToString();
  EXPECT_EQ(store.Get()->manifest.snapshot_id, "s1");
}

TEST_F(SnapshotStoreTest, InternalRoutesNeedTheBearerTokenAndServeListedFilesOnly) {
  Publish("s1", "Champions");
  SnapshotStore store(root_, key_.public_key);
  ASSERT_TRUE(store.Reload().ok());
  Metrics metrics;
  Deps deps;
  deps.snapshots = &store;
  deps.metrics = &metrics;
  deps.bearer_token = "tok";
  deps.now_ms = [] { return int64_t{0}; };
  EXPECT_EQ(Get(deps, "/v1/users/123/portrait", "").status, 401);
  EXPECT_EQ(Get(deps, "/v1/users/123/portrait", "Bearer tol").status, 401);
  Response p = Get(deps, "/v1/users/123/portrait", "Bearer tok");
  EXPECT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("\"snapshot_id\":\"s1\""), std::string::npos) << p.body;
  EXPECT_EQ(Get(deps, "/v1/users/999/portrait", "Bearer tok").status, 404);
  EXPECT_EQ(Get(deps, "/v1/snapshots/latest", "Bearer tok").body, store.Get()->manifest_json);
  Response f = Get(deps, "/v1/snapshots/s1/users.csv", "Bearer tok");
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.file_path, store.Get()->dir + "/users.csv");
  EXPECT_EQ(Get(deps, "/v1/snapshots/s1/../../keys/signing.key", "Bearer tok").status, 404);
  EXPECT_EQ(Get(deps, "/v1/snapshots/s0/users.csv", "Bearer tok").status, 404);
}

}  // namespace
}  // namespace qrmark::verifyd
