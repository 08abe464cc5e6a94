// Moving records to the rank that owns them, in bounded rounds.
//
// `Shuffler<T>` exchanges one batch per call: the batch is bucketed by owner
// (a counting sort into one scratch buffer) and sent with one Alltoallv.
// Callers stream their input in batches of bounded size, so the memory of a
// shuffle is the records a rank ends up owning plus one batch, never a second
// copy of everything. Ranks may have different numbers of batches: loop while
// `AnyRankHasMore` and pass an empty batch when yours is done.
//
// Every call is collective: all ranks call it. Counts and bytes are
// accumulated for the stage report. Results grow with GrowOntoKeptSlabs: under
// a PageRelay they take over the pages of the chunks already sent
// (src/base/page_relay.h).
//
// Example:
//   Shuffler<UserScan> shuffle(comm, [n = comm.size()](const UserScan& s) {
//     return OwnerOf(s.user_key, n); });
//   while (AnyRankHasMore(comm, reader.HasMore())) {
//     std::vector<UserScan> batch = reader.NextBatch(1 << 20);   // may be empty
//     shuffle.ExchangeRound(batch, &mine);
//   }
#ifndef QRMARK_SRC_DIST_SHUFFLE_H_
#define QRMARK_SRC_DIST_SHUFFLE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <type_traits>
#include <vector>

#include "src/base/page_relay.h"
#include "src/dist/comm.h"

namespace qrmark {

// True on every rank if any rank passes true. Collective.
inline bool AnyRankHasMore(Comm& comm, bool mine) { return comm.MaxOf(int64_t{mine}) != 0; }

// `Owner` maps a record to its rank: a lambda's own type, so that the two
// calls per record inline.
template <typename T, typename Owner = std::function<int(const T&)>>
class Shuffler {
 public:
  Shuffler(Comm& comm, Owner owner) : comm_(comm), owner_(std::move(owner)) {}

  // Sends each record of `batch` to its owner and appends what this rank
  // receives to `*out` (grouped by source rank). Collective. The scratch
  // buffers live as long as the Shuffler: rounds reuse their memory instead
  // of faulting in fresh pages every round.
  void ExchangeRound(std::span<const T> batch, PagedVector<T>* out) {
    static_assert(std::is_trivially_copyable_v<T>);
    const int n = comm_.size();
    std::vector<size_t> counts(static_cast<size_t>(n), 0);
    owners_.resize(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      owners_[i] = owner_(batch[i]);
      ++counts[static_cast<size_t>(owners_[i])];
    }
    std::vector<size_t> next(static_cast<size_t>(n), 0);
    for (int r = 1; r < n; ++r) next[r] = next[r - 1] + counts[r - 1];
    bucketed_.resize(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) bucketed_[next[static_cast<size_t>(owners_[i])]++] = batch[i];
    std::vector<size_t> send_bytes(counts);
    for (size_t& c : send_bytes) c *= sizeof(T);
    const size_t old_size = out->size();
    comm_.Alltoallv(std::as_bytes(std::span<const T>(bucketed_)), send_bytes, [out, old_size](size_t total_bytes) {
      GrowOntoKeptSlabs(*out, old_size + total_bytes / sizeof(T));
      return std::as_writable_bytes(std::span(*out).subspan(old_size));
    });
    bytes_sent_ += static_cast<int64_t>((batch.size() - counts[static_cast<size_t>(comm_.rank())]) * sizeof(T));
    ++rounds_;
  }

  // Bytes this rank sent to other ranks so far, and rounds exchanged.
  int64_t bytes_sent() const { return bytes_sent_; }
  int64_t rounds() const { return rounds_; }

 private:
  Comm& comm_;
  Owner owner_;
  std::vector<int> owners_;  // per record of the round's batch
  std::vector<T> bucketed_;  // the batch in destination order
  int64_t bytes_sent_ = 0;
  int64_t rounds_ = 0;
};

// Shuffles records held in chunks (consumed: each chunk is freed once sent)
// to their owners. Plan: one pass counts records per destination and an
// Alltoall-based sum tells each rank exactly how many it will own, so the
// result is allocated once. Execute: one round per chunk index, every rank
// sending its next chunk (or nothing). Peak memory: what the rank owns at the
// end plus one chunk. Collective.
template <typename T, typename Owner>
PagedVector<T> ShuffleChunks(Comm& comm, std::vector<PagedVector<T>> chunks, Owner owner,
                             int64_t* bytes_sent = nullptr) {
  std::vector<int64_t> per_destination(static_cast<size_t>(comm.size()), 0);
  for (const auto& chunk : chunks) {
    for (const T& record : chunk) ++per_destination[static_cast<size_t>(owner(record))];
  }
  comm.AllreduceSum(per_destination);
  PagedVector<T> mine;
  mine.reserve(static_cast<size_t>(per_destination[static_cast<size_t>(comm.rank())]));
  Shuffler<T, Owner> shuffler(comm, std::move(owner));
  size_t next = 0;
  while (AnyRankHasMore(comm, next < chunks.size())) {
    if (next < chunks.size()) {
      shuffler.ExchangeRound(chunks[next], &mine);
      chunks[next] = PagedVector<T>();  // free it now (kept for `mine` under a PageRelay)
      ++next;
    } else {
      shuffler.ExchangeRound(std::span<const T>(), &mine);
    }
  }
  if (bytes_sent) *bytes_sent = shuffler.bytes_sent();
  return mine;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_DIST_SHUFFLE_H_
