// Test helpers for the verifier: a temp keys directory like `qrmark keygen`
// makes, batches in a registry, and a minimal blocking HTTP/1.1 client.
#ifndef QRMARK_TESTS_VERIFYD_TEST_ENV_H_
#define QRMARK_TESTS_VERIFYD_TEST_ENV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/codes/code_keys.h"
#include "src/codes/registry.h"
#include "src/crypto/ed25519.h"

namespace qrmark::verifyd::testing {

// A fresh empty directory under the test temp dir.
std::string FreshDir(const std::string& name);

// Writes tag_master.key, user_hash.key, signing.key, signing.pub into `dir`.
void MakeKeysDir(const std::string& dir);

// Appends an active batch to `registry`, signed with the key in `keys_dir`;
// produced/expiry relative to now in days.
codes::BatchEntry AddBatch(const std::string& keys_dir, const std::string& registry,
                           uint32_t batch, uint64_t count, int produced_days_ago,
                           int shelf_life_days, const std::string& gtin = "");

// The code text of unit `index` of `batch`.
std::string CodeOf(const std::string& keys_dir, uint32_t batch, uint64_t index);

// Writes root/snapshots/<id>/ (users.csv with users 123 and 456, segment
// `segment`), signs its manifest with `key`, and moves root/latest to it.
void PublishSnapshot(const std::string& root, const std::string& id, const std::string& segment,
                     const crypto::Ed25519KeyPair& key);

struct HttpReply {
  int status = 0;  // 0: no reply (connection failed or closed early)
  std::string body;
};

// One GET over a fresh connection to 127.0.0.1:`port`.
HttpReply HttpGet(uint16_t port, const std::string& target,
                  const std::vector<std::string>& headers = {});

}  // namespace qrmark::verifyd::testing

#endif  // QRMARK_TESTS_VERIFYD_TEST_ENV_H_
