// SerialComm: the one-process Comm used by unit tests and benchmarks.
#include "src/dist/comm.h"

namespace qrmark {

std::vector<std::byte> SerialComm::Allgatherv(std::span<const std::byte> mine,
                                              std::vector<size_t>* counts) {
  if (counts) *counts = {mine.size()};
  return {mine.begin(), mine.end()};
}

void SerialComm::Alltoallv(std::span<const std::byte> send, std::span<const size_t> send_counts,
                           const ReceiveInto& receive_into) {
  const size_t n = send_counts.empty() ? 0 : send_counts[0];
  std::span<std::byte> to = receive_into(n);
  if (n != 0) std::memcpy(to.data(), send.data(), n);
}

}  // namespace qrmark
