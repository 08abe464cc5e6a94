// BoundedTopK: the best K of a stream of (score, id), ties broken by id.
//
// "Best" is a higher score, and among equal scores the lower id, so a list
// never depends on the order candidates arrive in (and so not on ranks or
// threads). Memory is O(K) whatever the stream length: item-CF keeps one per
// row while accumulating instead of materialising products² scores.
//
// Not thread-safe: one instance per thread.
#ifndef QRMARK_SRC_ITEMCF_TOPK_H_
#define QRMARK_SRC_ITEMCF_TOPK_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace qrmark::itemcf {

struct Scored {
  double score;
  int32_t id;
};

// True if `a` ranks before `b`: higher score, then lower id.
inline bool Better(const Scored& a, const Scored& b) {
  return a.score != b.score ? a.score > b.score : a.id < b.id;
}

class BoundedTopK {
 public:
  explicit BoundedTopK(size_t k) : k_(k) { heap_.reserve(k); }

  // Empties the buffer, keeping K.
  void Clear() { heap_.clear(); }

  // Offers a candidate; kept only while it is among the best K seen.
  void Push(Scored s) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(s);
      std::push_heap(heap_.begin(), heap_.end(), Better);  // front = worst kept
    } else if (Better(s, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = s;
      std::push_heap(heap_.begin(), heap_.end(), Better);
    }
  }

  // The kept candidates, best first. Call Clear() before the next Push().
  const std::vector<Scored>& Sorted() {
    std::sort(heap_.begin(), heap_.end(), Better);
    return heap_;
  }

 private:
  size_t k_;
  std::vector<Scored> heap_;
};

}  // namespace qrmark::itemcf

#endif  // QRMARK_SRC_ITEMCF_TOPK_H_
