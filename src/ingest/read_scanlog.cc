// Reading this rank's range of a segment into a LocalIngest: product codes
// are numbers (LocalDictionary::IdOfNumber), region codes go through a table.
#include <algorithm>
#include <string>
#include <vector>

#include "io/scanlog/segment_reader.h"
#include "src/base/regions.h"
#include "src/ingest/local_ingest.h"

namespace qrmark::ingest {
namespace {

class QuarantineReporter final : public scanlog::Reporter {
 public:
  QuarantineReporter(LocalIngest* acc, size_t file) : acc_(acc), file_(file) {}
  void Corruption(uint64_t offset, std::string_view reason) override {
    acc_->Reject(file_, offset, RejectReasonFromName(reason).value_or(RejectReason::kBadChecksum), "");
  }

 private:
  LocalIngest* acc_;
  size_t file_;
};

}  // namespace

Status ReadScanLogShare(size_t file, int rank, int nranks, LocalIngest* acc, const IngestOptions& options) {
  const std::string& path = options.inputs[file].path;
  QRMARK_ASSIGN_OR_RETURN(auto reader, scanlog::SegmentReader::Open(path));
  const scanlog::RecordRange range = scanlog::RecordRangeOf(reader->file_size(), rank, nranks);
  std::vector<int32_t>& region_ids = acc->segment_region_ids;
  Status status;
  QuarantineReporter reporter(acc, file);
  std::vector<uint8_t> keep_serial;  // per record of a batch: its SerialScan is kept
  QRMARK_RETURN_IF_ERROR(reader->Read(
      range, reporter, [&](std::span<const ScanRecord> records, std::span<const uint64_t> offsets) {
        keep_serial.resize(records.size());
        acc->segment_units.MayReach(records, keep_serial);
        for (size_t i = 0; i < records.size(); ++i) {
          const ScanRecord& r = records[i];
          if (std::optional<RejectReason> bad = ValidateScanRecord(r)) {
            acc->Reject(file, offsets[i], *bad, "scan_id " + std::to_string(r.scan_id));
            continue;
          }
          int32_t& region = region_ids[r.region];
          if (region < 0) {
            const std::string_view name = RegionName(r.region);
            Result<uint16_t> id = acc->RegionId(name.empty() ? "region-" + std::to_string(r.region) : name);
            if (!id.ok()) {
              status = id.status();
              return;
            }
            region = *id;
          }
          const UserScan scan{r.user_key,
                              r.ts_unix_ms / 1000,
                              r.amount_cents,
                              acc->products.IdOfNumber(r.product_id),
                              static_cast<uint16_t>(region),
                              r.channel,
                              r.device_os};
          acc->Accept(file, scan, keep_serial[i] != 0, r.serial, r.batch_id, r.flags);
        }
      }));
  return status;
}

}  // namespace qrmark::ingest
