// ComputePortraits: tag affinities and recommendations, one user at a time.
#include "src/itemcf/portrait.h"

#include <string>

#include "src/itemcf/topk.h"

namespace qrmark::itemcf {
namespace {

// A dense score array reset through the ids it touched.
struct SparseScores {
  explicit SparseScores(size_t n) : score(n, 0.0), seen(n, 0) {}
  void Add(int32_t id, double v) {
    if (!seen[id]) seen[id] = 1, touched.push_back(id);
    score[id] += v;
  }
  std::vector<double> score;
  std::vector<uint8_t> seen;
  std::vector<int32_t> touched;
};

// Writes the best of `s` (normalised by their total if `normalise`) to `ids`/`scores`.
void EmitTop(SparseScores& s, bool normalise, BoundedTopK& top, int32_t* ids, double* scores) {
  double total = 0;
  if (normalise) {
    for (int32_t id : s.touched) total += s.score[id];  // touched order is deterministic
  }
  const double scale = normalise && total > 0 ? 1.0 / total : 1.0;
  for (int32_t id : s.touched) {
    if (s.score[id] > 0) top.Push({s.score[id] * scale, id});
    s.score[id] = 0, s.seen[id] = 0;
  }
  s.touched.clear();
  const std::vector<Scored>& best = top.Sorted();
  for (size_t r = 0; r < best.size(); ++r) ids[r] = best[r].id, scores[r] = best[r].score;
  top.Clear();
}

void AddTags(const ItemCatalog& c, int32_t product, double w, SparseScores& tags) {
  for (int32_t t : c.tags_of_product[product]) tags.Add(t, w);
}

}  // namespace

Status ValidateCatalog(const ItemCatalog& c, int32_t num_products) {
  const auto n = static_cast<size_t>(num_products);
  if ((!c.tags_of_product.empty() && c.tags_of_product.size() != n) ||
      (!c.category_of_product.empty() && c.category_of_product.size() != n)) {
    return InvalidArgument("itemcf catalog: tags/categories given for " +
                           std::to_string(c.tags_of_product.size()) + "/" +
                           std::to_string(c.category_of_product.size()) +
                           " products, expected 0 or " + std::to_string(n));
  }
  for (size_t p = 0; p < c.tags_of_product.size(); ++p) {
    for (int32_t t : c.tags_of_product[p]) {
      if (t < 0 || static_cast<size_t>(t) >= c.tag_names.size()) {
        return InvalidArgument("itemcf catalog: product " + std::to_string(p) + " has tag id " +
                               std::to_string(t) + ", not below the " +
                               std::to_string(c.tag_names.size()) + " tag names");
      }
    }
  }
  for (size_t p = 0; p < c.category_of_product.size(); ++p) {
    const int32_t k = c.category_of_product[p];
    if (k < -1 || (k >= 0 && static_cast<size_t>(k) >= c.category_names.size())) {
      return InvalidArgument("itemcf catalog: product " + std::to_string(p) + " has category id " +
                             std::to_string(k) + ", not below the " +
                             std::to_string(c.category_names.size()) + " category names");
    }
  }
  return Status::Ok();
}

UserPortraits ComputePortraits(const UserLists& lists, const NeighbourRows& nb,
                               const ItemCatalog& catalog, const PortraitParams& params) {
  const auto users = static_cast<int64_t>(lists.users());
  const size_t nt = static_cast<size_t>(params.top_tags), nr = static_cast<size_t>(params.top_recs);
  UserPortraits out{std::vector<int32_t>(users * nt, -1), std::vector<double>(users * nt, 0.0),
                    std::vector<int32_t>(users * nr, -1), std::vector<double>(users * nr, 0.0)};
  const auto k = static_cast<size_t>(nb.k);
  const int32_t* const ids = nb.ids.data();  // raw pointers: no reloads after each store
  const double* const sims = nb.scores.data();
  const bool has_tags = !catalog.tags_of_product.empty();
#pragma omp parallel
  {
    SparseScores tags(catalog.tag_names.size()), recs(static_cast<size_t>(nb.last));
    std::vector<uint8_t> owned_flags(static_cast<size_t>(nb.last), 0);
    uint8_t* const owned = owned_flags.data();
    BoundedTopK top_tags(nt), top_recs(nr);
#pragma omp for schedule(dynamic, 64)
    for (int64_t u = 0; u < users; ++u) {
      const int64_t begin = lists.offsets[u], end = lists.offsets[u + 1];
      for (int64_t j = begin; j < end; ++j) owned[lists.products[j]] = 1;
      for (int64_t j = begin; j < end; ++j) {
        if (j + 2 < end) {  // neighbour rows are scattered over megabytes: fetch ahead
          __builtin_prefetch(ids + lists.products[j + 2] * k);
          __builtin_prefetch(sims + lists.products[j + 2] * k);
        }
        const int32_t p = lists.products[j];
        const double w = lists.weight(j);
        const int32_t* const row = ids + p * k;
        const double* const row_sims = sims + p * k;
        if (has_tags) {
          AddTags(catalog, p, w, tags);
          for (size_t r = 0; r < k && row[r] >= 0; ++r) {
            AddTags(catalog, row[r], w * row_sims[r] * params.tag_neighbour_factor, tags);
          }
        }
        for (size_t r = 0; r < k && row[r] >= 0; ++r) {
          if (!owned[row[r]]) recs.Add(row[r], w * row_sims[r]);
        }
      }
      for (int64_t j = begin; j < end; ++j) owned[lists.products[j]] = 0;
      EmitTop(tags, true, top_tags, out.tag_ids.data() + u * nt, out.tag_scores.data() + u * nt);
      EmitTop(recs, false, top_recs, out.rec_ids.data() + u * nr, out.rec_scores.data() + u * nr);
    }
  }
  return out;
}

}  // namespace qrmark::itemcf
