// BlockChecksums: hash this rank's blocks, gather the digests, hash per file.
#include "src/ingest/checksum.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/scanlog/segment_reader.h"
#include "src/crypto/sha256.h"

namespace qrmark::ingest {
namespace {

struct BlockDigest {
  uint32_t file;
  uint32_t unused;
  uint64_t block;
  crypto::Sha256Digest digest;
};

Result<crypto::Sha256Digest> HashRange(int fd, const std::string& path, uint64_t begin, uint64_t end) {
  crypto::Sha256Hasher hasher;
  std::vector<uint8_t> buf(std::min<uint64_t>(end - begin, 4u << 20));
  for (uint64_t at = begin; at < end;) {
    std::span<uint8_t> piece(buf.data(), std::min<uint64_t>(buf.size(), end - at));
    QRMARK_ASSIGN_OR_RETURN(size_t got, scanlog::PreadFull(fd, piece, at, path));
    if (got != piece.size()) return IoError(path + ": file shrank while computing its checksum");
    hasher.Update(piece);
    at += got;
  }
  return hasher.Finish();
}

// The rank that hashes the block [begin, end) of the inputs' concatenated
// bytes: the one whose equal share of all `total` bytes holds the block's
// middle, so every rank hashes about as many bytes (blocks vary in size:
// a 64 MiB + 64-byte segment is one full block and one tiny one).
int HasherOf(uint64_t begin, uint64_t end, uint64_t total, int ranks) {
  __extension__ using Wide = unsigned __int128;
  const Wide middle = (static_cast<Wide>(begin) + end) / 2;
  return static_cast<int>(middle * static_cast<unsigned>(ranks) / (total > 0 ? total : 1));
}

Status HashMyBlocks(const Comm& comm, const std::vector<std::string>& paths,
                    const std::vector<uint64_t>& sizes, uint64_t block_bytes, std::vector<BlockDigest>* out) {
  uint64_t total = 0;
  for (uint64_t size : sizes) total += size;
  uint64_t file_begin = 0;
  for (size_t f = 0; f < paths.size(); file_begin += sizes[f], ++f) {
    const uint64_t blocks = (sizes[f] + block_bytes - 1) / block_bytes;
    int fd = -1;
    for (uint64_t b = 0; b < blocks; ++b) {
      const uint64_t begin = file_begin + b * block_bytes;
      const uint64_t end = file_begin + std::min(sizes[f], (b + 1) * block_bytes);
      if (HasherOf(begin, end, total, comm.size()) != comm.rank()) continue;
      if (fd < 0 && (fd = ::open(paths[f].c_str(), O_RDONLY | O_CLOEXEC)) < 0) {
        return PosixError("open", paths[f], errno);
      }
      Result<crypto::Sha256Digest> d =
          HashRange(fd, paths[f], b * block_bytes, std::min(sizes[f], (b + 1) * block_bytes));
      if (!d.ok()) {
        ::close(fd);
        return d.status();
      }
      out->push_back({static_cast<uint32_t>(f), 0, b, *d});
    }
    if (fd >= 0) ::close(fd);
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> BlockChecksums(Comm& comm, const std::vector<std::string>& paths,
                                                const std::vector<uint64_t>& sizes, uint64_t block_bytes) {
  std::vector<BlockDigest> mine;
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(HashMyBlocks(comm, paths, sizes, block_bytes, &mine)));
  std::vector<BlockDigest> all = comm.AllgathervOf<BlockDigest>(mine);
  std::sort(all.begin(), all.end(), [](const BlockDigest& a, const BlockDigest& b) {
    return a.file != b.file ? a.file < b.file : a.block < b.block;
  });
  std::vector<std::string> hex;
  size_t next = 0;
  for (size_t f = 0; f < paths.size(); ++f) {
    crypto::Sha256Hasher hasher;
    for (; next < all.size() && all[next].file == f; ++next) hasher.Update(all[next].digest);
    hex.push_back(crypto::ToHex(hasher.Finish()));
  }
  return hex;
}

}  // namespace qrmark::ingest
