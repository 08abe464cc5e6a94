// Ed25519 (RFC 8032) signatures: key generation, sign, verify, PEM files.
//
// Signs snapshot manifests and batch registry entries. Keys travel as PEM
// (PKCS#8 private, SubjectPublicKeyInfo public) so `openssl pkey` reads them;
// the private PEM is written through WriteSecretFile (mode 0600, O_EXCL).
// Not an encryption scheme.
//
// Thread safety: pure functions over values; safe from any thread.
#ifndef QRMARK_SRC_CRYPTO_ED25519_H_
#define QRMARK_SRC_CRYPTO_ED25519_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "src/base/status.h"

namespace qrmark::crypto {

using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;

struct Ed25519KeyPair {
  std::array<uint8_t, 32> seed;  // the RFC 8032 private key: keep secret
  Ed25519PublicKey public_key;
};

// A fresh key pair from the CSPRNG.
[[nodiscard]] Result<Ed25519KeyPair> GenerateEd25519KeyPair();

// The pair whose private key is `seed` (its public key derived).
[[nodiscard]] Result<Ed25519KeyPair> Ed25519KeyPairFromSeed(std::span<const uint8_t, 32> seed);

// The signature of `message` under `key`.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(Ed25519KeyPair key, ReadEd25519PrivateKeyFile(path));
//   QRMARK_ASSIGN_OR_RETURN(Ed25519Signature sig, Ed25519Sign(key, manifest_bytes));
[[nodiscard]] Result<Ed25519Signature> Ed25519Sign(const Ed25519KeyPair& key,
                                                   std::span<const uint8_t> message);

// OK if `signature` is `public_key`'s signature of `message`; Corruption
// ("signature does not verify") otherwise.
[[nodiscard]] Status Ed25519Verify(const Ed25519PublicKey& public_key,
                                   std::span<const uint8_t> message,
                                   std::span<const uint8_t> signature);

// PEM text of the private (PKCS#8) and public (SPKI) keys.
[[nodiscard]] Result<std::string> Ed25519PrivateKeyPem(const Ed25519KeyPair& key);
[[nodiscard]] Result<std::string> Ed25519PublicKeyPem(const Ed25519PublicKey& public_key);

// Writes the private PEM (0600, never overwriting) / the public PEM (0644).
[[nodiscard]] Status WriteEd25519PrivateKeyFile(const std::string& path, const Ed25519KeyPair& key);
[[nodiscard]] Status WriteEd25519PublicKeyFile(const std::string& path,
                                               const Ed25519PublicKey& public_key);

// Reads them back; Corruption naming the path if the file is not an Ed25519
// PEM key; the private file must pass ReadSecretFile's mode check.
[[nodiscard]] Result<Ed25519KeyPair> ReadEd25519PrivateKeyFile(const std::string& path);
[[nodiscard]] Result<Ed25519PublicKey> ReadEd25519PublicKeyFile(const std::string& path);

}  // namespace qrmark::crypto

#endif  // QRMARK_SRC_CRYPTO_ED25519_H_
