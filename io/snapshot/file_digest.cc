// FinishDigest: the unread tail of the file into the hasher.
#include "io/snapshot/file_digest.h"

namespace qrmark::snapshot {

Result<ManifestFile> FinishDigest(FileDigest digest) {
  QRMARK_ASSIGN_OR_RETURN(uint64_t size,
                          crypto::Sha256FileFrom(digest.path, digest.hashed, digest.hasher));
  size_t slash = digest.path.rfind('/');
  std::string name = slash == std::string::npos ? digest.path : digest.path.substr(slash + 1);
  return ManifestFile{std::move(name), size, crypto::ToHex(digest.hasher.Finish())};
}

}  // namespace qrmark::snapshot
