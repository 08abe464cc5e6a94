// The product catalog: code, SKU, name, category, tags and price per product.
//
// Stored as CSV with the header product_id,sku,name,category,tags,price_cents
// (tags joined by '|'). Written by `qrmark gen`, read by the job to attach
// categories and tags to products (item-CF portraits). Small enough to read
// whole on every rank. Pure functions over files; thread-safe.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(std::vector<CatalogEntry> catalog, ReadCatalog("data/catalog.csv"));
#ifndef QRMARK_IO_CATALOG_CATALOG_H_
#define QRMARK_IO_CATALOG_CATALOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/base/status.h"

namespace qrmark::catalog {

struct CatalogEntry {
  std::string product_code;  // the product_id column: the code scans refer to
  std::string sku, name, category;
  std::vector<std::string> tags;
  int64_t price_cents = 0;
};

// The entries of the catalog at `path`, in file order. NotFound/IoError
// name the path; InvalidArgument names the path, byte offset and column of
// a malformed row, a bad price, a duplicate product_id or a missing column.
[[nodiscard]] Result<std::vector<CatalogEntry>> ReadCatalog(const std::string& path);

// Writes `entries` to `path` (replaced). InvalidArgument when a tag holds
// '|'; IoError naming the path.
[[nodiscard]] Status WriteCatalog(const std::string& path, const std::vector<CatalogEntry>& entries);

}  // namespace qrmark::catalog

#endif  // QRMARK_IO_CATALOG_CATALOG_H_
