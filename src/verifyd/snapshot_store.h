// SnapshotStore: the nightly snapshot the daemon serves, swapped atomically.
//
// Reload resolves `<root>/latest`, checks the snapshot's signed manifest
// (io/snapshot/manifest.h) and only then indexes its per-user CSV tables in
// memory and swaps the new snapshot in; a snapshot that fails verification
// is refused and the old one keeps serving. `users.csv` gives each user's
// fields; any other table with a `user_key` column (user_tags, user_recs)
// gives a list of rows per user.
//
// Thread safety: Get and Reload are safe from any thread; a Snapshot is immutable.
#ifndef QRMARK_SRC_VERIFYD_SNAPSHOT_STORE_H_
#define QRMARK_SRC_VERIFYD_SNAPSHOT_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/snapshot/manifest.h"
#include "src/base/status.h"

namespace qrmark::verifyd {

struct Snapshot {
  std::string dir;  // resolved snapshots/<id>
  snapshot::Manifest manifest;
  std::string manifest_json;  // the signed bytes, served as is
  int64_t created_unix = 0;
  std::unordered_map<std::string, std::string> portraits;  // user_key → JSON object
};

class SnapshotStore {
 public:
  SnapshotStore(std::string root, const crypto::Ed25519PublicKey& public_key)
      : root_(std::move(root)), public_key_(public_key) {}

  // OK if `latest` is already served or was verified and swapped in;
  // otherwise the reason (NotFound: no `latest`; Corruption: bad signature
  // or file) and the current snapshot is unchanged.
  [[nodiscard]] Status Reload();

  // The served snapshot, or nullptr before the first successful Reload.
  std::shared_ptr<const Snapshot> Get() const;

 private:
  const std::string root_;
  const crypto::Ed25519PublicKey public_key_;
  std::mutex reload_mu_;  // one Reload at a time
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> current_;  // GUARDED_BY(mu_)
};

// The portrait JSON fragments of one snapshot directory's CSV tables:
// user_key → JSON object. Exposed for tests.
[[nodiscard]] Result<std::unordered_map<std::string, std::string>> IndexPortraits(
    const std::string& dir, const snapshot::Manifest& manifest);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_SNAPSHOT_STORE_H_
