// Routes: the daemon's request → response logic, free of sockets and Beast.
//
//   GET /q/<code>, /Q/<code>         mobile HTML page (zh + en)
//   GET /01/<gtin>/10/<b>/21/<s>     the same page for GS1 Digital Link URIs
//   GET /v1/verify/<code>            JSON verdict
//   GET /healthz, /metrics           liveness, Prometheus text
//   GET /v1/users/<key>/portrait     } bearer token; served from the
//   GET /v1/snapshots/latest         } latest verified snapshot
//   GET /v1/snapshots/<id>/<file>    }
// Statuses are honest: 400 malformed code, 404 not ours, 410 recalled,
// 429 too many invalid codes, 503 scan log or snapshot unavailable. A scan of
// an authentic code is logged durably before `respond` is called (possibly
// on the scan log's commit thread).
//
// Thread safety: Handle is safe from any thread; Deps must outlive responses.
#ifndef QRMARK_SRC_VERIFYD_ROUTES_H_
#define QRMARK_SRC_VERIFYD_ROUTES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/verifyd/code_book.h"
#include "src/verifyd/limits.h"
#include "src/verifyd/metrics.h"
#include "src/verifyd/region_table.h"
#include "src/verifyd/scan_log.h"
#include "src/verifyd/snapshot_store.h"

namespace qrmark::verifyd {

struct Request {
  std::string method = "GET";
  std::string target;           // raw request-target: path and query, not decoded
  std::string user_agent;
  std::string user_id;          // X-User-Id header (the app's user id)
  std::string region;           // X-Region header (numeric region code)
  std::string authorization;    // Authorization header
  std::string accept_language;
  std::string client_ip;
};

struct Response {
  int status = 200;
  std::string_view content_type = "text/plain; charset=utf-8";  // a string literal
  std::string body;
  std::string file_path;  // if set, the body is this file (served by the server)
  std::vector<std::pair<std::string, std::string>> headers;
  Route route = Route::kOther;
  std::optional<Verdict> verdict;
};

// A plain-text response.
Response TextResponse(int status, std::string body, Route route);

struct Deps {
  CodeBookHolder* codes = nullptr;
  ScanLog* log = nullptr;
  SnapshotStore* snapshots = nullptr;  // may be null: internal routes answer 503
  Metrics* metrics = nullptr;
  InvalidCodeLimiter* limiter = nullptr;
  const RegionTable* regions = nullptr;
  std::vector<uint8_t> user_hash_key;
  std::string bearer_token;             // empty disables the internal routes (403)
  std::function<int64_t()> now_ms;      // wall clock, UTC ms
};

using Respond = std::function<void(Response)>;

// Answers `request` through `respond`, exactly once.
//
// Example:
//   Handle(request, deps, [&](Response r) { Send(std::move(r)); });
void Handle(const Request& request, Deps& deps, Respond respond);

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_ROUTES_H_
