// The anti-counterfeit signal: serials scanned too many times or from too
// many regions (a copied code travels). Scans are shuffled to the rank that
// owns the serial (OwnerOf(serial)), counted per unit (serial, batch), and
// the flagged units gathered to every rank sorted by (serial, batch): the
// table is the same for any rank count.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(snapshot::Table t, SuspiciousSerialTable(comm, std::move(serial_chunks), {}));
#ifndef QRMARK_SRC_AGGREGATES_SUSPICIOUS_H_
#define QRMARK_SRC_AGGREGATES_SUSPICIOUS_H_

#include <cstdint>
#include <vector>

#include "io/snapshot/table.h"
#include "src/base/page_relay.h"
#include "src/base/scan_record.h"
#include "src/base/status.h"
#include "src/dist/comm.h"

namespace qrmark::aggregates {

struct SuspiciousParams {
  int64_t min_scans = 5;           // flagged when a unit has at least this many scans
  int64_t min_regions = 3;         // ... or scans from at least this many distinct regions
};

// Replicated table "suspicious_serials": serial, batch_id, scans,
// distinct_regions, invalid_scans (kFlagInvalid), reason (too_many_scans /
// too_many_regions / both), one row per flagged unit. `chunks` is consumed,
// one shuffle round per chunk, each freed once sent (so a chunk's size bounds
// the shuffle's extra memory). InvalidArgument (every rank) unless min_scans
// and min_regions are >= 1. Collective: all ranks call it.
[[nodiscard]] Result<snapshot::Table> SuspiciousSerialTable(Comm& comm, std::vector<PagedVector<SerialScan>> chunks,
                                                            const SuspiciousParams& params);

}  // namespace qrmark::aggregates

#endif  // QRMARK_SRC_AGGREGATES_SUSPICIOUS_H_
