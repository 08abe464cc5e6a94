// The product catalog lined up with the job's product dictionary.
//
// Ingest numbers products by their sorted codes; the catalog CSV names them
// by code. `AlignCatalog` gives item-CF and the features stage what they
// need per dense product id: category and tags as ids into sorted
// dictionaries (so the ids do not depend on the catalog's row order).
// Products the catalog does not list have no category and no tags; catalog
// rows for products nobody scanned are ignored. Pure; thread-safe.
//
// Example:
//   QRMARK_ASSIGN_OR_RETURN(auto entries, catalog::ReadCatalog(config.catalog));
//   AlignedCatalog aligned = AlignCatalog(entries, ingested.product_codes);
#ifndef QRMARK_SRC_JOB_PRODUCT_CATALOG_H_
#define QRMARK_SRC_JOB_PRODUCT_CATALOG_H_

#include <cstdint>
#include <span>
#include <string>

#include "io/catalog/catalog.h"
#include "src/itemcf/portrait.h"

namespace qrmark::job {

struct AlignedCatalog {
  itemcf::ItemCatalog items;  // empty vectors when no catalog was given
  int64_t products_listed = 0;  // dictionary products the catalog lists
};

AlignedCatalog AlignCatalog(std::span<const catalog::CatalogEntry> entries,
                            std::span<const std::string> product_codes);

}  // namespace qrmark::job

#endif  // QRMARK_SRC_JOB_PRODUCT_CATALOG_H_
