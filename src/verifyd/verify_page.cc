// JSON and HTML renderings of a verify answer.
#include "src/verifyd/verify_page.h"

#include <charconv>

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
  std::string j;
  j.reserve(320);  // one allocation for a whole answer
  auto number = [&j](auto n) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    j.append(digits, end);
  };
  auto quoted_day = [&j](int64_t unix_s) {
    j += '"';
    AppendUtc(unix_s, &j);
    j.resize(j.size() - 10);  // keep YYYY-MM-DD, drop THH:MM:SSZ
    j += '"';
  };
  j += "{\"verdict\":";
  AppendJsonString(VerdictName(f.verdict), &j);
  if (!f.code_text.empty()) {
    j += ",\"code\":";
    AppendJsonString(f.code_text, &j);
  }
  if (f.batch != nullptr) {
    j += ",\"product\":";
    number(f.batch->product);
    j += ",\"batch\":";
    number(f.batch->batch);
    if (!f.batch->gtin.empty()) {
      j += ",\"gtin\":";
      AppendJsonString(f.batch->gtin, &j);
    }
    j += ",\"produced\":";
    quoted_day(f.batch->produced_unix);
    j += ",\"expiry\":";
    quoted_day(f.batch->expiry_unix);
    j += ",\"scan_count\":";
    number(f.scan_count);
    j += ",\"scan_id\":";
    number(f.scan_id);
    j += ",\"first_scan\":{\"time\":\"";
    AppendUtc(f.first_scan_ms / 1000, &j);
    j += "\",\"time_ms\":";
    number(f.first_scan_ms);
    j += ",\"region\":";
    number(f.first_region);
    j += '}';
  }
  j += "}\n";
  return j;
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
