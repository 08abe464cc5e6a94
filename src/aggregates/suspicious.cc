// Suspicious serials: shuffle to the serial's owner, count per unit, gather the flagged.
#include "src/aggregates/suspicious.h"

#include <algorithm>
#include <bit>
#include <span>
#include <tuple>

#include "src/aggregates/columns.h"
#include "src/base/bucket_sort.h"
#include "src/base/hash.h"
#include "src/base/prefetch_ahead.h"
#include "src/base/saturating_counters.h"
#include "src/dist/shuffle.h"

namespace qrmark::aggregates {
namespace {

struct Flagged {
  uint64_t serial;
  int64_t batch_id, scans, regions, invalid;
  int32_t reason;  // bit 0: too many scans, bit 1: too many regions
  int32_t pad;
};

// Groups a unit's scans together, regions in order within the unit. Units
// come in the order of their mixed serial (a bijection), which spreads them
// evenly for SortByLeadingKey; the flagged are put in serial order later.
constexpr auto kMixedSerial = [](const SerialScan& s) { return Mix64(s.serial); };
constexpr auto kUnitLess = [](const SerialScan& a, const SerialScan& b) {
  if (a.serial != b.serial) return Mix64(a.serial) < Mix64(b.serial);
  return std::tie(a.batch_id, a.region) < std::tie(b.batch_id, b.region);
};

// A unit with fewer than `min_scans` scans can be flagged by neither limit
// (its regions never outnumber its scans), and most units are scanned once.
// One pass counts scans per hashed unit slot (saturating; units sharing a
// slot only add up), a second moves the scans whose slot reaches the limit to
// the front: every scan of a unit that may be flagged, plus the few sharing a
// slot with one. Returns how many; only those need sorting and counting.
size_t MoveMaybeFlaggedToFront(std::span<SerialScan> scans, int64_t min_scans) {
  if (min_scans <= 1) return scans.size();
  const int limit = static_cast<int>(std::min<int64_t>(min_scans, 255));
  const size_t slots = std::bit_ceil(std::max<size_t>(2 * scans.size(), 64));
  const auto slot_of = [mask = slots - 1](const SerialScan& s) {
    return static_cast<size_t>(MixUnit(s.serial, s.batch_id) & mask);
  };
  SaturatingCounters count(slots, limit);
  // The table is larger than the caches: slots are prefetched ahead.
  const auto for_each_scan = [&](auto&& visit) {
    ForEachPrefetched(
        scans.size(), [&](size_t i) { return slot_of(scans[i]); }, [&](size_t s) { count.Prefetch(s); }, visit);
  };
  for_each_scan([&](size_t, size_t s) { count.Increment(s); });
  size_t kept = 0;
  for_each_scan([&](size_t i, size_t s) {
    if (count.Value(s) >= limit) std::swap(scans[i], scans[kept++]);
  });
  return kept;
}

// Counts each unit of `mine` (sorted by kUnitLess) and keeps the flagged.
std::vector<Flagged> FlagUnits(std::span<const SerialScan> mine, const SuspiciousParams& p) {
  std::vector<Flagged> out;
  for (size_t b = 0; b < mine.size();) {
    Flagged f{mine[b].serial, mine[b].batch_id, 0, 0, 0, 0, 0};
    size_t e = b;
    for (; e < mine.size() && mine[e].serial == f.serial && mine[e].batch_id == f.batch_id; ++e) {
      ++f.scans;
      if (e == b || mine[e].region != mine[e - 1].region) ++f.regions;
      if (mine[e].flags & kFlagInvalid) ++f.invalid;
    }
    f.reason = (f.scans >= p.min_scans ? 1 : 0) | (f.regions >= p.min_regions ? 2 : 0);
    if (f.reason != 0) out.push_back(f);
    b = e;
  }
  return out;
}

}  // namespace

Result<snapshot::Table> SuspiciousSerialTable(Comm& comm, std::vector<PagedVector<SerialScan>> chunks,
                                              const SuspiciousParams& params) {
  if (params.min_scans < 1 || params.min_regions < 1) {
    return InvalidArgument("suspicious serials: min_scans and min_regions must be >= 1, got " +
                           std::to_string(params.min_scans) + ", " + std::to_string(params.min_regions));
  }
  const int n = comm.size();
  PagedVector<SerialScan> mine = ShuffleChunks<SerialScan>(
      comm, std::move(chunks), [n](const SerialScan& s) { return OwnerOf(s.serial, n); });
  const std::span<SerialScan> maybe =
      std::span(mine).first(MoveMaybeFlaggedToFront(mine, std::min(params.min_scans, params.min_regions)));
  SortByLeadingKey(maybe, kMixedSerial, kUnitLess);
  std::vector<Flagged> all = comm.AllgathervOf<Flagged>(FlagUnits(maybe, params));
  std::sort(all.begin(), all.end(), [](const Flagged& a, const Flagged& b) {
    return std::tie(a.serial, a.batch_id) < std::tie(b.serial, b.batch_id);
  });
  std::vector<uint64_t> serial;
  std::vector<int64_t> batch, count, regions, invalid;
  std::vector<int32_t> reason;
  for (const Flagged& f : all) {
    serial.push_back(f.serial), batch.push_back(f.batch_id), count.push_back(f.scans);
    regions.push_back(f.regions), invalid.push_back(f.invalid), reason.push_back(f.reason - 1);
  }
  snapshot::Table t{"suspicious_serials", false, true, {}};
  snapshot::Column s;
  s.name = "serial";
  s.data = std::move(serial);
  s.description = "unit serial within its batch";
  t.columns.push_back(std::move(s));
  t.columns.push_back(Int64Column("batch_id", std::move(batch), "production batch"));
  t.columns.push_back(Int64Column("scans", std::move(count), "scans of this unit (count)"));
  t.columns.push_back(
      Int64Column("distinct_regions", std::move(regions), "regions it was scanned from (count)"));
  t.columns.push_back(
      Int64Column("invalid_scans", std::move(invalid), "scans the verifier marked invalid (count)"));
  t.columns.push_back(CodeColumn("reason", std::move(reason), {"too_many_scans", "too_many_regions", "both"},
                                 "which limit the unit reached (min_scans / min_regions)"));
  return t;
}

}  // namespace qrmark::aggregates
