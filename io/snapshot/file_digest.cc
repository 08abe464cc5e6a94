// HashAhead and FinishDigest: the unread part of the file into the hasher.
#include "io/snapshot/file_digest.h"

namespace qrmark::snapshot {

bool HashAhead(FileDigest& digest, uint64_t max_bytes) {
  if (digest.at_end || !digest.error.ok()) return false;
  Result<uint64_t> fed = crypto::Sha256FilePart(digest.path, digest.hashed, max_bytes, digest.hasher);
  if (!fed.ok()) {
    digest.error = fed.status();
    return false;
  }
  digest.hashed += *fed;
  digest.at_end = *fed < max_bytes;
  return !digest.at_end;
}

Result<ManifestFile> FinishDigest(FileDigest digest) {
  QRMARK_RETURN_IF_ERROR(digest.error);
  QRMARK_ASSIGN_OR_RETURN(uint64_t size,
                          crypto::Sha256FileFrom(digest.path, digest.hashed, digest.hasher));
  size_t slash = digest.path.rfind('/');
  std::string name = slash == std::string::npos ? digest.path : digest.path.substr(slash + 1);
  return ManifestFile{std::move(name), size, crypto::ToHex(digest.hasher.Finish())};
}

}  // namespace qrmark::snapshot
