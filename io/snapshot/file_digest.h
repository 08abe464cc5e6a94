// FileDigest: a snapshot file's SHA-256, begun from the bytes a rank had in
// memory while it wrote them and finished by reading back only the rest.
//
// The manifest needs the SHA-256 of every file. A rank that writes a file's
// first bytes from memory (a CSV export's header and rows) feeds them to a
// hasher as it writes, so nobody reads them back from disk; bytes it never
// held (other ranks' rows, a file written through MPI-IO) are read back by
// FinishDigest. Not a check that the file is unchanged since: the manifest's
// verifier does that.
//
// Thread safety: a FileDigest is used by one thread at a time.
#ifndef QRMARK_IO_SNAPSHOT_FILE_DIGEST_H_
#define QRMARK_IO_SNAPSHOT_FILE_DIGEST_H_

#include <cstdint>
#include <string>
#include <utility>

#include "io/snapshot/manifest.h"
#include "src/base/status.h"
#include "src/crypto/sha256.h"

namespace qrmark::snapshot {

struct FileDigest {
  explicit FileDigest(std::string file) : path(std::move(file)) {}

  std::string path;             // the file, as written: "<dir>/users.csv"
  uint64_t hashed = 0;          // `hasher` holds the file's first `hashed` bytes
  crypto::Sha256Hasher hasher;  // fed in file order, nothing else
  bool at_end = false;          // HashAhead met the file's end
  Status error;                 // HashAhead could not read: FinishDigest returns it
};

// Feeds up to `max_bytes` more of the file, which every rank has finished
// writing, into `digest`: for a rank that would otherwise wait for the
// others (Comm::AgreeOnStatusWhile). True when it fed `max_bytes` (there
// may be more); false at the file's end or on a read error, which it keeps
// for FinishDigest.
bool HashAhead(FileDigest& digest, uint64_t max_bytes);

// Reads bytes [hashed, end of file) of `digest.path` into its hasher and
// returns the file's manifest entry (name without the directory, size,
// SHA-256). NotFound / IoError naming the path if it cannot be read or is
// shorter than `hashed`, or the error HashAhead kept.
//
// Example:
//   FileDigest digest{dir + "/snapshot.h5"};  // nothing held: read it all
//   QRMARK_ASSIGN_OR_RETURN(ManifestFile entry, FinishDigest(std::move(digest)));
[[nodiscard]] Result<ManifestFile> FinishDigest(FileDigest digest);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_FILE_DIGEST_H_
