// MpiComm: Comm over an MPI communicator, and MpiRuntime, the RAII MPI_Init.
//
// This file and src/dist/mpi_comm.cc (plus io/snapshot/h5_writer.cc, which
// needs the communicator for parallel HDF5) are the only places that include
// <mpi.h>. Byte counts per call must stay below 2 GiB per peer: callers that
// move more use bounded rounds (src/dist/shuffle.h).
//
// Example:
//   MpiRuntime mpi(&argc, &argv);     // MPI_THREAD_FUNNELED
//   MpiComm world = MpiComm::World();
//   int64_t n = world.SumOf(local_count);
#ifndef QRMARK_SRC_DIST_MPI_COMM_H_
#define QRMARK_SRC_DIST_MPI_COMM_H_

#include <mpi.h>

#include <vector>

#include "src/dist/comm.h"

namespace qrmark {

class MpiRuntime {
 public:
  // Initialises MPI with MPI_THREAD_FUNNELED (OpenMP threads never call MPI).
  // When every rank runs on one node and OMPI_MCA_pml is not set, Open MPI
  // is told to use its ob1 layer (shared memory between the ranks) instead
  // of probing UCX first: the probe costs about 0.2 s of every start and one
  // node needs nothing but shared memory. On one node, collective file
  // writes (parallel HDF5) also go through Open MPI's `vulcan` aggregation in
  // 1 MiB cycles instead of each rank's `individual` writes of up to tens of
  // MB: the kernel backs a large write with large page-cache folios, slow to
  // fill on a VM whose host takes freed memory back (bench/job/README.md,
  // "Memory on this VM"); at 50 M scans the HDF5 write took 1.42-1.70 s
  // before, 1.25-1.43 s after. And hwloc, which Open MPI asks for the
  // node's topology, skips the PCI devices and their I/O objects (NICs,
  // GPUs: where they sit matters to network transports, not to shared
  // memory): reading every device's PCI configuration cost 15-30 ms of each
  // start on the development VM. Set OMPI_MCA_pml, OMPI_MCA_fcoll,
  // OMPI_MCA_io_ompio_bytes_per_agg or HWLOC_COMPONENTS to choose yourself.
  //
  // Once MPI is up, its TCP sockets (the PMIx client's connection to the
  // launcher, and any other Open MPI opened) send each write at once
  // (TCP_NODELAY): PMIx sends MPI_Finalize's request to mpirun in pieces over
  // loopback TCP, and Nagle's algorithm held the last piece until the
  // first was acknowledged, which the receiver delays by 40 ms. A 2-rank
  // start and end took 0.13 s before, 0.09 s after (MPI_Finalize 45 -> 3 ms).
  MpiRuntime(int* argc, char*** argv);
  ~MpiRuntime();
  // Sets TCP_NODELAY on every TCP socket this process has open; how many.
  // The constructor calls it.
  static int SendTcpSegmentsAtOnce();
  // The descriptors of this process's TCP sockets (from /proc/self/fd;
  // none where it cannot be listed), in increasing order.
  static std::vector<int> TcpSockets();
  MpiRuntime(const MpiRuntime&) = delete;
  MpiRuntime& operator=(const MpiRuntime&) = delete;

  // Ends every rank at once with `exit_code`: the last resort, for main only.
  [[noreturn]] static void Abort(int exit_code);
};

class MpiComm final : public Comm {
 public:
  static MpiComm World() { return MpiComm(MPI_COMM_WORLD); }
  explicit MpiComm(MPI_Comm comm);

  MPI_Comm native() const { return comm_; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void AllreduceSum(std::span<int64_t> values) override;
  void AllreduceSum(std::span<uint64_t> values) override;
  void AllreduceMin(std::span<int64_t> values) override;
  void AllreduceMax(std::span<int64_t> values) override;
  void AllreduceMin(std::span<double> values) override;
  void AllreduceMax(std::span<double> values) override;
  void Broadcast(std::span<std::byte> data, int root) override;
  std::vector<std::byte> Allgatherv(std::span<const std::byte> mine,
                                    std::vector<size_t>* counts) override;
  void Alltoallv(std::span<const std::byte> send, std::span<const size_t> send_counts,
                 const ReceiveInto& receive_into) override;
  void Barrier() override;
  Status AgreeOnStatus(const Status& local) override;
  Status AgreeOnStatusWhile(const Status& local, const std::function<bool()>& work) override;
  double collective_seconds() const override { return collective_seconds_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
  // The status of the lowest failing rank `first` (size_: none), sent by it.
  Status StatusOf(int first, const Status& local);

  double collective_seconds_ = 0;  // inside MPI calls (not the callbacks they make)
};

// The MPI communicator behind `comm`: MpiComm's own, or MPI_COMM_SELF for a
// SerialComm (MPI must be initialised either way).
MPI_Comm NativeCommOf(const Comm& comm);

}  // namespace qrmark

#endif  // QRMARK_SRC_DIST_MPI_COMM_H_
