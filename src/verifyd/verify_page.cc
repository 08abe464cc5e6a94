// JSON and HTML renderings of a verify answer.
#include "src/verifyd/verify_page.h"

#include "src/base/civil_time.h"
#include "src/verifyd/json.h"

namespace qrmark::verifyd {
namespace {

struct Words {
  const char* zh;
  const char* en;
  const char* colour;
};

Words WordsOf(Verdict v) {
  switch (v) {
    case Verdict::kGenuine: return {"正品验证通过", "Genuine product", "#1a7f37"};
    case Verdict::kRepeat: return {"此码已被扫描过，请注意", "This code was scanned before", "#b26b00"};
    case Verdict::kExpired: return {"产品已过期", "This product has expired", "#b26b00"};
    case Verdict::kNotActivated: return {"此码尚未激活", "This code is not yet activated", "#b26b00"};
    case Verdict::kRecalled: return {"该批次已召回，请勿使用", "This batch has been recalled", "#cf222e"};
    case Verdict::kInvalid: break;
  }
  return {"无效码，可能是假冒产品", "Not a valid code: possibly counterfeit", "#cf222e"};
}

std::string Day(int64_t unix_s) { return FormatUtc(unix_s).substr(0, 10); }

}  // namespace

VerifyFacts FactsOf(const CodeLookup& lookup, const LoggedScan& logged, int64_t now_s) {
  VerifyFacts f;
  f.verdict = Decide(lookup.check, lookup.batch, logged.history.scans, now_s);
  f.http_status = HttpStatusOf(lookup.check, f.verdict);
  f.code_text = codes::FormatCode(lookup.code);
  f.batch = lookup.batch;
  f.scan_count = logged.history.scans + 1;
  f.scan_id = logged.record.scan_id;
  f.first_scan_ms = logged.history.scans > 0 ? logged.history.first_ts_ms : logged.record.ts_unix_ms;
  f.first_region = logged.history.scans > 0 ? logged.history.first_region : logged.record.region;
  return f;
}

std::string VerifyJson(const VerifyFacts& f) {
  std::string j = "{\"verdict\":" + JsonString(VerdictName(f.verdict));
  if (!f.code_text.empty()) j += ",\"code\":" + JsonString(f.code_text);
  if (f.batch != nullptr) {
    j += ",\"product\":" + std::to_string(f.batch->product) +
         ",\"batch\":" + std::to_string(f.batch->batch);
    if (!f.batch->gtin.empty()) j += ",\"gtin\":" + JsonString(f.batch->gtin);
    j += ",\"produced\":" + JsonString(Day(f.batch->produced_unix)) +
         ",\"expiry\":" + JsonString(Day(f.batch->expiry_unix)) +
         ",\"scan_count\":" + std::to_string(f.scan_count) +
         ",\"scan_id\":" + std::to_string(f.scan_id) +
         ",\"first_scan\":{\"time\":" + JsonString(FormatUtc(f.first_scan_ms / 1000)) +
         ",\"time_ms\":" + std::to_string(f.first_scan_ms) +
         ",\"region\":" + std::to_string(f.first_region) + "}";
  }
  return j + "}\n";
}

std::string VerifyPage(const VerifyFacts& f) {
  Words w = WordsOf(f.verdict);
  std::string details;
  if (f.batch != nullptr) {
    details = "<p>产品 Product " + std::to_string(f.batch->product) + " · 批次 Batch " +
              std::to_string(f.batch->batch) + "</p><p>生产 Produced " +
              Day(f.batch->produced_unix) + " · 有效期至 Expires " + Day(f.batch->expiry_unix) +
              "</p><p>扫描次数 Scans: " + std::to_string(f.scan_count) + "</p>";
    if (f.verdict == Verdict::kRepeat) {
      details += "<p>首次扫描 First scan: " + FormatUtc(f.first_scan_ms / 1000) + " · 地区 Region " +
                 std::to_string(f.first_region) + "</p>";
    }
  }
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         "<title>验证 Verify</title></head><body style=\"font-family:sans-serif;margin:2em\">"
         "<h1 style=\"color:" + std::string(w.colour) + "\">" + w.zh + "</h1><h2>" + w.en +
         "</h2><p><code>" + HtmlEscape(f.code_text) + "</code></p>" + details +
         "</body></html>\n";
}

}  // namespace qrmark::verifyd
