// The verdict on one scan of a code, and the HTTP status that tells it.
//
// Decide is the whole policy: a malformed code is kInvalid (400); a code that
// is not ours (unknown batch, bad tag, serial never issued) is kInvalid (404);
// a recalled batch kRecalled (410); before the production day
// kNotActivated; after expiry kExpired; else kGenuine on the first scan and
// kRepeat after. Pure; no I/O; thread-safe.
#ifndef QRMARK_SRC_VERIFYD_VERDICT_H_
#define QRMARK_SRC_VERIFYD_VERDICT_H_

#include <cstdint>
#include <string_view>

#include "src/codes/registry.h"

namespace qrmark::verifyd {

enum class Verdict : uint8_t {
  kGenuine, kRepeat, kExpired, kNotActivated, kRecalled, kInvalid,
};
inline constexpr int kVerdictCount = 6;

// "genuine", "repeat", "expired", "not_activated", "recalled", "invalid".
std::string_view VerdictName(Verdict v);

// How the code itself checked out before the batch's state is considered.
enum class CodeCheck : uint8_t { kMalformed, kNotOurs, kAuthentic };

// The verdict for an authentic code of `batch` (non-null for kAuthentic)
// scanned at `now_unix_s` after `prior_scans` earlier scans of the unit.
Verdict Decide(CodeCheck check, const codes::BatchEntry* batch, uint64_t prior_scans,
               int64_t now_unix_s);

// 200, except 400 (malformed), 404 (not ours) and 410 (recalled).
int HttpStatusOf(CodeCheck check, Verdict verdict);

// Scan-log flags of a verdict (src/base/scan_record.h ScanFlags).
uint8_t ScanFlagsOf(Verdict v);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_VERDICT_H_
