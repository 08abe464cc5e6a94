// Verdict policy: code check, batch status, shelf life, scan count.
#include "src/verifyd/verdict.h"

#include "src/base/scan_record.h"

namespace qrmark::verifyd {

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kGenuine: return "genuine";
    case Verdict::kRepeat: return "repeat";
    case Verdict::kExpired: return "expired";
    case Verdict::kNotActivated: return "not_activated";
    case Verdict::kRecalled: return "recalled";
    case Verdict::kInvalid: return "invalid";
  }
  return "invalid";
}

Verdict Decide(CodeCheck check, const codes::BatchEntry* batch, uint64_t prior_scans,
               int64_t now_unix_s) {
  if (check != CodeCheck::kAuthentic || batch == nullptr) return Verdict::kInvalid;
  if (batch->status == codes::BatchStatus::kRecalled) return Verdict::kRecalled;
  if (now_unix_s < batch->produced_unix) return Verdict::kNotActivated;
  if (now_unix_s >= batch->expiry_unix) return Verdict::kExpired;
  return prior_scans == 0 ? Verdict::kGenuine : Verdict::kRepeat;
}

int HttpStatusOf(CodeCheck check, Verdict verdict) {
  if (check == CodeCheck::kMalformed) return 400;
  if (check == CodeCheck::kNotOurs || verdict == Verdict::kInvalid) return 404;
  return verdict == Verdict::kRecalled ? 410 : 200;
}

uint8_t ScanFlagsOf(Verdict v) {
  if (v == Verdict::kGenuine) return kFlagFirstScan;
  if (v == Verdict::kRepeat) return kFlagRepeat;
  return kFlagInvalid;
}

}  // namespace qrmark::verifyd
