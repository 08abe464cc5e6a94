// ComputeNeighbourRows: Gustavson row accumulation + bounded top-K per row.
#include "src/itemcf/cooccur.h"

#include <algorithm>
#include <cassert>

#include "src/itemcf/cosine.h"
#include "src/itemcf/topk.h"

namespace qrmark::itemcf {
namespace {

// One thread's dense accumulator, reset row by row through `touched`.
struct Accumulator {
  explicit Accumulator(size_t n) : dot(n, 0.0), support(n, 0), touched(n + 1, 0) {}
  std::vector<double> dot;  // unused when every weight is 1 (dot == support)
  std::vector<int32_t> support;
  std::vector<int32_t> touched;  // the first `touched_count` are live; one spare slot
  size_t touched_count = 0;
};

// Adds row p of XᵀX into `acc`; kUnit: every weight is 1, count only.
// `products` is lists.products, possibly narrowed to 16 bits.
template <bool kUnit, typename Id>
void AccumulateRow(const Id* products, const UserLists& lists, const ItemIndex& index, int32_t p,
                   Accumulator& acc) {
  constexpr int64_t kAhead = 8;  // lists are short and scattered: fetch them early
  int32_t* support = acc.support.data();
  int32_t* touched = acc.touched.data();
  size_t n = acc.touched_count;
  const int64_t end = index.offsets[p + 1];
  for (int64_t i = index.offsets[p]; i < end; ++i) {
    if (i + kAhead < end) __builtin_prefetch(products + index.list_begin[i + kAhead]);
    const int64_t begin = index.list_begin[i], stop = begin + index.list_size[i];
    [[maybe_unused]] const double wu = kUnit ? 1.0 : index.weights[i];
    for (int64_t j = begin; j < stop; ++j) {
      const int32_t q = products[j];
      if constexpr (!kUnit) acc.dot[q] += wu * lists.weights[j];
      const int32_t s = support[q];
      touched[n] = q;  // branch-free: kept only if q is new to this row
      n += s == 0 ? 1 : 0;
      support[q] = s + 1;
    }
  }
  acc.touched_count = n;
}

}  // namespace

ItemIndex BuildItemIndex(const UserLists& lists, int32_t num_products, int32_t first,
                         int32_t last) {
  ItemIndex index;
  index.offsets.assign(static_cast<size_t>(num_products) + 1, 0);
  for (int32_t p : lists.products) index.offsets[p + 1] += first <= p && p < last ? 1 : 0;
  for (int32_t p = 0; p < num_products; ++p) index.offsets[p + 1] += index.offsets[p];
  const auto entries = static_cast<size_t>(index.offsets.back());
  index.list_begin.resize(entries);
  index.list_size.resize(entries);
  index.weights.resize(lists.weights.empty() ? 0 : entries);
  std::vector<int64_t> at(index.offsets.begin(), index.offsets.end() - 1);
  for (size_t u = 0; u < lists.users(); ++u) {
    for (int64_t j = lists.offsets[u]; j < lists.offsets[u + 1]; ++j) {
      const int32_t p = lists.products[j];
      if (p < first || p >= last) continue;
      const int64_t slot = at[p]++;
      index.list_begin[slot] = lists.offsets[u];
      index.list_size[slot] = static_cast<int32_t>(lists.offsets[u + 1] - lists.offsets[u]);
      if (!index.weights.empty()) index.weights[slot] = lists.weights[j];
    }
  }
  return index;
}

NeighbourRows ComputeNeighbourRows(const UserLists& lists, const ItemIndex& index,
                                   std::span<const double> norms, int32_t first, int32_t last,
                                   const NeighbourParams& params) {
  assert(0 <= first && first <= last && last + 1 <= static_cast<int64_t>(index.offsets.size()));
  NeighbourRows out{first, last, params.top_k, {}, {}, {}, 0, 0, 0};
  const size_t cells = static_cast<size_t>(last - first) * params.top_k;
  out.ids.assign(cells, -1);
  out.scores.assign(cells, 0.0);
  out.support.assign(cells, 0);
  int64_t accumulated = 0, nonzero = 0, kept = 0;
  const bool unit = lists.weights.empty();
  // With at most 65,536 products the lists are streamed as 16-bit ids: half
  // the bytes, so more of them stay in cache (the kernel is latency-bound).
  std::vector<uint16_t> narrow;
  if (norms.size() <= 65536) narrow.assign(lists.products.begin(), lists.products.end());
  auto accumulate = [&](int32_t p, Accumulator& acc) {
    if (!narrow.empty()) {
      unit ? AccumulateRow<true>(narrow.data(), lists, index, p, acc)
           : AccumulateRow<false>(narrow.data(), lists, index, p, acc);
    } else {
      unit ? AccumulateRow<true>(lists.products.data(), lists, index, p, acc)
           : AccumulateRow<false>(lists.products.data(), lists, index, p, acc);
    }
  };
#pragma omp parallel reduction(+ : accumulated, nonzero, kept)
  {
    Accumulator acc(norms.size());
    BoundedTopK top(static_cast<size_t>(params.top_k));
#pragma omp for schedule(dynamic, 8)
    for (int32_t p = first; p < last; ++p) {
      accumulate(p, acc);
      const std::span<const int32_t> touched(acc.touched.data(), acc.touched_count);
      for (int32_t q : touched) {
        accumulated += acc.support[q];
        if (q == p) continue;
        ++nonzero;
        const double dot = unit ? acc.support[q] : acc.dot[q];
        const double s = RoundScore(Cosine(dot, norms[p], norms[q]));
        if (acc.support[q] >= params.min_support && s > 0 && s >= params.min_similarity) {
          top.Push({s, q});
        }
      }
      const std::vector<Scored>& best = top.Sorted();
      const size_t row = static_cast<size_t>(p - first) * params.top_k;
      for (size_t r = 0; r < best.size(); ++r) {
        out.ids[row + r] = best[r].id;
        out.scores[row + r] = best[r].score;
        out.support[row + r] = acc.support[best[r].id];
      }
      kept += static_cast<int64_t>(best.size());
      for (int32_t q : touched) acc.dot[q] = 0.0, acc.support[q] = 0;
      acc.touched_count = 0;
      top.Clear();
    }
  }
  out.pairs_accumulated = accumulated;
  out.pairs_nonzero = nonzero;
  out.pairs_kept = kept;
  return out;
}

std::vector<int32_t> BalancedRowRanges(const UserLists& lists, int32_t num_products, int nranks) {
  // Row p costs its accumulations A = Σ over its users of their degree, plus
  // scanning the up to min(A, products) products it touches (cosine, rounding,
  // top-K), measured at ~4x an accumulation (bench/itemcf: without this term
  // the rank with the popular products finished in half the time of the other).
  std::vector<int64_t> work(static_cast<size_t>(num_products) + 1, 0);
  for (size_t u = 0; u < lists.users(); ++u) {
    const int64_t degree = lists.offsets[u + 1] - lists.offsets[u];
    for (int64_t j = lists.offsets[u]; j < lists.offsets[u + 1]; ++j) {
      work[lists.products[j] + 1] += degree;
    }
  }
  for (int32_t p = 0; p < num_products; ++p) {  // to prefix sums of the cost
    const int64_t a = work[p + 1];
    work[p + 1] = work[p] + 1 + a + 4 * std::min<int64_t>(a, num_products);
  }
  std::vector<int32_t> bounds(static_cast<size_t>(nranks) + 1, num_products);
  bounds[0] = 0;
  for (int r = 1; r < nranks; ++r) {
    const int64_t target = work.back() * r / nranks;  // exact in int64 for any realistic total
    bounds[r] =
        static_cast<int32_t>(std::lower_bound(work.begin(), work.end(), target) - work.begin());
    bounds[r] = std::max(bounds[r], bounds[r - 1]);
  }
  return bounds;
}

}  // namespace qrmark::itemcf
