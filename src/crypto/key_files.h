// Key files: secrets on disk with mode 0600, never overwritten, never printed.
//
// WriteSecretFile creates the file with O_CREAT|O_EXCL (so an existing key is
// never replaced, not even by a race) and fsyncs it. ReadSecretFile refuses a
// file that group or others can read or write, as ssh does. Neither function
// puts key bytes into a Status message. Public keys use WritePublicFile.
//
// Thread safety: plain POSIX calls; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_KEY_FILES_H_
#define QRMARK_SRC_CRYPTO_KEY_FILES_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::crypto {

// Creates `path` with mode 0600 holding `bytes`, then fsyncs it and its
// directory. AlreadyExists (naming the path) if anything is at `path`;
// IoError on a failed write, after which the partial file is removed.
[[nodiscard]] Status WriteSecretFile(const std::string& path, std::span<const uint8_t> bytes);

// Same, mode 0644: for public keys.
[[nodiscard]] Status WritePublicFile(const std::string& path, std::span<const uint8_t> bytes);

// The bytes of the secret at `path`. NotFound if missing; FailedPrecondition
// if its mode grants any access to group or others ("chmod 600 <path>").
[[nodiscard]] Result<std::vector<uint8_t>> ReadSecretFile(const std::string& path);

// The bytes of any file (no mode check): for public keys and manifests.
[[nodiscard]] Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_KEY_FILES_H_
