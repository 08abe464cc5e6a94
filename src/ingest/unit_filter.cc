// UnitCounts and UnitFilter: hashed saturating counters per unit, summed over
// the ranks by a reduce-scatter (Alltoallv), kept as one bit per counter.
#include "src/ingest/unit_filter.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

namespace unit_filter_detail {
namespace {

// One counter at a time: the reference, and the path without SSE2.
uint64_t ReachedLimitOneByOne(const uint8_t* first, size_t stride, size_t tables, int bits, int limit) {
  std::array<uint32_t, 64> sum{};  // at most 255 a table
  for (size_t t = 0; t < tables; ++t) {
    for (size_t i = 0; i < 64; ++i) {
      sum[i] += static_cast<uint32_t>(SaturatingCounters::ValueIn(first + t * stride, i, bits));
    }
  }
  uint64_t word = 0;
  for (size_t i = 0; i < 64; ++i) word |= uint64_t{sum[i] >= static_cast<uint32_t>(limit)} << i;
  return word;
}

#ifdef __SSE2__
// The 16 bits of `m` spread `kApart` bits apart (bit j to bit j * kApart).
template <int kApart>
uint64_t Spread(uint64_t m) {
  if constexpr (kApart == 1) return m;
  if constexpr (kApart == 2) {
    m = (m | m << 8) & 0x00FF00FFULL;
    m = (m | m << 4) & 0x0F0F0F0FULL;
    m = (m | m << 2) & 0x33333333ULL;
    return (m | m << 1) & 0x55555555ULL;
  }
  m = (m | m << 24) & 0x000000FF000000FFULL;
  m = (m | m << 12) & 0x000F000F000F000FULL;
  m = (m | m << 6) & 0x0303030303030303ULL;
  return (m | m << 3) & 0x1111111111111111ULL;
}

// The 64 counters' bytes in 16-byte vectors (kBits / 2 of them); in each,
// field q of every byte (counters byte * 8 / kBits + q) is shifted down,
// masked and added, saturating at 255, over the tables; the sums that reach
// the limit become bits, spread back to their counters' places.
template <int kBits>
uint64_t ReachedLimitSse2(const uint8_t* first, size_t stride, size_t tables, int limit) {
  constexpr int kPerByte = 8 / kBits;
  const __m128i field_mask = _mm_set1_epi8(static_cast<char>((1 << kBits) - 1));
  const __m128i limits = _mm_set1_epi8(static_cast<char>(limit));
  uint64_t word = 0;
  for (int v = 0; v < kBits / 2; ++v) {
    __m128i sum[kPerByte];
    for (__m128i& s : sum) s = _mm_setzero_si128();
    for (size_t t = 0; t < tables; ++t) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(first + t * stride + 16 * v));
      for (int q = 0; q < kPerByte; ++q) {
        const __m128i field = kBits == 8 ? bytes : _mm_and_si128(_mm_srli_epi16(bytes, q * kBits), field_mask);
        sum[q] = _mm_adds_epu8(sum[q], field);
      }
    }
    for (int q = 0; q < kPerByte; ++q) {  // sum >= limit: max(sum, limit) == sum
      const __m128i reached = _mm_cmpeq_epi8(_mm_max_epu8(sum[q], limits), sum[q]);
      const uint64_t bits = static_cast<uint16_t>(_mm_movemask_epi8(reached));
      word |= Spread<kPerByte>(bits) << (16 * kPerByte * v + q);
    }
  }
  return word;
}
#endif

}  // namespace

uint64_t ReachedLimit(const uint8_t* first, size_t stride, size_t tables, int bits, int limit) {
#ifdef __SSE2__
  switch (bits) {
    case 2: return ReachedLimitSse2<2>(first, stride, tables, limit);
    case 4: return ReachedLimitSse2<4>(first, stride, tables, limit);
    case 8: return ReachedLimitSse2<8>(first, stride, tables, limit);
    default: break;
  }
#endif
  return ReachedLimitOneByOne(first, stride, tables, bits, limit);
}

}  // namespace unit_filter_detail

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
    my_bits[w] = unit_filter_detail::ReachedLimit(received.data() + w * word_bytes, mine,
                                                  static_cast<size_t>(ranks), bits, limit);
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
