// Catalog CSV reading (through io/csv) and writing.
#include "io/catalog/catalog.h"

#include <algorithm>
#include <fstream>
#include <unordered_set>

#include "io/csv/csv_reader.h"
#include "io/csv/csv_writer.h"
#include "io/csv/field_parse.h"

namespace qrmark::catalog {
namespace {

constexpr const char* kColumns[] = {"product_id", "sku", "name", "category", "tags", "price_cents"};

std::vector<std::string> SplitTags(std::string_view text) {
  std::vector<std::string> tags;
  while (!text.empty()) {
    const size_t bar = std::min(text.find('|'), text.size());
    if (bar > 0) tags.emplace_back(text.substr(0, bar));
    text.remove_prefix(std::min(bar + 1, text.size()));
  }
  return tags;
}

}  // namespace

Result<std::vector<CatalogEntry>> ReadCatalog(const std::string& path) {
  QRMARK_ASSIGN_OR_RETURN(std::vector<std::string> header, csv::ReadCsvHeader(path));
  int col[6];
  for (int i = 0; i < 6; ++i) {
    auto it = std::find(header.begin(), header.end(), kColumns[i]);
    if (it == header.end()) {
      return InvalidArgument(path + ": catalog has no column '" + kColumns[i] + "'");
    }
    col[i] = static_cast<int>(it - header.begin());
  }
  QRMARK_ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(path, 0, UINT64_MAX, /*has_header=*/true));
  std::vector<CatalogEntry> entries;
  std::unordered_set<std::string> seen;
  csv::CsvRecord rec;
  while (true) {
    QRMARK_ASSIGN_OR_RETURN(bool more, reader->Next(&rec));
    if (!more) break;
    const auto where = [&] { return path + " at byte " + std::to_string(rec.offset); };
    if (rec.error != csv::CsvError::kOk || rec.fields.size() != header.size()) {
      return InvalidArgument(where() + ": malformed catalog row (expected " + std::to_string(header.size()) +
                             " columns)");
    }
    CatalogEntry e;
    e.product_code = std::string(rec.fields[col[0]]);
    e.sku = std::string(rec.fields[col[1]]);
    e.name = std::string(rec.fields[col[2]]);
    e.category = std::string(rec.fields[col[3]]);
    e.tags = SplitTags(rec.fields[col[4]]);
    if (!csv::ParseInt64(rec.fields[col[5]], &e.price_cents) || e.price_cents < 0) {
      return InvalidArgument(where() + ": bad price_cents '" + std::string(rec.fields[col[5]]) + "'");
    }
    if (e.product_code.empty() || !seen.insert(e.product_code).second) {
      return InvalidArgument(where() + ": empty or duplicate product_id '" + e.product_code + "'");
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

Status WriteCatalog(const std::string& path, const std::vector<CatalogEntry>& entries) {
  std::string text = "product_id,sku,name,category,tags,price_cents\n";
  for (const CatalogEntry& e : entries) {
    std::string tags;
    for (const std::string& t : e.tags) {
      if (t.find('|') != std::string::npos) return InvalidArgument("catalog tag holds '|': " + t);
      tags.append(tags.empty() ? "" : "|").append(t);
    }
    const std::string price = std::to_string(e.price_cents);
    const std::string_view fields[] = {e.product_code, e.sku, e.name, e.category, tags, price};
    csv::AppendCsvRow(&text, fields);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return IoError("cannot write catalog " + path);
  return Status::Ok();
}

}  // namespace qrmark::catalog
