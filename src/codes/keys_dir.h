// The files of a keys directory made by `qrmark keygen --dir DIR`.
//
// One place for their names, so the admin tool and the daemon agree:
// tag_master.key (≥ 32 random bytes, 0600), user_hash.key (0600),
// signing.key (Ed25519 PKCS#8 PEM, 0600) and signing.pub (SPKI PEM).
// Secrets are read through src/crypto/key_files.h (mode-checked, never
// printed). Thread safety: plain file reads; safe from any thread.
#ifndef QRMARK_SRC_CODES_KEYS_DIR_H_
#define QRMARK_SRC_CODES_KEYS_DIR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/crypto/ed25519.h"

namespace qrmark::codes {

inline constexpr const char* kTagMasterFile = "tag_master.key";
inline constexpr const char* kUserHashFile = "user_hash.key";
inline constexpr const char* kSigningKeyFile = "signing.key";
inline constexpr const char* kSigningPublicFile = "signing.pub";

// The secrets and keys of `dir`; errors name the file.
[[nodiscard]] Result<std::vector<uint8_t>> ReadTagMaster(const std::string& dir);
[[nodiscard]] Result<std::vector<uint8_t>> ReadUserHashKey(const std::string& dir);
[[nodiscard]] Result<crypto::Ed25519KeyPair> ReadSigningKey(const std::string& dir);
[[nodiscard]] Result<crypto::Ed25519PublicKey> ReadSigningPublicKey(const std::string& dir);

}  // namespace qrmark::codes

#endif  // QRMARK_SRC_CODES_KEYS_DIR_H_
