// Limits: the daemon's resource bounds, and per-client token buckets that
// throttle clients sending invalid codes (enumeration defence → HTTP 429).
//
// A client (its IP address) starts with `burst` tokens; each invalid code
// costs one; tokens refill at `refill_per_s`. Valid codes cost nothing, so a
// shop scanning a whole shelf is never throttled. Buckets idle long enough to
// be full again are forgotten, bounding memory.
//
// Thread safety: InvalidCodeLimiter is safe from any thread (one mutex).
#ifndef QRMARK_SRC_VERIFYD_LIMITS_H_
#define QRMARK_SRC_VERIFYD_LIMITS_H_

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace qrmark::verifyd {

struct Limits {
  uint32_t max_request_bytes = 8192;    // request line + headers (+ body)
  uint32_t max_header_count = 64;
  uint32_t max_connections = 10000;
  uint32_t idle_timeout_ms = 10000;     // to receive a whole request, wait included
  double invalid_burst = 20;            // invalid codes a client may send at once
  double invalid_refill_per_s = 1;      // then this many per second
};

class InvalidCodeLimiter {
 public:
  InvalidCodeLimiter(double burst, double refill_per_s) : burst_(burst), refill_(refill_per_s) {}

  // False if `client` has no token left at `now_ms` (answer 429 without
  // checking the code); true otherwise. Checking does not spend a token.
  bool Allowed(const std::string& client, int64_t now_ms);
  // Spends one token of `client` for an invalid code at `now_ms`.
  void ChargeInvalid(const std::string& client, int64_t now_ms);

  size_t tracked_clients() const;

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ms;
  };
  void Refill(Bucket& b, int64_t now_ms) const;
  void Sweep(int64_t now_ms);

  const double burst_, refill_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  int64_t last_sweep_ms_ = 0;                        // GUARDED_BY(mu_)
};

}  // namespace qrmark::verifyd

#endif  // QRMARK_SRC_VERIFYD_LIMITS_H_
