// Reading the files of a `qrmark keygen` directory.
#include "src/codes/keys_dir.h"

#include "src/crypto/key_files.h"

namespace qrmark::codes {

Result<std::vector<uint8_t>> ReadTagMaster(const std::string& dir) {
  return crypto::ReadSecretFile(dir + "/" + kTagMasterFile);
}

Result<std::vector<uint8_t>> ReadUserHashKey(const std::string& dir) {
  return crypto::ReadSecretFile(dir + "/" + kUserHashFile);
}

Result<crypto::Ed25519KeyPair> ReadSigningKey(const std::string& dir) {
  return crypto::ReadEd25519PrivateKeyFile(dir + "/" + kSigningKeyFile);
}

Result<crypto::Ed25519PublicKey> ReadSigningPublicKey(const std::string& dir) {
  return crypto::ReadEd25519PublicKeyFile(dir + "/" + kSigningPublicFile);
}

}  // namespace qrmark::codes
