// The verify routes: enumeration throttle, code check, durable scan, answer.
#include "src/verifyd/verify_route.h"

#include <charconv>

#include "src/base/civil_time.h"
#include "src/crypto/user_key.h"
#include "src/codes/code_format.h"
#include "src/verifyd/json.h"
#include "src/verifyd/query.h"
#include "src/verifyd/user_agent.h"
#include "src/verifyd/verify_page.h"

namespace qrmark::verifyd {
namespace {

Route RouteOf(VerifyForm form) {
  if (form == VerifyForm::kJson) return Route::kVerifyJson;
  return form == VerifyForm::kGs1Page ? Route::kGs1 : Route::kVerifyPage;
}

uint16_t RegionOf(const Request& req, std::string_view query, const Deps& deps) {
  std::string text = req.region.empty() ? QueryParam(query, "region") : req.region;
  unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && v <= 65535) {
    return static_cast<uint16_t>(v);
  }
  return deps.regions ? deps.regions->Lookup(req.client_ip) : 0;
}

Response Render(VerifyForm form, const VerifyFacts& facts) {
  Response r;
  r.route = RouteOf(form);
  r.verdict = facts.verdict;
  r.status = facts.http_status;
  r.headers.push_back({"Cache-Control", "no-store"});
  if (form == VerifyForm::kJson) {
    r.content_type = "application/json";
    r.body = VerifyJson(facts);
  } else {
    r.content_type = "text/html; charset=utf-8";
    r.body = VerifyPage(facts);
  }
  return r;
}

ScanRecord RecordOf(const CodeLookup& lookup, const Request& req, std::string_view query,
                    const Deps& deps, int64_t now_ms) {
  ScanRecord rec{};
  ClientKind kind = ClassifyUserAgent(req.user_agent);
  std::string uid = req.user_id.empty() ? QueryParam(query, "uid") : req.user_id;
  rec.ts_unix_ms = now_ms;
  rec.user_key = crypto::PseudonymousUserKey(deps.user_hash_key, uid);
  rec.serial = lookup.code.serial;
  rec.product_id = lookup.batch->product;
  rec.batch_id = lookup.code.batch;
  rec.region = RegionOf(req, query, deps);
  rec.channel = kind.channel;
  rec.device_os = kind.os;
  return rec;
}

}  // namespace

void HandleVerify(VerifyForm form, std::string_view subject, std::string_view query,
                  const Request& req, Deps& deps, Respond respond) {
  int64_t now_ms = deps.now_ms();
  if (!deps.limiter->Allowed(req.client_ip, now_ms)) {
    deps.metrics->CountThrottled();
    Response r = TextResponse(429, "too many invalid codes; slow down\n", RouteOf(form));
    r.headers.push_back({"Retry-After", "1"});
    respond(std::move(r));
    return;
  }
  std::shared_ptr<const CodeBook> book = deps.codes->Get();
  CodeLookup lookup = form == VerifyForm::kGs1Page ? book->CheckGs1(subject) : book->Check(subject);
  if (lookup.check != CodeCheck::kAuthentic) {
    deps.limiter->ChargeInvalid(req.client_ip, now_ms);
    VerifyFacts facts;
    if (lookup.check != CodeCheck::kMalformed) facts.code_text = codes::FormatCode(lookup.code);
    facts.verdict = Verdict::kInvalid;
    facts.http_status = HttpStatusOf(lookup.check, facts.verdict);
    respond(Render(form, facts));
    return;
  }
  const int64_t now_s = now_ms / 1000;
  ScanRecord rec = RecordOf(lookup, req, query, deps, now_ms);
  auto decide = [&](const UnitHistory& h) {
    return ScanFlagsOf(Decide(lookup.check, lookup.batch, h.scans, now_s));
  };
  deps.log->Submit(rec, decide, [book, lookup, form, now_s, respond](Result<LoggedScan> logged) {
    if (!logged.ok()) {
      respond(TextResponse(503, "scan log unavailable; try again\n", RouteOf(form)));
      return;
    }
    VerifyFacts f = FactsOf(lookup, *logged, now_s);
    respond(Render(form, f));
  });
}

}  // namespace qrmark::verifyd
