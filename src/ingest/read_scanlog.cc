// Reading this rank's range of a segment into a LocalIngest, with small
// caches from record codes to local dictionary ids.
#include <string>
#include <unordered_map>

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
  std::unordered_map<uint32_t, uint32_t> product_ids;
  std::vector<int32_t> region_ids(UINT16_MAX + 1, -1);
  Status status;
  QuarantineReporter reporter(acc, file);
  QRMARK_RETURN_IF_ERROR(reader->Read(
      range, reporter, [&](std::span<const ScanRecord> records, std::span<const uint64_t> offsets) {
        for (size_t i = 0; i < records.size(); ++i) {
          const ScanRecord& r = records[i];
          if (std::optional<RejectReason> bad = ValidateScanRecord(r)) {
            acc->Reject(file, offsets[i], *bad, "scan_id " + std::to_string(r.scan_id));
            continue;
          }
          auto [it, added] = product_ids.try_emplace(r.product_id, 0);
          if (added) it->second = acc->products.IdOf(std::to_string(r.product_id));
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
          const UserScan scan{r.user_key, r.ts_unix_ms / 1000,           r.amount_cents,
                              it->second, static_cast<uint16_t>(region), r.channel,
                              r.device_os};
          acc->Accept(file, scan, true, r.serial, r.batch_id, r.flags);
        }
      }));
  return status;
}

}  // namespace qrmark::ingest
