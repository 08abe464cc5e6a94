// SegmentReader: header check, then blocks of slots by pread.
#include "io/scanlog/segment_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace qrmark::scanlog {

Result<size_t> PreadFull(int fd, std::span<uint8_t> out, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return PosixError("pread at offset " + std::to_string(offset + done), path, errno);
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return PosixError("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = PosixError("stat", path, errno);
    ::close(fd);
    return s;
  }
  std::unique_ptr<SegmentReader> reader(new SegmentReader(path, fd, static_cast<uint64_t>(st.st_size)));
  if (reader->size_ == 0) return reader;
  if (reader->size_ < kHeaderSize) {
    return Corruption(path + ": segment header truncated (" + std::to_string(reader->size_) +
                      " of 64 bytes)");
  }
  uint8_t bytes[kHeaderSize];
  QRMARK_ASSIGN_OR_RETURN(size_t got, PreadFull(fd, bytes, 0, path));
  if (got != kHeaderSize) return Corruption(path + ": segment header truncated while reading");
  Result<SegmentHeader> header = DecodeHeader(std::span<const uint8_t, kHeaderSize>(bytes));
  if (!header.ok()) return header.status().WithContext(path);
  reader->header_ = *header;
  return reader;
}

SegmentReader::~SegmentReader() { ::close(fd_); }

Status SegmentReader::Read(RecordRange range, Reporter& reporter, const Sink& sink, uint64_t block_slots) {
  std::vector<uint8_t> bytes;
  std::vector<ScanRecord> good;
  std::vector<uint64_t> offsets;
  for (uint64_t done = 0; done < range.count;) {
    const uint64_t n = std::min(block_slots, range.count - done);
    const uint64_t offset = SlotOffset(range.first + done);
    bytes.resize(n * kSlotSize);
    QRMARK_ASSIGN_OR_RETURN(size_t got, PreadFull(fd_, bytes, offset, path_));
    if (got != bytes.size()) {
      return IoError(path_ + ": file shrank while reading at offset " + std::to_string(offset));
    }
    good.clear();
    offsets.clear();
    for (uint64_t i = 0; i < n; ++i) {
      ScanRecord r;
      SlotError e = DecodeSlot(std::span<const uint8_t, kSlotSize>(&bytes[i * kSlotSize], kSlotSize), &r);
      if (e == SlotError::kOk) {
        good.push_back(r);
        offsets.push_back(offset + i * kSlotSize);
      } else {
        reporter.Corruption(offset + i * kSlotSize, SlotErrorName(e));
      }
    }
    if (!good.empty()) sink(good, offsets);
    done += n;
  }
  if (range.owns_tail && TornTailBytes(size_) > 0) {
    reporter.Corruption(SlotOffset(SlotCount(size_)), "torn_tail");
  }
  return Status::Ok();
}

}  // namespace qrmark::scanlog
