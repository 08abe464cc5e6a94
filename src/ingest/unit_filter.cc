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

namespace qrmark::ingest {

bool UnitFilter::MayReach(uint64_t serial, uint32_t batch_id) const {
  if (bits_.empty()) return true;
  const uint64_t i = MixUnit(serial, batch_id) & mask_;
  return (bits_[i / 64] >> (i % 64)) & 1;
}

void UnitFilter::MayReach(std::span<const ScanRecord> records, std::span<uint8_t> out) const {
  if (bits_.empty()) return std::fill(out.begin(), out.end(), uint8_t{1});
  constexpr size_t kBlock = 64;
  std::array<uint64_t, kBlock> at{};
  for (size_t b = 0; b < records.size(); b += kBlock) {
    const size_t m = std::min(kBlock, records.size() - b);
    for (size_t i = 0; i < m; ++i) {
      at[i] = MixUnit(records[b + i].serial, records[b + i].batch_id) & mask_;
      __builtin_prefetch(&bits_[at[i] / 64]);
    }
    for (size_t i = 0; i < m; ++i) out[b + i] = (bits_[at[i] / 64] >> (at[i] % 64)) & 1;
  }
}

UnitCounts::UnitCounts(uint64_t counters, int limit)
    : counts_(std::bit_ceil(std::max<uint64_t>(counters, 64)), limit) {}

void UnitCounts::CountSlots(std::span<const uint8_t> slots) {
  constexpr size_t kSlot = scanlog::kSlotSize;
  const size_t n = slots.size() / kSlot;
  const uint64_t mask = counts_.size() - 1;
  // Counters are found a block ahead and prefetched: the table is larger
  // than the caches, and the block's misses then overlap.
  constexpr size_t kBlock = 64;
  std::array<uint64_t, kBlock> at{};
  for (size_t b = 0; b < n; b += kBlock) {
    const size_t m = std::min(kBlock, n - b);
    for (size_t i = 0; i < m; ++i) {
      const uint8_t* slot = slots.data() + (b + i) * kSlot;  // the record's bytes come first
      uint64_t serial;
      uint32_t batch_id;
      std::memcpy(&serial, slot + offsetof(ScanRecord, serial), sizeof serial);
      std::memcpy(&batch_id, slot + offsetof(ScanRecord, batch_id), sizeof batch_id);
      at[i] = MixUnit(serial, batch_id) & mask;
      counts_.Prefetch(at[i]);
    }
    for (size_t i = 0; i < m; ++i) counts_.Increment(at[i]);
  }
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

}  // namespace qrmark::ingest
