// UnitCounts and UnitFilter: hashed saturating counters per unit, summed over
// the ranks by a reduce-scatter (Alltoallv), kept as one bit per counter.
#include "src/ingest/unit_filter.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstring>

#include "io/scanlog/format.h"
#include "src/base/hash.h"
#include "src/base/prefetch_ahead.h"

namespace qrmark::ingest {

bool UnitFilter::MayReach(uint64_t serial, uint32_t batch_id) const {
  if (bits_.empty()) return true;
  const uint64_t i = MixUnit(serial, batch_id) & mask_;
  return (bits_[i / 64] >> (i % 64)) & 1;
}

namespace {

// Calls visit(i, index) for i in [0, n), index = MixUnit of unit_of(i) &
// mask, the tables' places prefetched ahead (they outgrow the caches).
template <class UnitOf, class Prefetch, class Visit>
void ForEachUnitIndex(size_t n, uint64_t mask, const UnitOf& unit_of, const Prefetch& prefetch,
                      const Visit& visit) {
  ForEachPrefetched(
      n,
      [&](size_t i) {
        const auto [serial, batch_id] = unit_of(i);
        return MixUnit(serial, batch_id) & mask;
      },
      prefetch, visit);
}

struct Unit {
  uint64_t serial;
  uint32_t batch_id;
};

}  // namespace

template <class Record>
void UnitFilter::MayReachEach(std::span<const Record> records, std::span<uint8_t> out) const {
  if (bits_.empty()) return std::fill(out.begin(), out.end(), uint8_t{1});
  ForEachUnitIndex(
      records.size(), mask_, [&](size_t i) { return Unit{records[i].serial, records[i].batch_id}; },
      [&](uint64_t at) { __builtin_prefetch(&bits_[at / 64]); },
      [&](size_t i, uint64_t at) { out[i] = (bits_[at / 64] >> (at % 64)) & 1; });
}

void UnitFilter::MayReach(std::span<const ScanRecord> records, std::span<uint8_t> out) const {
  MayReachEach(records, out);
}

void UnitFilter::MayReach(std::span<const SerialScan> scans, std::span<uint8_t> out) const {
  MayReachEach(scans, out);
}

UnitCounts::UnitCounts(uint64_t counters, int limit)
    : counts_(std::bit_ceil(std::max<uint64_t>(counters, 64)), limit) {}

void UnitCounts::CountSlots(std::span<const uint8_t> slots) {
  constexpr size_t kSlot = scanlog::kSlotSize;
  ForEachUnitIndex(
      slots.size() / kSlot, counts_.size() - 1,
      [&](size_t i) {
        const uint8_t* slot = slots.data() + i * kSlot;  // the record's bytes come first
        Unit unit;
        std::memcpy(&unit.serial, slot + offsetof(ScanRecord, serial), sizeof unit.serial);
        std::memcpy(&unit.batch_id, slot + offsetof(ScanRecord, batch_id), sizeof unit.batch_id);
        return unit;
      },
      [&](uint64_t at) { counts_.Prefetch(at); }, [&](size_t, uint64_t at) { counts_.Increment(at); });
}

void UnitCounts::CountScans(std::span<const SerialScan> scans) {
  ForEachUnitIndex(
      scans.size(), counts_.size() - 1, [&](size_t i) { return Unit{scans[i].serial, scans[i].batch_id}; },
      [&](uint64_t at) { counts_.Prefetch(at); }, [&](size_t, uint64_t at) { counts_.Increment(at); });
}

UnitFilter UnitCounts::Combine(Comm& comm) && {
  if (comm.MaxOf(int64_t{gave_up_}) != 0) return UnitFilter();
  // Rank r sums the counters of words [first_word(r), first_word(r + 1)),
  // 64 counters a word, sent as their packed bytes.
  const int ranks = comm.size();
  const int bits = counts_.bits();
  const size_t words = counts_.size() / 64, word_bytes = 64 * static_cast<size_t>(bits) / 8;
  const auto first_word = [&](int r) { return words * static_cast<size_t>(r) / static_cast<size_t>(ranks); };
  std::vector<size_t> send_bytes(static_cast<size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    send_bytes[static_cast<size_t>(r)] = word_bytes * (first_word(r + 1) - first_word(r));
  }
  const size_t mine = send_bytes[static_cast<size_t>(comm.rank())];
  std::vector<uint8_t> received;
  comm.Alltoallv(std::as_bytes(counts_.bytes()), send_bytes, [&](size_t total) {
    received.resize(total);
    return std::as_writable_bytes(std::span(received));
  });
  const int limit = counts_.limit();
  counts_ = SaturatingCounters(0, limit);

  std::vector<uint64_t> my_bits(mine / word_bytes, 0);
  for (size_t w = 0; w < my_bits.size(); ++w) {
    std::array<uint32_t, 64> sum{};  // at most 255 a rank
    for (int r = 0; r < ranks; ++r) {
      const uint8_t* from = received.data() + static_cast<size_t>(r) * mine + w * word_bytes;
      for (size_t i = 0; i < 64; ++i) sum[i] += static_cast<uint32_t>(SaturatingCounters::ValueIn(from, i, bits));
    }
    uint64_t word = 0;
    for (size_t i = 0; i < 64; ++i) word |= uint64_t{sum[i] >= static_cast<uint32_t>(limit)} << i;
    my_bits[w] = word;
  }
  std::vector<uint8_t>().swap(received);
  const uint64_t mask = words * 64 - 1;
  return UnitFilter(comm.AllgathervOf<uint64_t>(my_bits), mask);
}

void KeepSerialScansOfUnitsThatMayReach(Comm& comm, int64_t min_scans,
                                        std::vector<PagedVector<SerialScan>>* chunks) {
  int64_t local = 0;
  for (const PagedVector<SerialScan>& chunk : *chunks) local += static_cast<int64_t>(chunk.size());
  const uint64_t total = static_cast<uint64_t>(comm.SumOf(local));
  if (total == 0) return;
  const uint64_t ranks = static_cast<uint64_t>(comm.size()), per_rank = (total + ranks - 1) / ranks;
  UnitCounts counts(std::min(total, 2 * per_rank), static_cast<int>(std::min<int64_t>(min_scans, 255)));
  for (const PagedVector<SerialScan>& chunk : *chunks) counts.CountScans(chunk);
  const UnitFilter filter = std::move(counts).Combine(comm);
  std::vector<uint8_t> keep;
  for (PagedVector<SerialScan>& chunk : *chunks) {
    keep.resize(chunk.size());
    filter.MayReach(chunk, keep);
    size_t kept = 0;
    for (size_t i = 0; i < chunk.size(); ++i) {  // branch-free: most are dropped, at random
      chunk[kept] = chunk[i];
      kept += keep[i];
    }
    chunk.resize(kept);
  }
  std::erase_if(*chunks, [](const PagedVector<SerialScan>& chunk) { return chunk.empty(); });
}

}  // namespace qrmark::ingest
