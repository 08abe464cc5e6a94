// ComputeNeighbourRowsRef: dense matrix, every pair by definition, full sort.
#include "src/itemcf/cooccur_ref.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "src/itemcf/cosine.h"
#include "src/itemcf/topk.h"

namespace qrmark::itemcf {

NeighbourRows ComputeNeighbourRowsRef(const UserLists& lists, int32_t num_products,
                                      const NeighbourParams& params) {
  const size_t n = static_cast<size_t>(num_products);
  const size_t users = lists.users();
  std::vector<double> dense(users * n, 0.0);
  std::vector<uint8_t> present(users * n, 0);  // a weight may decay to 0 yet count as support
  for (size_t u = 0; u < users; ++u) {
    for (int64_t j = lists.offsets[u]; j < lists.offsets[u + 1]; ++j) {
      dense[u * n + lists.products[j]] = lists.weight(j);
      present[u * n + lists.products[j]] = 1;
    }
  }
  std::vector<double> norm(n, 0.0);
  for (size_t p = 0; p < n; ++p) {
    for (size_t u = 0; u < users; ++u) norm[p] += dense[u * n + p] * dense[u * n + p];
    norm[p] = std::sqrt(norm[p]);
  }
  NeighbourRows out{0, num_products, params.top_k, {}, {}, {}, 0, 0, 0};
  const size_t k = static_cast<size_t>(params.top_k);
  out.ids.assign(n * k, -1);
  out.scores.assign(n * k, 0.0);
  out.support.assign(n * k, 0);
  for (size_t p = 0; p < n; ++p) {
    std::vector<Scored> row;
    std::vector<int32_t> support(n, 0);
    for (size_t q = 0; q < n; ++q) {
      double dot = 0;
      for (size_t u = 0; u < users; ++u) {
        dot += dense[u * n + p] * dense[u * n + q];
        support[q] += present[u * n + p] & present[u * n + q];
      }
      if (q == p || support[q] == 0) continue;
      ++out.pairs_nonzero;
      const double cosine = RoundScore(norm[p] * norm[q] > 0 ? dot / (norm[p] * norm[q]) : 0.0);
      if (support[q] >= params.min_support && cosine > 0 && cosine >= params.min_similarity) {
        row.push_back({cosine, static_cast<int32_t>(q)});
      }
    }
    std::sort(row.begin(), row.end(), Better);
    row.resize(std::min(row.size(), k));
    for (size_t r = 0; r < row.size(); ++r) {
      out.ids[p * k + r] = row[r].id;
      out.scores[p * k + r] = row[r].score;
      out.support[p * k + r] = support[row[r].id];
    }
    out.pairs_kept += static_cast<int64_t>(row.size());
  }
  return out;
}

}  // namespace qrmark::itemcf
