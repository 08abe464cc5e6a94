// The verify routes (/q/, /v1/verify/, GS1): check, decide, log, answer.
//
// Internal to routes.cc; split out to keep each file small. The page and the
// JSON carry the same facts: verdict, product, batch, scan count, and the
// first scan's time and region for repeats.
//
// Thread safety: as Handle (routes.h).
#ifndef QRMARK_SRC_VERIFYD_VERIFY_ROUTE_H_
#define QRMARK_SRC_VERIFYD_VERIFY_ROUTE_H_

#include <string_view>

#include "src/verifyd/routes.h"

namespace qrmark::verifyd {

enum class VerifyForm : uint8_t { kPage, kJson, kGs1Page };

// `subject` is the code text (kPage, kJson) or the whole path (kGs1Page);
// `query` the part after '?'.
void HandleVerify(VerifyForm form, std::string_view subject, std::string_view query,
                  const Request& request, Deps& deps, Respond respond);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_VERIFY_ROUTE_H_
