// Comm: the collective operations the job's stages need, and nothing more.
//
// Kernels never see MPI. A stage's outer loop takes a `Comm&`: `SerialComm`
// (one process, no MPI, for unit tests and benchmarks) or `MpiComm`
// (src/dist/mpi_comm.h). Only integer sums are offered for anything that feeds
// a decision: they are exact, so results do not depend on the rank count.
// Doubles are offered only as min/max, which are exact too.
//
// Every method is collective: all ranks call it, in the same order, with
// matching sizes. Not thread-safe: call from the thread that owns the Comm.
#ifndef QRMARK_SRC_DIST_COMM_H_
#define QRMARK_SRC_DIST_COMM_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <type_traits>
#include <vector>

#include "src/base/status.h"

namespace qrmark {

class Comm {
 public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Element-wise across ranks, in place; collective: all ranks call it.
  virtual void AllreduceSum(std::span<int64_t> values) = 0;
  virtual void AllreduceSum(std::span<uint64_t> values) = 0;
  virtual void AllreduceMin(std::span<int64_t> values) = 0;
  virtual void AllreduceMax(std::span<int64_t> values) = 0;
  virtual void AllreduceMin(std::span<double> values) = 0;
  virtual void AllreduceMax(std::span<double> values) = 0;

  // Copies `root`'s bytes into every rank's `data` (same size everywhere).
  virtual void Broadcast(std::span<std::byte> data, int root) = 0;

  // Every rank's bytes, concatenated in rank order; `counts` (optional)
  // receives each rank's byte count.
  virtual std::vector<std::byte> Allgatherv(std::span<const std::byte> mine,
                                            std::vector<size_t>* counts) = 0;

  // Sends send[displ(r) .. displ(r)+send_counts[r]) to rank r (counts are
  // bytes). The bytes received, grouped by source rank in rank order, land in
  // the span `receive_into(total)` returns: it is called once, with their
  // total, so a caller can receive straight into its result.
  using ReceiveInto = std::function<std::span<std::byte>(size_t total_bytes)>;
  virtual void Alltoallv(std::span<const std::byte> send, std::span<const size_t> send_counts,
                         const ReceiveInto& receive_into) = 0;

  virtual void Barrier() = 0;

  // The first non-OK status across ranks (lowest rank wins), on every rank;
  // OK only if every rank is OK. Call before the next collective after any
  // rank-local step that can fail, so no rank is left waiting.
  virtual Status AgreeOnStatus(const Status& local) = 0;
  // AgreeOnStatus, calling `work` while this rank waits for the others to
  // arrive, until it returns false (nothing more to do): for work of this
  // rank alone, such as hashing a file already written. The same result as
  // AgreeOnStatus; `work` may not have been called at all.
  virtual Status AgreeOnStatusWhile(const Status& local, const std::function<bool()>& work) = 0;

  // Seconds this rank has spent inside the collectives above so far, waiting
  // for the other ranks included: where a stage's ranks are out of balance.
  virtual double collective_seconds() const = 0;

  // Convenience forms over the byte primitives, for trivially copyable T.
  template <typename T>
  std::vector<T> AllgathervOf(std::span<const T> mine, std::vector<size_t>* counts = nullptr);
  int64_t SumOf(int64_t v) { AllreduceSum(std::span<int64_t>(&v, 1)); return v; }
  int64_t MaxOf(int64_t v) { AllreduceMax(std::span<int64_t>(&v, 1)); return v; }
  int64_t MinOf(int64_t v) { AllreduceMin(std::span<int64_t>(&v, 1)); return v; }
  double MaxOf(double v) { AllreduceMax(std::span<double>(&v, 1)); return v; }
  double MinOf(double v) { AllreduceMin(std::span<double>(&v, 1)); return v; }
};

// One process alone: every collective is the identity.
class SerialComm final : public Comm {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void AllreduceSum(std::span<int64_t>) override {}
  void AllreduceSum(std::span<uint64_t>) override {}
  void AllreduceMin(std::span<int64_t>) override {}
  void AllreduceMax(std::span<int64_t>) override {}
  void AllreduceMin(std::span<double>) override {}
  void AllreduceMax(std::span<double>) override {}
  void Broadcast(std::span<std::byte>, int) override {}
  std::vector<std::byte> Allgatherv(std::span<const std::byte> mine,
                                    std::vector<size_t>* counts) override;
  void Alltoallv(std::span<const std::byte> send, std::span<const size_t> send_counts,
                 const ReceiveInto& receive_into) override;
  void Barrier() override {}
  Status AgreeOnStatus(const Status& local) override { return local; }
  Status AgreeOnStatusWhile(const Status& local, const std::function<bool()>&) override { return local; }
  double collective_seconds() const override { return 0; }
};

template <typename T>
std::vector<T> Comm::AllgathervOf(std::span<const T> mine, std::vector<size_t>* counts) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<size_t> byte_counts;
  std::vector<std::byte> bytes = Allgatherv(std::as_bytes(mine), &byte_counts);
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  if (counts) {
    counts->clear();
    for (size_t b : byte_counts) counts->push_back(b / sizeof(T));
  }
  return out;
}

}  // namespace qrmark

#endif  // QRMARK_SRC_DIST_COMM_H_
