// Reading scan-log segments: a rank's range of slots, corruption reported.
//
// A reader never uses a bad slot: a CRC mismatch, non-zero reserved bytes or
// a torn (partial) last slot is skipped and reported to a `Reporter` with its
// byte offset and reason, leveldb log_reader style. It reads with pread in
// blocks, only the header and the slots of the range it is asked for.
//
// Thread safety: a SegmentReader is used by one thread at a time.
#ifndef QRMARK_IO_SCANLOG_SEGMENT_READER_H_
#define QRMARK_IO_SCANLOG_SEGMENT_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "io/scanlog/format.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::scanlog {

// Told about every slot that was skipped. `reason` is "bad_checksum",
// "bad_reserved" or "torn_tail"; `offset` is the slot's byte offset.
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Corruption(uint64_t offset, std::string_view reason) = 0;
};

class SegmentReader {
 public:
  // Opens `path` and checks its header. An empty file is a segment with no
  // slots. NotFound/IoError name the path; Corruption when the header is
  // shorter than 64 bytes or fails its checks.
  [[nodiscard]] static Result<std::unique_ptr<SegmentReader>> Open(const std::string& path);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  const std::string& path() const { return path_; }
  uint64_t file_size() const { return size_; }
  const SegmentHeader& header() const { return header_; }  // default for an empty file

  // Calls `sink` with the good records of slots [range.first, range.first +
  // range.count) and their byte offsets, in order, in blocks of at most
  // `block_slots`. Bad slots go
  // to `reporter`; so does the torn tail when `range.owns_tail`. IoError
  // names the path and offset.
  using Sink = std::function<void(std::span<const ScanRecord> records, std::span<const uint64_t> offsets)>;
  [[nodiscard]] Status Read(RecordRange range, Reporter& reporter, const Sink& sink,
                            uint64_t block_slots = 8192);

 private:
  SegmentReader(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
  SegmentHeader header_;
};

// pread until `out` is full or end of file; the bytes read, or IoError
// naming `path` and the offset.
[[nodiscard]] Result<size_t> PreadFull(int fd, std::span<uint8_t> out, uint64_t offset,
                                       const std::string& path);

}  // namespace qrmark::scanlog

#endif  // QRMARK_IO_SCANLOG_SEGMENT_READER_H_
