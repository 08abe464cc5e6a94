// Token buckets for invalid codes, keyed by client address.
#include "src/verifyd/limits.h"

#include <algorithm>

namespace qrmark::verifyd {

void InvalidCodeLimiter::Refill(Bucket& b, int64_t now_ms) const {
  if (now_ms > b.updated_ms) {
    b.tokens = std::min(burst_, b.tokens + (now_ms - b.updated_ms) * refill_ / 1000.0);
    b.updated_ms = now_ms;
  }
}

bool InvalidCodeLimiter::Allowed(const std::string& client, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) return true;
  Refill(it->second, now_ms);
  return it->second.tokens >= 1;
}

void InvalidCodeLimiter::ChargeInvalid(const std::string& client, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  Sweep(now_ms);
  auto [it, inserted] = buckets_.try_emplace(client, Bucket{burst_, now_ms});
  Refill(it->second, now_ms);
  it->second.tokens = std::max(0.0, it->second.tokens - 1);
}

void InvalidCodeLimiter::Sweep(int64_t now_ms) {
  if (now_ms - last_sweep_ms_ < 10000) return;
  last_sweep_ms_ = now_ms;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now_ms);
    it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
  }
}

size_t InvalidCodeLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace qrmark::verifyd
