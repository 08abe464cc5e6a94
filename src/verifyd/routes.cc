// Routes: dispatch, the health/metrics routes and the bearer-token routes.
#include "src/verifyd/routes.h"

#include "src/crypto/ct_equal.h"
#include "src/verifyd/query.h"
#include "src/verifyd/verify_route.h"

namespace qrmark::verifyd {
namespace {

bool Authorized(const Request& req, const Deps& deps) {
  std::string expected = "Bearer " + deps.bearer_token;
  auto bytes = [](const std::string& s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  return !deps.bearer_token.empty() && crypto::CtEqual(bytes(req.authorization), bytes(expected));
}

// A file name of the manifest (or the manifest itself): no path tricks possible.
bool ServedFile(const Snapshot& snap, std::string_view name) {
  if (name == snapshot::kManifestFile || name == snapshot::kSignatureFile) return true;
  for (const auto& f : snap.manifest.files) {
    if (f.name == name) return true;
  }
  return false;
}

Response Internal(std::string_view path, const Request& req, Deps& deps) {
  Route route = path.ends_with("/portrait") ? Route::kPortrait
                : path == "/v1/snapshots/latest" ? Route::kManifest : Route::kSnapshotFile;
  if (!Authorized(req, deps)) {
    Response r = TextResponse(401, "bearer token required\n", route);
    r.headers.push_back({"WWW-Authenticate", "Bearer"});
    return r;
  }
  std::shared_ptr<const Snapshot> snap = deps.snapshots ? deps.snapshots->Get() : nullptr;
  if (!snap) return TextResponse(503, "no snapshot loaded yet\n", route);
  Response r;
  r.route = route;
  r.content_type = "application/json";
  if (route == Route::kPortrait) {
    std::string_view key = path.substr(10, path.size() - 10 - 9);  // /v1/users/<key>/portrait
    auto it = snap->portraits.find(std::string(key));
    if (it == snap->portraits.end()) return TextResponse(404, "no such user in the snapshot\n", route);
    r.body = "{\"snapshot_id\":\"" + snap->manifest.snapshot_id + "\",\"portrait\":" + it->second + "}\n";
  } else if (route == Route::kManifest) {
    r.body = snap->manifest_json;
  } else {
    std::string_view rest = path.substr(14);  // /v1/snapshots/<id>/<file>
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos || rest.substr(0, slash) != snap->manifest.snapshot_id ||
        !ServedFile(*snap, rest.substr(slash + 1))) {
      return TextResponse(404, "no such file in the served snapshot\n", route);
    }
    r.content_type = "application/octet-stream";
    r.file_path = snap->dir + "/" + std::string(rest.substr(slash + 1));
  }
  return r;
}

}  // namespace

Response TextResponse(int status, std::string body, Route route) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.route = route;
  return r;
}

void Handle(const Request& req, Deps& deps, Respond respond) {
  auto [path, query] = SplitTarget(req.target);
  if (req.method != "GET") {
    Response r = TextResponse(405, "only GET is served\n", Route::kOther);
    r.headers.push_back({"Allow", "GET"});
    return respond(std::move(r));
  }
  if (path.starts_with("/q/") || path.starts_with("/Q/")) {
    return HandleVerify(VerifyForm::kPage, path.substr(3), query, req, deps, std::move(respond));
  }
  if (path.starts_with("/v1/verify/")) {
    return HandleVerify(VerifyForm::kJson, path.substr(11), query, req, deps, std::move(respond));
  }
  if (path.starts_with("/01/")) {
    return HandleVerify(VerifyForm::kGs1Page, path, query, req, deps, std::move(respond));
  }
  if (path == "/healthz") return respond(TextResponse(200, "ok\n", Route::kHealth));
  if (path == "/metrics") {
    SnapshotGauge gauge;
    if (auto snap = deps.snapshots ? deps.snapshots->Get() : nullptr) {
      gauge.id = snap->manifest.snapshot_id;
      gauge.age_s = deps.now_ms() / 1000 - snap->created_unix;
    }
    Response r = TextResponse(200, deps.metrics->Render(gauge), Route::kMetrics);
    r.content_type = "text/plain; version=0.0.4";
    return respond(std::move(r));
  }
  bool portrait = path.starts_with("/v1/users/") && path.ends_with("/portrait") && path.size() > 19;
  if (portrait || path.starts_with("/v1/snapshots/")) return respond(Internal(path, req, deps));
  respond(TextResponse(404, "not found\n", Route::kOther));
}

}  // namespace qrmark::verifyd
