// A synthetic product catalog: ~12 categories with tags and price levels.
//
// Product codes are "1".."P" (scans refer to them by number); each product
// gets a category, 2-4 tags from its category plus sometimes a cross-category
// tag, and a lognormal price around its category's level. Deterministic in
// (seed, products). Not a model of any real brand's range.
#ifndef QRMARK_SRC_SYNTH_CATALOG_GEN_H_
#define QRMARK_SRC_SYNTH_CATALOG_GEN_H_

#include <cstdint>
#include <vector>

#include "io/catalog/catalog.h"

namespace qrmark::synth {

// The catalog of `products` products; entry i has product_code i+1.
std::vector<catalog::CatalogEntry> MakeCatalog(uint64_t seed, uint32_t products);

}  // namespace qrmark::synth

#endif  // QRMARK_SRC_SYNTH_CATALOG_GEN_H_
