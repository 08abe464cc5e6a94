// DigestInputs: checksum this rank's blocks, gather the blocks' CRCs, join
// them per file. JoinCsvRangeDigests: gather the ranges' CRCs and maps, join
// the CRCs and fold the maps in rank order.
#include "src/ingest/checksum.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "io/scanlog/crc32c.h"
#include "io/scanlog/segment_reader.h"
#include "src/ingest/byte_range.h"

namespace qrmark::ingest {
namespace {

struct BlockCrc {
  uint32_t file;
  uint32_t crc32c;
  uint64_t block;
};

// The CRC32C of the block [begin, end) of `in` (offsets in the file).
Result<uint32_t> ChecksumBlock(int fd, uint32_t file, const InputBytes& in, uint64_t begin, uint64_t end,
                               const PieceVisitor& visit) {
  uint32_t crc = 0;
  std::vector<uint8_t> buf(std::min<uint64_t>(end - begin, kChecksumPieceBytes));
  for (uint64_t at = begin; at < end;) {
    std::span<uint8_t> piece(buf.data(), std::min<uint64_t>(buf.size(), end - at));
    QRMARK_ASSIGN_OR_RETURN(size_t got, scanlog::PreadFull(fd, piece, at, in.path));
    if (got != piece.size()) return IoError(in.path + ": file shrank while computing its checksum");
    crc = scanlog::Crc32cExtend(crc, piece);
    if (visit) visit(file, at, piece);
    at += got;
  }
  return crc;
}

// The rank that reads the block [begin, end) of the inputs' concatenated
// bytes: the one whose equal share of all `total` bytes holds the block's
// middle, so every rank reads about as many bytes (blocks vary in size:
// a 64 MiB + 64-byte segment is one full block and one tiny one).
int ReaderOf(uint64_t begin, uint64_t end, uint64_t total, int ranks) {
  __extension__ using Wide = unsigned __int128;
  const Wide middle = (static_cast<Wide>(begin) + end) / 2;
  return static_cast<int>(middle * static_cast<unsigned>(ranks) / (total > 0 ? total : 1));
}

Status ChecksumMyBlocks(const Comm& comm, const std::vector<InputBytes>& inputs, uint64_t block_bytes,
                        const PieceVisitor& visit, std::vector<BlockCrc>* crcs) {
  uint64_t total = 0;
  for (const InputBytes& in : inputs) total += in.size;
  uint64_t file_begin = 0;
  for (size_t f = 0; f < inputs.size(); file_begin += inputs[f].size, ++f) {
    const InputBytes& in = inputs[f];
    const uint64_t blocks = (in.size + block_bytes - 1) / block_bytes;
    int fd = -1;
    for (uint64_t b = 0; b < blocks; ++b) {
      const uint64_t begin = b * block_bytes, end = std::min(in.size, (b + 1) * block_bytes);
      if (ReaderOf(file_begin + begin, file_begin + end, total, comm.size()) != comm.rank()) continue;
      if (fd < 0 && (fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC)) < 0) {
        return PosixError("open", in.path, errno);
      }
      Result<uint32_t> crc = ChecksumBlock(fd, static_cast<uint32_t>(f), in, begin, end, visit);
      if (!crc.ok()) {
        ::close(fd);
        return crc.status();
      }
      crcs->push_back({static_cast<uint32_t>(f), *crc, b});
    }
    if (fd >= 0) ::close(fd);
  }
  return Status::Ok();
}

// A CsvRangeDigest in fixed-size form, to gather.
struct RangeRecord {
  uint32_t crc32c;
  std::array<csv::CsvScanState, csv::kCsvScanStates> after;
  uint8_t unused;
};

}  // namespace

Result<std::vector<InputDigest>> DigestInputs(Comm& comm, const std::vector<InputBytes>& inputs,
                                              uint64_t block_bytes, const PieceVisitor& visit) {
  std::vector<BlockCrc> my_crcs;
  QRMARK_RETURN_IF_ERROR(comm.AgreeOnStatus(ChecksumMyBlocks(comm, inputs, block_bytes, visit, &my_crcs)));
  std::vector<BlockCrc> crcs = comm.AllgathervOf<BlockCrc>(my_crcs);
  std::sort(crcs.begin(), crcs.end(), [](const BlockCrc& a, const BlockCrc& b) {
    return a.file != b.file ? a.file < b.file : a.block < b.block;
  });
  std::vector<InputDigest> out(inputs.size());
  for (const BlockCrc& c : crcs) {
    const uint64_t begin = c.block * block_bytes;
    const uint64_t bytes = std::min(inputs[c.file].size, begin + block_bytes) - begin;
    out[c.file].crc32c = scanlog::Crc32cCombine(out[c.file].crc32c, c.crc32c, bytes);
  }
  return out;
}

void CsvRangeDigest::Add(std::string_view bytes) {
  crc32c = scanlog::Crc32cExtend(crc32c, std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  map = map.Then(csv::CsvStateMapOf(bytes));
}

std::vector<InputDigest> JoinCsvRangeDigests(Comm& comm, const std::vector<uint64_t>& sizes,
                                             const std::vector<CsvRangeDigest>& mine) {
  std::vector<RangeRecord> records;
  for (const CsvRangeDigest& d : mine) records.push_back({d.crc32c, d.map.after, 0});
  const std::vector<RangeRecord> all = comm.AllgathervOf<RangeRecord>(records);  // rank-major
  std::vector<InputDigest> out(sizes.size());
  for (size_t f = 0; f < sizes.size(); ++f) {
    csv::CsvScanState state = csv::CsvScanState::kFieldStart;
    for (int r = 0; r < comm.size(); ++r) {
      const RangeRecord& range = all[static_cast<size_t>(r) * sizes.size() + f];
      out[f].csv_states.push_back(state);
      state = range.after[static_cast<int>(state)];
      const ByteRange bytes = EvenByteRange(sizes[f], r, comm.size());
      out[f].crc32c = scanlog::Crc32cCombine(out[f].crc32c, range.crc32c, bytes.end - bytes.begin);
    }
  }
  return out;
}

}  // namespace qrmark::ingest
