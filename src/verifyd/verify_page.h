// What a verify answer says, and its two renderings: JSON and a small
// bilingual (zh + en) mobile HTML page.
//
// Pure functions over a VerifyFacts value; no I/O. Thread-safe.
#ifndef QRMARK_SRC_VERIFYD_VERIFY_PAGE_H_
#define QRMARK_SRC_VERIFYD_VERIFY_PAGE_H_

#include <cstdint>
#include <string>

#include "src/verifyd/code_book.h"
#include "src/verifyd/scan_log.h"

namespace qrmark::verifyd {

struct VerifyFacts {
  Verdict verdict = Verdict::kInvalid;
  int http_status = 400;
  std::string code_text;        // canonical code; empty when malformed
  const codes::BatchEntry* batch = nullptr;  // set for authentic codes
  uint64_t scan_count = 0;      // scans of the unit including this one
  uint64_t scan_id = 0;
  int64_t first_scan_ms = 0;    // of the unit's first scan (repeats)
  uint16_t first_region = 0;
};

// The facts of an authentic code's logged scan at `now_s`.
VerifyFacts FactsOf(const CodeLookup& lookup, const LoggedScan& logged, int64_t now_s);

// {"verdict":..,"code":..,"product":..,"batch":..,"scan_count":..,...}
std::string VerifyJson(const VerifyFacts& facts);

// A self-contained HTML page (no external resources), Chinese then English.
std::string VerifyPage(const VerifyFacts& facts);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_VERIFY_PAGE_H_
