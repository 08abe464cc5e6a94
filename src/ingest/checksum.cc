// DigestInputs: checksum this rank's blocks (and take the quoting maps of
// their CSV pieces), gather the blocks' CRCs and the maps, then join the CRCs
// per file and fold the maps up to each cut.
#include "src/ingest/checksum.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "io/scanlog/crc32c.h"
#include "io/scanlog/segment_reader.h"

namespace qrmark::ingest {
namespace {

struct BlockCrc {
  uint32_t file;
  uint32_t crc32c;
  uint64_t block;
};

// The quoting map of the CSV bytes [begin, ...) of `file`, up to the next
// piece's begin: `begin` is a block start or a cut.
struct PieceMap {
  uint32_t file;
  std::array<csv::CsvScanState, csv::kCsvScanStates> after;
  uint8_t unused;
  uint64_t begin;
};

// Splits the bytes of one block, as they are read, into pieces at the cuts
// and takes their maps; bytes at or past the last cut reach no cut and are
// skipped.
class PieceMapper {
 public:
  PieceMapper(uint32_t file, const std::vector<uint64_t>& cuts, uint64_t block_begin,
              std::vector<PieceMap>* out)
      : file_(file),
        cut_(std::upper_bound(cuts.begin(), cuts.end(), block_begin)),
        cuts_end_(cuts.end()),
        until_(cuts.empty() ? 0 : cuts.back()),
        piece_begin_(block_begin),
        out_(out) {}

  // The block's bytes at [at, at + bytes.size()), in order.
  void Add(uint64_t at, std::string_view bytes) {
    const uint64_t to = std::min<uint64_t>(at + bytes.size(), until_);
    for (uint64_t from = at; from < to;) {
      const uint64_t stop = cut_ != cuts_end_ ? std::min(to, *cut_) : to;
      map_ = map_.Then(csv::CsvStateMapOf(bytes.substr(from - at, stop - from)));
      from = stop;
      if (cut_ != cuts_end_ && stop == *cut_) {
        Emit(stop);
        while (cut_ != cuts_end_ && *cut_ == stop) ++cut_;
      }
    }
  }
  // The block ends at `end`.
  void Finish(uint64_t end) {
    if (piece_begin_ < std::min(end, until_)) Emit(end);
  }

 private:
  void Emit(uint64_t end) {
    out_->push_back({file_, map_.after, 0, piece_begin_});
    piece_begin_ = end;
    map_ = csv::CsvStateMap();
  }
  uint32_t file_;
  std::vector<uint64_t>::const_iterator cut_, cuts_end_;  // the next cut after the bytes mapped so far
  uint64_t until_;
  uint64_t piece_begin_;
  csv::CsvStateMap map_;
  std::vector<PieceMap>* out_;
};

// The CRC32C of the block [begin, end) of `in` (offsets in the file); maps
// its CSV pieces.
Result<uint32_t> ChecksumBlock(int fd, uint32_t file, const InputBytes& in, uint64_t begin, uint64_t end,
                               const PieceVisitor& visit, std::vector<PieceMap>* maps) {
  uint32_t crc = 0;
  PieceMapper mapper(file, in.csv_cuts, begin, maps);
  std::vector<uint8_t> buf(std::min<uint64_t>(end - begin, kChecksumPieceBytes));
  for (uint64_t at = begin; at < end;) {
    std::span<uint8_t> piece(buf.data(), std::min<uint64_t>(buf.size(), end - at));
    QRMARK_ASSIGN_OR_RETURN(size_t got, scanlog::PreadFull(fd, piece, at, in.path));
    if (got != piece.size()) return IoError(in.path + ": file shrank while computing its checksum");
    crc = scanlog::Crc32cExtend(crc, piece);
    if (visit) visit(file, at, piece);
    mapper.Add(at, std::string_view(reinterpret_cast<const char*>(piece.data()), piece.size()));
    at += got;
  }
  mapper.Finish(end);
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
                        const PieceVisitor& visit, std::vector<BlockCrc>* crcs, std::vector<PieceMap>* maps) {
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
      Result<uint32_t> crc = ChecksumBlock(fd, static_cast<uint32_t>(f), in, begin, end, visit, maps);
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

// The state at each of `cuts`, from the maps of file `f` (sorted by begin,
// from `*next` on), which split the file at every cut and end at the last.
std::vector<csv::CsvScanState> StatesAtCuts(const std::vector<uint64_t>& cuts,
                                            const std::vector<PieceMap>& maps, uint32_t f, size_t* next) {
  std::vector<csv::CsvScanState> states;
  csv::CsvScanState state = csv::CsvScanState::kFieldStart;
  for (uint64_t cut : cuts) {
    for (; *next < maps.size() && maps[*next].file == f && maps[*next].begin < cut; ++*next) {
      state = maps[*next].after[static_cast<int>(state)];
    }
    states.push_back(state);
  }
  return states;
}

}  // namespace

Result<std::vector<InputDigest>> DigestInputs(Comm& comm, const std::vector<InputBytes>& inputs,
                                              uint64_t block_bytes, const PieceVisitor& visit) {
  std::vector<BlockCrc> my_crcs;
  std::vector<PieceMap> my_maps;
  QRMARK_RETURN_IF_ERROR(
      comm.AgreeOnStatus(ChecksumMyBlocks(comm, inputs, block_bytes, visit, &my_crcs, &my_maps)));
  std::vector<BlockCrc> crcs = comm.AllgathervOf<BlockCrc>(my_crcs);
  std::vector<PieceMap> maps = comm.AllgathervOf<PieceMap>(my_maps);
  std::sort(crcs.begin(), crcs.end(), [](const BlockCrc& a, const BlockCrc& b) {
    return a.file != b.file ? a.file < b.file : a.block < b.block;
  });
  std::sort(maps.begin(), maps.end(), [](const PieceMap& a, const PieceMap& b) {
    return a.file != b.file ? a.file < b.file : a.begin < b.begin;
  });
  std::vector<InputDigest> out(inputs.size());
  size_t next_crc = 0, next_map = 0;
  for (size_t f = 0; f < inputs.size(); ++f) {
    for (; next_crc < crcs.size() && crcs[next_crc].file == f; ++next_crc) {
      const uint64_t begin = crcs[next_crc].block * block_bytes;
      const uint64_t bytes = std::min(inputs[f].size, begin + block_bytes) - begin;
      out[f].crc32c = scanlog::Crc32cCombine(out[f].crc32c, crcs[next_crc].crc32c, bytes);
    }
    out[f].csv_states = StatesAtCuts(inputs[f].csv_cuts, maps, static_cast<uint32_t>(f), &next_map);
  }
  return out;
}

}  // namespace qrmark::ingest
