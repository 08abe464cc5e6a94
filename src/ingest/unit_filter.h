// Which serialised units may reach the suspicious-serial limit, known before
// any scan is decoded, so that ingest keeps a SerialScan (16 bytes a scan,
// shuffled by serial) only for the scans of those units.
//
// Most units are scanned once or twice; the signal needs at least
// min(min_scans, min_regions) scans of a unit (its regions never outnumber
// its scans). While the checksum pass reads every segment byte, each rank
// counts the slots it reads into a table of saturating counters (packed as
// tightly as the limit allows: src/base/saturating_counters.h) indexed by a
// hash of the unit (serial, batch_id); `Combine` sums every rank's table and
// keeps one bit per counter: whether it reached the limit. Units that share
// a counter only add up, and every slot counts (rejected and out-of-window
// records too), so a unit's counter is never below its accepted scans: a unit
// that can be flagged always passes, whatever the rank count. The few others
// that pass are counted and dropped by the suspicious stage as before. When
// a CSV input carries serials (its units cannot be counted before it is
// parsed), ingest counts the SerialScans it read instead (CountScans) and
// keeps those that pass.
//
// Example:
//   UnitCounts counts(total_slots, 3);  // one counter per scan
//   ... counts.CountSlots(slot_bytes) for every slot this rank hashes ...
//   UnitFilter filter = std::move(counts).Combine(comm);
//   if (filter.MayReach(record.serial, record.batch_id)) keep its SerialScan;
#ifndef QRMARK_SRC_INGEST_UNIT_FILTER_H_
#define QRMARK_SRC_INGEST_UNIT_FILTER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "src/base/page_relay.h"
#include "src/base/saturating_counters.h"
#include "src/base/scan_record.h"
#include "src/dist/comm.h"

namespace qrmark::ingest {

// Passes the units whose combined counter reached the limit; a
// default-constructed filter passes every unit.
class UnitFilter {
 public:
  UnitFilter() = default;
  UnitFilter(std::vector<uint64_t> bits, uint64_t mask) : bits_(std::move(bits)), mask_(mask) {}

  bool MayReach(uint64_t serial, uint32_t batch_id) const;
  // MayReach of each record's unit into `out` (records.size() flags, 1 or 0): the
  // bits are fetched 64 units ahead, as the bitmap outgrows the caches.
  void MayReach(std::span<const ScanRecord> records, std::span<uint8_t> out) const;
  void MayReach(std::span<const SerialScan> scans, std::span<uint8_t> out) const;
  bool passes_all() const { return bits_.empty(); }

 private:
  template <class Record>
  void MayReachEach(std::span<const Record> records, std::span<uint8_t> out) const;

  std::vector<uint64_t> bits_;  // bit i: counter i reached the limit
  uint64_t mask_ = 0;           // counters - 1
};

class UnitCounts {
 public:
  // At least `counters` counters (the next power of two, 64 or more; about
  // one per scan keeps most units apart), saturating at `limit`, which must
  // be in [2, 255].
  UnitCounts(uint64_t counters, int limit);

  // Counts the unit of each slot in `slots`, whole scan-log slots
  // (io/scanlog/format.h) back to back. Reads only the unit's fields: a slot
  // that fails its CRC still counts, which only lets more units pass.
  void CountSlots(std::span<const uint8_t> slots);
  // Counts the unit of each of `scans`.
  void CountScans(std::span<const SerialScan> scans);
  // The counting cannot be trusted on this rank (bytes that did not come in
  // whole slots): the combined filter then passes every unit.
  void GiveUp() { gave_up_ = true; }

  // Sums every rank's counters (saturating) and returns the filter, the same
  // on every rank. Collective: every rank calls it with the same `records`
  // and `limit`.
  UnitFilter Combine(Comm& comm) &&;

 private:
  SaturatingCounters counts_;  // a power of two of them
  bool gave_up_ = false;
};

// Keeps only the SerialScans of units that may reach `min_scans` scans in
// all the inputs, when ingest could not tell (a CSV input carries serials):
// the same counters as the segments' pass, over the scans themselves, so
// that the suspicious stage shuffles about a sixth of them instead of all.
// Filters each chunk in place, in order; chunks left empty are freed, the
// others keep their pages until they are freed (under a PageRelay, which
// then hands them on). Collective: every rank calls it with the same
// `min_scans`.
void KeepSerialScansOfUnitsThatMayReach(Comm& comm, int64_t min_scans, std::vector<PagedVector<SerialScan>>* chunks);

// Combine's sum, apart so that a test can hold it to the counters one by one.
namespace unit_filter_detail {

// Bit i: whether counter i, summed over `tables` tables of 64 `bits`-bit
// counters (SaturatingCounters' layout) whose bytes start at `first`,
// `stride` bytes apart, reaches `limit` (1..255). SSE2 where the build has
// it: the counters of sixteen bytes summed at once, with saturation.
uint64_t ReachedLimit(const uint8_t* first, size_t stride, size_t tables, int bits, int limit);

}  // namespace unit_filter_detail

}  // namespace qrmark::ingest

#endif  // QRMARK_SRC_INGEST_UNIT_FILTER_H_
