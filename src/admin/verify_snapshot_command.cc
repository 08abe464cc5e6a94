// `qrmark verify-snapshot DIR --public-key FILE`: check a snapshot's signed
// manifest and every file in it (io/snapshot/manifest.h). Exit 0 with
// "OK: N files verified"; exit 1 naming the first bad file otherwise.
#include <boost/program_options.hpp>
#include <iostream>

#include "io/snapshot/manifest.h"
#include "src/admin/command.h"
#include "src/admin/parse_options.h"
#include "src/codes/keys_dir.h"
#include "src/crypto/ed25519.h"

namespace qrmark::admin {
namespace {
namespace po = boost::program_options;

struct VerifyOptions {
  std::string dir, public_key, keys;
  bool help = false;
};

Result<VerifyOptions> ParseVerify(const std::vector<std::string>& args) {
  VerifyOptions o;
  po::options_description desc("qrmark verify-snapshot DIR (--public-key FILE | --keys DIR)");
  desc.add_options()("dir", po::value(&o.dir), "snapshot directory, or <root>/latest")(
      "public-key", po::value(&o.public_key), "Ed25519 public key PEM (signing.pub)")(
      "keys", po::value(&o.keys), "a `qrmark keygen` directory: use its signing.pub");
  po::positional_options_description pos;
  pos.add("dir", 1);
  QRMARK_ASSIGN_OR_RETURN(Parsed parsed, ParseSubcommandOptions(args, desc, pos));
  o.help = parsed == Parsed::kHelpShown;
  if (!o.help && (o.dir.empty() || o.public_key.empty() == o.keys.empty())) {
    return InvalidArgument("give the snapshot DIR and exactly one of --public-key or --keys");
  }
  if (!o.keys.empty()) o.public_key = o.keys + "/" + codes::kSigningPublicFile;
  return o;
}

Status RunVerifySnapshot(const std::vector<std::string>& args) {
  QRMARK_ASSIGN_OR_RETURN(VerifyOptions o, ParseVerify(args));
  if (o.help) return Status::Ok();
  QRMARK_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key,
                          crypto::ReadEd25519PublicKeyFile(o.public_key));
  QRMARK_ASSIGN_OR_RETURN(snapshot::Manifest manifest, snapshot::VerifySnapshot(o.dir, key));
  std::cout << "OK: " << manifest.files.size() << " files verified (snapshot "
            << manifest.snapshot_id << ", created " << manifest.created_utc << ")\n";
  return Status::Ok();
}

}  // namespace

// The name has a dash, which QRMARK_REGISTER_COMMAND cannot take as an identifier.
static CommandRegistrar verify_snapshot_registrar("verify-snapshot",
                                                  "check a snapshot's signed manifest and files",
                                                  RunVerifySnapshot);

}  // namespace qrmark::admin
