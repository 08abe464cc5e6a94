// Category table (names, nouns, tags, price level) and per-product draws
// keyed by product id.
#include "src/synth/catalog_gen.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "src/base/rng.h"

namespace qrmark::synth {
namespace {

struct Category {
  const char* name;
  const char* noun;
  std::array<const char*, 5> tags;
  double median_price_cents;
};

constexpr std::array<Category, 12> kCategories = {{
    {"beverages", "Drink", {"tea", "juice", "sugar-free", "sparkling", "coffee"}, 600},
    {"skin care", "Serum", {"moisturizing", "anti-aging", "sensitive skin", "whitening", "sunscreen"}, 15900},
    {"baby products", "Baby Formula", {"infant", "organic", "formula", "diapers", "hypoallergenic"}, 23800},
    {"contact lenses", "Lenses", {"daily", "monthly", "colored", "astigmatism", "silicone hydrogel"}, 12900},
    {"lens solution",
     "Lens Solution",
     {"multi-purpose", "hydrogen peroxide", "travel size", "sensitive eyes", "saline"},
     4500},
    {"snacks", "Snack", {"spicy", "nuts", "low fat", "chocolate", "gift box"}, 1800},
    {"dairy", "Milk", {"yogurt", "low fat", "imported", "probiotic", "cheese"}, 2600},
    {"personal care", "Shampoo", {"anti-dandruff", "herbal", "oral care", "fragrance-free", "men"}, 5900},
    {"household cleaning", "Cleaner", {"laundry", "kitchen", "eco-friendly", "disinfectant", "refill"}, 3900},
    {"health supplements", "Supplement", {"vitamins", "collagen", "fish oil", "probiotic", "elderly"}, 19800},
    {"cosmetics", "Lipstick", {"matte", "long-lasting", "gift set", "limited edition", "natural"}, 26800},
    {"pet food", "Pet Food", {"cat", "dog", "grain-free", "senior pet", "treats"}, 8900},
}};

constexpr std::array<const char*, 4> kCrossTags = {"premium", "value pack", "imported", "new arrival"};

}  // namespace

std::vector<catalog::CatalogEntry> MakeCatalog(uint64_t seed, uint32_t products) {
  std::vector<catalog::CatalogEntry> out;
  out.reserve(products);
  for (uint32_t i = 0; i < products; ++i) {
    Rng rng = Rng::ForKey(seed ^ 0xca7a109ULL, i);
    const Category& c = kCategories[rng.Below(kCategories.size())];
    catalog::CatalogEntry e;
    e.product_code = std::to_string(i + 1);
    char sku[32];
    std::snprintf(sku, sizeof sku, "SKU-%06u", i + 1);
    e.sku = sku;
    e.name = std::string(c.noun) + " No. " + std::to_string(i + 1);
    e.category = c.name;
    const uint64_t first = rng.Below(c.tags.size()), count = 2 + rng.Below(3);
    for (uint64_t k = 0; k < count; ++k) e.tags.emplace_back(c.tags[(first + k) % c.tags.size()]);
    if (rng.Uniform01() < 0.3) e.tags.emplace_back(kCrossTags[rng.Below(kCrossTags.size())]);
    e.price_cents = std::max<int64_t>(100, std::llround(c.median_price_cents * std::exp(0.5 * rng.Normal())));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace qrmark::synth
