// WriteAndPublish: write a snapshot where nobody can see it, seal it, then
// make it `latest` in one atomic step.
//
// Layout under `root`: snapshots/<id>/ (snapshot.h5, <table>.csv,
// report.json, manifest.json, manifest.sig) and `latest`, a relative symlink
// to snapshots/<id>. The files are written into root/.tmp-<id>/, fsynced
// with their directory, signed, renamed to snapshots/<id>, and `latest` is
// replaced by renaming a fresh symlink over it. A job killed at any moment
// leaves the previous `latest` intact and complete; a stale .tmp-<id> from a
// killed run is removed by the next publish of that id. Not a retention
// policy: old snapshots stay until someone removes them.
//
// Thread safety: call from the thread that owns `comm`.
#ifndef QRMARK_IO_SNAPSHOT_PUBLISH_H_
#define QRMARK_IO_SNAPSHOT_PUBLISH_H_

#include <string>

#include "io/snapshot/h5_writer.h"
#include "io/snapshot/table.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::snapshot {

// The seconds each step of a publish took, the slowest rank's.
struct PublishSteps {
  double hdf5 = 0;         // snapshot.h5, written collectively
  double csv = 0;          // the CSV exports: formatted, hashed as written, written
  double digest_sync = 0;  // the digests finished and every written file fsynced
  double seal = 0;         // report.json, the signed manifest, the rename and `latest`
};

struct PublishOptions {
  std::string root;              // existing directory that holds snapshots/ and latest
  std::string signing_key_path;  // Ed25519 private key PEM from `qrmark keygen`
  PublishSteps* steps = nullptr;  // filled after a publish when set (on every rank, or on none)
  H5WriteOptions hdf5 = {};       // how snapshot.h5 stores integer columns
};

// Writes `content` (its `id` names the snapshot) and publishes it; the
// snapshot directory root/snapshots/<id> on every rank. `content` is taken:
// once snapshot.h5 is written, the columns only it has are dropped, so that
// the CSV exports reuse their memory.
// Collective: all ranks call it with the same options and structure.
// Errors, the same on every rank, with the path at fault: InvalidArgument
// (bad id or content), NotFound / FailedPrecondition (no root, unreadable
// or too-open key: checked before anything is written), AlreadyExists (the
// id was published before), IoError (disk full, unwritable root). After an
// error `latest` is unchanged and the temporary directory is removed.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(std::string dir,
//       WriteAndPublish(world, content, {config.snapshot_root, config.signing_key}));
[[nodiscard]] Result<std::string> WriteAndPublish(Comm& comm, SnapshotContent content,
                                                  const PublishOptions& options);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_PUBLISH_H_
