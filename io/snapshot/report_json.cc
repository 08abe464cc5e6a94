// A small JSON emitter for report.json (no parser: nothing reads it back).
#include "io/snapshot/report_json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace qrmark::snapshot {
namespace {

void Put(int64_t v, std::string* out) { *out += std::to_string(v); }
void Put(const std::string& v, std::string* out) { *out += JsonString(v); }
void Put(double v, std::string* out) {
  if (!std::isfinite(v)) {
    *out += "null";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}
template <typename T>
void Put(const std::vector<T>& values, std::string* out) {
  *out += '[';
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) *out += ", ";
    Put(values[i], out);
  }
  *out += ']';
}

}  // namespace

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string ReportJson(const SnapshotContent& content, std::span<const int64_t> table_rows) {
  std::string out = "{\n  \"snapshot_id\": " + JsonString(content.id) + ",\n  \"attributes\": {";
  const char* sep = "\n";
  for (const auto& [name, value] : content.attributes) {
    out += sep + std::string("    ") + JsonString(name) + ": ";
    std::visit([&out](const auto& v) { Put(v, &out); }, value);
    sep = ",\n";
  }
  out += "\n  },\n  \"tables\": {";
  sep = "\n";
  for (size_t t = 0; t < content.tables.size(); ++t) {
    const Table& table = content.tables[t];
    std::vector<std::string> columns;
    for (const Column& c : table.columns) columns.push_back(c.name);
    out += sep + std::string("    ") + JsonString(table.name) + ": {\"rows\": ";
    Put(table_rows[t], &out);
    out += ", \"columns\": ";
    Put(columns, &out);
    out += "}";
    sep = ",\n";
  }
  return out + "\n  }\n}\n";
}

}  // namespace qrmark::snapshot
