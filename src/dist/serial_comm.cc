// SerialComm: the one-process Comm used by unit tests and benchmarks.
#include "src/dist/comm.h"

namespace qrmark {

std::vector<std::byte> SerialComm::Allgatherv(std::span<const std::byte> mine,
                                              std::vector<size_t>* counts) {
  if (counts) *counts = {mine.size()};
  return {mine.begin(), mine.end()};
}

std::vector<std::byte> SerialComm::Alltoallv(std::span<const std::byte> send,
                                             std::span<const size_t> send_counts,
                                             std::vector<size_t>* recv_counts) {
  const size_t n = send_counts.empty() ? 0 : send_counts[0];
  if (recv_counts) *recv_counts = {n};
  return {send.begin(), send.begin() + static_cast<ptrdiff_t>(n)};
}

}  // namespace qrmark
