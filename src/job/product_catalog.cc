// Catalog rows → per-product category and tag ids (see product_catalog.h).
#include "src/job/product_catalog.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace qrmark::job {
namespace {

// The distinct names, sorted. A catalog repeats a few categories and tags
// over thousands of products, so the duplicates are dropped by a hash set
// before the sort: sorting the 80 K names of a 20 K-product catalog took
// 13 ms of every rank's start.
std::vector<std::string> SortedUnique(std::span<const std::string_view> names) {
  std::unordered_set<std::string_view> seen;
  std::vector<std::string> out;
  for (std::string_view name : names) {
    if (seen.insert(name).second) out.emplace_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

int32_t IdIn(const std::vector<std::string>& sorted, const std::string& name) {
  return static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), name) - sorted.begin());
}

}  // namespace

AlignedCatalog AlignCatalog(std::span<const catalog::CatalogEntry> entries,
                            std::span<const std::string> product_codes) {
  AlignedCatalog out;
  if (entries.empty()) return out;
  std::unordered_map<std::string_view, const catalog::CatalogEntry*> by_code;
  for (const auto& e : entries) by_code.emplace(e.product_code, &e);

  std::vector<const catalog::CatalogEntry*> of_product(product_codes.size(), nullptr);
  std::vector<std::string_view> categories, tags;  // views of `entries`
  for (size_t p = 0; p < product_codes.size(); ++p) {
    auto it = by_code.find(product_codes[p]);
    if (it == by_code.end()) continue;
    of_product[p] = it->second;
    ++out.products_listed;
    if (!it->second->category.empty()) categories.push_back(it->second->category);
    tags.insert(tags.end(), it->second->tags.begin(), it->second->tags.end());
  }
  itemcf::ItemCatalog& items = out.items;
  items.category_names = SortedUnique(categories);
  items.tag_names = SortedUnique(tags);
  items.category_of_product.assign(product_codes.size(), -1);
  items.tags_of_product.resize(product_codes.size());
  for (size_t p = 0; p < product_codes.size(); ++p) {
    const catalog::CatalogEntry* e = of_product[p];
    if (e == nullptr) continue;
    if (!e->category.empty()) items.category_of_product[p] = IdIn(items.category_names, e->category);
    std::vector<int32_t>& ids = items.tags_of_product[p];
    for (const std::string& tag : e->tags) ids.push_back(IdIn(items.tag_names, tag));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return out;
}

}  // namespace qrmark::job
