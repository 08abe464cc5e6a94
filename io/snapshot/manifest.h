// The signed manifest: every file of a snapshot with its size and SHA-256,
// signed with Ed25519, so a CRM or the verifier can trust what it downloads.
//
// manifest.json is canonical JSON (one file per line, sorted by name; the
// exact bytes are what is signed), manifest.sig the raw 64-byte Ed25519
// signature of those bytes, checkable with `openssl pkeyutl -verify -rawin`.
// SCHEMA.md gives the grammar. Not an encryption: files stay readable.
//
// Thread safety: plain functions over files; safe from any thread.
#ifndef QRMARK_IO_SNAPSHOT_MANIFEST_H_
#define QRMARK_IO_SNAPSHOT_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/crypto/ed25519.h"

namespace qrmark::snapshot {

inline constexpr char kManifestFile[] = "manifest.json";
inline constexpr char kSignatureFile[] = "manifest.sig";
inline constexpr int64_t kManifestSchemaVersion = 1;

struct ManifestFile {
  std::string name;    // file name inside the snapshot directory
  uint64_t size = 0;   // bytes
  std::string sha256;  // lower-case hex
  bool operator==(const ManifestFile&) const = default;
};

struct Manifest {
  int64_t schema_version = kManifestSchemaVersion;
  std::string snapshot_id;          // [A-Za-z0-9_-]+
  std::string created_utc;          // "2026-11-23T02:00:00Z"
  std::vector<ManifestFile> files;  // sorted by name, manifest files excluded
  bool operator==(const Manifest&) const = default;
};

// The canonical bytes of `manifest` (what is signed).
std::string ManifestJson(const Manifest& manifest);

// Parses the canonical form only; Corruption naming the line otherwise.
[[nodiscard]] Result<Manifest> ParseManifestJson(std::string_view text);

// Lists and hashes every file in `dir` except manifest.json/.sig.
// InvalidArgument for a subdirectory or a name outside [A-Za-z0-9._-].
[[nodiscard]] Result<Manifest> ComputeManifest(const std::string& dir, std::string snapshot_id,
                                               std::string created_utc);

// The same, taking the entries in `known` (hashed by whoever wrote those
// files, file_digest.h) instead of reading those files again. An entry is
// taken only for a file that is in `dir` with the size the entry gives;
// every other file there is hashed as above, so the manifest still lists
// exactly what `dir` holds.
[[nodiscard]] Result<Manifest> ComputeManifest(const std::string& dir, std::string snapshot_id,
                                               std::string created_utc,
                                               const std::vector<ManifestFile>& known);

// Writes <dir>/manifest.json and <dir>/manifest.sig (fsynced, never
// overwriting: AlreadyExists if either is there).
[[nodiscard]] Status WriteSignedManifest(const std::string& dir, const Manifest& manifest,
                                         const crypto::Ed25519KeyPair& key);

// Checks the signature, then every listed file, then that no other file is
// there. The manifest if all is well; otherwise the first problem, naming
// the file: NotFound (manifest, signature or a listed file missing) or
// Corruption (bad signature, a modified file, an extra file).
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key, crypto::ReadEd25519PublicKeyFile(p));
//   QRMARK_ASSIGN_OR_RETURN(Manifest m, VerifySnapshot(root + "/latest", key));
[[nodiscard]] Result<Manifest> VerifySnapshot(const std::string& dir,
                                              const crypto::Ed25519PublicKey& public_key);

}  // namespace qrmark::snapshot

#endif  // QRMARK_IO_SNAPSHOT_MANIFEST_H_
