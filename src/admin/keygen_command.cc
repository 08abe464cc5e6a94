// `qrmark keygen --dir DIR`: the keys every other part of qrmark uses.
//
// Writes, into DIR (created 0700 if missing), the names of src/codes/keys_dir.h:
// signing.key (Ed25519 private, 0600) + signing.pub, tag_master.key and
// user_hash.key (32 random bytes each, 0600). Refuses if any of them exists:
// keys are never overwritten. Prints paths and a fingerprint, never a secret.
#include <sys/stat.h>

#include <array>
#include <boost/program_options.hpp>
#include <cerrno>
#include <iostream>

#include "src/admin/command.h"
#include "src/admin/parse_options.h"
#include "src/codes/keys_dir.h"
#include "src/crypto/ed25519.h"
#include "src/crypto/key_files.h"
#include "src/crypto/random.h"
#include "src/crypto/sha256.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

// The directory, or "" after printing --help.
Result<std::string> ParseKeygen(const std::vector<std::string>& args) {
  std::string dir;
  po::options_description desc("qrmark keygen --dir DIR");
  desc.add_options()("dir", po::value(&dir)->required(), "directory for the keys (created 0700 if missing)");
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc));
  if (parsed == Parsed::kHelpShown) return std::string();
  if (dir.empty()) return InvalidArgument("--dir must name a directory");
  return dir;
}

Status RefuseExisting(const std::string& dir) {
  for (const char* name : {codes::kSigningKeyFile, codes::kSigningPublicFile, codes::kTagMasterFile,
                           codes::kUserHashFile}) {
    struct stat st;
    std::string path = dir + "/" + name;
    if (::lstat(path.c_str(), &st) == 0) {
      return AlreadyExists(path +
                           " already exists; keygen never overwrites keys "
                           "(use a new --dir, or move the old keys away first)");
    }
  }
  return Status::Ok();
}

Status WriteRandomSecret(const std::string& path) {
  std::array<uint8_t, 32> secret;
  QRMARK_RETURN_IF_ERROR(crypto::RandomBytes(secret));
  return crypto::WriteSecretFile(path, secret);
}

Status RunKeygen(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(std::string dir, ParseKeygen(args));
  if (dir.empty()) return Status::Ok();
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return PosixError("mkdir", dir, errno);
  QRMARK_RETURN_IF_ERROR(RefuseExisting(dir));
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519KeyPair pair, crypto::GenerateEd25519KeyPair());
  QRMARK_RETURN_IF_ERROR(
      crypto::WriteEd25519PrivateKeyFile(dir + "/" + codes::kSigningKeyFile, pair));
  QRMARK_RETURN_IF_ERROR(
      crypto::WriteEd25519PublicKeyFile(dir + "/" + codes::kSigningPublicFile, pair.public_key));
  QRMARK_RETURN_IF_ERROR(WriteRandomSecret(dir + "/" + codes::kTagMasterFile));
  QRMARK_RETURN_IF_ERROR(WriteRandomSecret(dir + "/" + codes::kUserHashFile));
  std::cout << "wrote " << dir << "/" << codes::kSigningKeyFile << " (0600), " << dir << "/"
            << codes::kSigningPublicFile << ", " << dir << "/" << codes::kTagMasterFile
            << " (0600), " << dir << "/" << codes::kUserHashFile << " (0600)\n"
            << "signing key fingerprint: sha256:"
            << crypto::ToHex(crypto::Sha256(pair.public_key)).substr(0, 16) << "\n";
  return Status::Ok();
}

}  // namespace

QRMARK_REGISTER_COMMAND(keygen, "make the signing key pair and the tag and user-hash secrets",
                        RunKeygen);

}  // namespace qrmark::admin
