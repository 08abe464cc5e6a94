// MpiComm: the thin layer that moves bytes between ranks with MPI.
#include "src/dist/mpi_comm.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <string_view>

namespace qrmark {
namespace {

int CheckedCount(size_t n) {
  if (n > static_cast<size_t>(INT_MAX)) {
    std::fprintf(stderr, "qrmark: internal error: %zu bytes in one MPI call (limit 2 GiB); "
                         "the caller must use bounded rounds\n", n);
    MPI_Abort(MPI_COMM_WORLD, 70);
  }
  return static_cast<int>(n);
}

std::vector<int> Displacements(const std::vector<int>& counts) {
  std::vector<int> displs(counts.size(), 0);
  size_t total = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    displs[i] = CheckedCount(total);
    total += static_cast<size_t>(counts[i]);
  }
  CheckedCount(total);
  return displs;
}

// True when the launcher says every rank of this job runs on this one node:
// mpirun's OMPI_COMM_WORLD_{SIZE,LOCAL_SIZE}, or srun's SLURM_STEP_NUM_NODES.
bool AllRanksOnOneNode() {
  const char* world = std::getenv("OMPI_COMM_WORLD_SIZE");
  const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (world != nullptr && local != nullptr) return std::string_view(world) == local;
  const char* step_nodes = std::getenv("SLURM_STEP_NUM_NODES");
  return step_nodes != nullptr && std::string_view(step_nodes) == "1";
}

// Adds the time from its construction to its end to `*seconds`.
class CollectiveClock {
 public:
  explicit CollectiveClock(double* seconds) : seconds_(seconds), start_(std::chrono::steady_clock::now()) {}
  ~CollectiveClock() {
    *seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  CollectiveClock(const CollectiveClock&) = delete;
  CollectiveClock& operator=(const CollectiveClock&) = delete;

 private:
  double* seconds_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

MpiRuntime::MpiRuntime(int* argc, char*** argv) {
  if (AllRanksOnOneNode()) {
    ::setenv("OMPI_MCA_pml", "ob1", /*overwrite=*/0);
    ::setenv("OMPI_MCA_fcoll", "vulcan", /*overwrite=*/0);
    ::setenv("OMPI_MCA_io_ompio_bytes_per_agg", "1048576", /*overwrite=*/0);
    ::setenv("HWLOC_COMPONENTS", "-pci,-linuxio", /*overwrite=*/0);
  }
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  SendTcpSegmentsAtOnce();
}

int MpiRuntime::SendTcpSegmentsAtOnce() {
  int set = 0;
  const int on = 1;
  for (int fd : TcpSockets()) set += ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0;
  return set;
}

std::vector<int> MpiRuntime::TcpSockets() {
  std::vector<int> sockets;
  DIR* open_files = ::opendir("/proc/self/fd");
  if (open_files == nullptr) return sockets;
  while (const dirent* entry = ::readdir(open_files)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(open_files)) continue;  // ".", "..", the listing
    int type = 0;
    socklen_t type_size = sizeof type;
    sockaddr_storage address{};
    socklen_t address_size = sizeof address;
    if (::getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_TYPE, &type, &type_size) == 0 && type == SOCK_STREAM &&
        ::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&address), &address_size) == 0 &&
        (address.ss_family == AF_INET || address.ss_family == AF_INET6)) {
      sockets.push_back(static_cast<int>(fd));
    }
  }
  ::closedir(open_files);
  std::sort(sockets.begin(), sockets.end());
  return sockets;
}

MpiRuntime::~MpiRuntime() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void MpiRuntime::Abort(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

MpiComm::MpiComm(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

void MpiComm::AllreduceSum(std::span<int64_t> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_INT64_T, MPI_SUM, comm_);
}
void MpiComm::AllreduceSum(std::span<uint64_t> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_UINT64_T, MPI_SUM, comm_);
}
void MpiComm::AllreduceMin(std::span<int64_t> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_INT64_T, MPI_MIN, comm_);
}
void MpiComm::AllreduceMax(std::span<int64_t> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_INT64_T, MPI_MAX, comm_);
}
void MpiComm::AllreduceMin(std::span<double> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_DOUBLE, MPI_MIN, comm_);
}
void MpiComm::AllreduceMax(std::span<double> v) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Allreduce(MPI_IN_PLACE, v.data(), CheckedCount(v.size()), MPI_DOUBLE, MPI_MAX, comm_);
}

void MpiComm::Broadcast(std::span<std::byte> data, int root) {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Bcast(data.data(), CheckedCount(data.size()), MPI_BYTE, root, comm_);
}

std::vector<std::byte> MpiComm::Allgatherv(std::span<const std::byte> mine,
                                           std::vector<size_t>* counts) {
  const CollectiveClock clock(&collective_seconds_);
  int my_count = CheckedCount(mine.size());
  std::vector<int> all_counts(static_cast<size_t>(size_));
  MPI_Allgather(&my_count, 1, MPI_INT, all_counts.data(), 1, MPI_INT, comm_);
  std::vector<int> displs = Displacements(all_counts);
  const size_t total = std::accumulate(all_counts.begin(), all_counts.end(), size_t{0});
  std::vector<std::byte> out(total);
  MPI_Allgatherv(mine.data(), my_count, MPI_BYTE, out.data(), all_counts.data(), displs.data(),
                 MPI_BYTE, comm_);
  if (counts) counts->assign(all_counts.begin(), all_counts.end());
  return out;
}

void MpiComm::Alltoallv(std::span<const std::byte> send, std::span<const size_t> send_counts,
                        const ReceiveInto& receive_into) {
  std::vector<int> scounts(static_cast<size_t>(size_));
  for (int r = 0; r < size_; ++r) scounts[r] = CheckedCount(send_counts[r]);
  std::vector<int> rcounts(static_cast<size_t>(size_));
  {
    const CollectiveClock clock(&collective_seconds_);
    MPI_Alltoall(scounts.data(), 1, MPI_INT, rcounts.data(), 1, MPI_INT, comm_);
  }
  std::vector<int> sdispls = Displacements(scounts);
  std::vector<int> rdispls = Displacements(rcounts);
  const size_t total = std::accumulate(rcounts.begin(), rcounts.end(), size_t{0});
  std::span<std::byte> out = receive_into(total);  // the caller's allocation: not communication
  const CollectiveClock clock(&collective_seconds_);
  MPI_Alltoallv(send.data(), scounts.data(), sdispls.data(), MPI_BYTE, out.data(), rcounts.data(),
                rdispls.data(), MPI_BYTE, comm_);
}

void MpiComm::Barrier() {
  const CollectiveClock clock(&collective_seconds_);
  MPI_Barrier(comm_);
}

Status MpiComm::AgreeOnStatus(const Status& local) {
  const CollectiveClock clock(&collective_seconds_);
  // Lowest failing rank wins; it then broadcasts its code and message.
  int mine = local.ok() ? size_ : rank_;
  int first = size_;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm_);
  return StatusOf(first, local);
}

Status MpiComm::AgreeOnStatusWhile(const Status& local, const std::function<bool()>& work) {
  int mine = local.ok() ? size_ : rank_;
  int first = size_;
  MPI_Request request;
  double waited = 0;  // the time in MPI, not in `work`
  {
    const CollectiveClock clock(&waited);
    MPI_Iallreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm_, &request);
  }
  for (bool more = true;;) {
    int done = 0;
    {
      const CollectiveClock clock(&waited);
      if (more) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      } else {
        MPI_Wait(&request, MPI_STATUS_IGNORE);
        done = 1;
      }
    }
    if (done) break;
    more = work();
  }
  collective_seconds_ += waited;
  const CollectiveClock clock(&collective_seconds_);
  return StatusOf(first, local);
}

Status MpiComm::StatusOf(int first, const Status& local) {
  if (first == size_) return Status::Ok();
  int code = static_cast<int>(local.code());
  MPI_Bcast(&code, 1, MPI_INT, first, comm_);
  std::string message = local.message();
  if (rank_ == first && size_ > 1) message = "rank " + std::to_string(rank_) + ": " + message;
  int length = static_cast<int>(message.size());
  MPI_Bcast(&length, 1, MPI_INT, first, comm_);
  message.resize(static_cast<size_t>(length));
  MPI_Bcast(message.data(), length, MPI_CHAR, first, comm_);
  return Status(static_cast<StatusCode>(code), message);
}

MPI_Comm NativeCommOf(const Comm& comm) {
  if (auto* mpi = dynamic_cast<const MpiComm*>(&comm)) return mpi->native();
  return MPI_COMM_SELF;
}

}  // namespace qrmark
