// Appending to a scan-log segment, for the verifier daemon and `qrmark gen`.
//
// A segment is written as `<name>.open`, appended to, synced, and finally
// sealed: the header's sealed flag is set, the file fsynced and renamed to
// `<name>.seg`. Readers of the nightly job read only sealed segments. After
// a crash, `Reopen` cuts a torn tail (recover.h) and appends after it, and
// `SealLeftOpen` seals what was left open.
//
// Not thread-safe: one writer per file, used by one thread at a time (the
// daemon's group-commit thread). After any failed call the writer is broken
// and every later call fails with the first error.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(auto w, SegmentWriter::Create(dir + "/scans-0001.open", 1, now_ms));
//   QRMARK_RETURN_IF_ERROR(w->Append(records));
//   QRMARK_RETURN_IF_ERROR(w->Sync());    // durable before answering
//   QRMARK_RETURN_IF_ERROR(w->Seal());    // scans-0001.seg
#ifndef QRMARK_IO_SCANLOG_SEGMENT_WRITER_H_
#define QRMARK_IO_SCANLOG_SEGMENT_WRITER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "io/scanlog/format.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"

namespace qrmark::scanlog {

class SegmentWriter {
 public:
  // Creates `open_path` (which must end in ".open") with a durable header.
  // AlreadyExists if it exists; InvalidArgument for a bad name; IoError.
  [[nodiscard]] static Result<std::unique_ptr<SegmentWriter>> Create(const std::string& open_path,
                                                                     uint64_t segment_id,
                                                                     int64_t created_unix_ms);
  // Opens an unsealed `open_path` left by a crash, cuts its torn tail and
  // positions after its last whole slot. Corruption if its header is bad.
  [[nodiscard]] static Result<std::unique_ptr<SegmentWriter>> Reopen(const std::string& open_path);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Appends `records` (their `reserved` bytes must be zero). Written to the
  // OS, not yet durable: call Sync.
  [[nodiscard]] Status Append(std::span<const ScanRecord> records);
  // fdatasync: every appended record survives a crash once this returns OK.
  [[nodiscard]] Status Sync();
  // Marks the segment sealed, fsyncs, renames it to `<name>.seg` and fsyncs
  // the directory. The writer is closed afterwards.
  [[nodiscard]] Status Seal();

  uint64_t slots() const { return slots_; }          // whole slots in the file
  const std::string& path() const { return path_; }  // current name

 private:
  SegmentWriter(std::string path, int fd, SegmentHeader header, uint64_t slots)
      : path_(std::move(path)), fd_(fd), header_(header), slots_(slots) {}
  Status Fail(Status s);
  std::string path_;
  int fd_;
  SegmentHeader header_;
  uint64_t slots_;
  Status broken_;
  std::vector<uint8_t> buffer_;
};

// Seals the segment `open_path` a crashed writer left: reopened (its torn
// tail cut) and sealed, or, when the crash came after Seal set the sealed
// flag but before the rename, only renamed. The `.seg` path it now has.
[[nodiscard]] Result<std::string> SealLeftOpen(const std::string& open_path);

// fsync of the directory holding `path`, so a create or rename is durable.
[[nodiscard]] Status SyncParentDir(const std::string& path);

}  // namespace qrmark::scanlog

#endif  // QRMARK_IO_SCANLOG_SEGMENT_WRITER_H_
