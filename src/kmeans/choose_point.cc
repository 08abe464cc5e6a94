// Global (score, key) minimum: Allgatherv of one candidate per rank, then the
// winner's coordinates broadcast from its rank.
#include "src/kmeans/choose_point.h"

namespace qrmark::kmeans {
namespace {

struct Candidate {
  double score;
  uint64_t key;
  int64_t present;  // 0: this rank offers nothing
};

}  // namespace

std::optional<ChosenPoint> ChooseGlobalPoint(Comm& comm, const PointSet& points, int64_t local_index,
                                             double score) {
  Candidate mine{score, 0, local_index >= 0};
  if (local_index >= 0) mine.key = points.keys[static_cast<size_t>(local_index)];
  const std::vector<Candidate> all = comm.AllgathervOf<Candidate>(std::span<const Candidate>(&mine, 1));
  int winner = -1;
  for (size_t r = 0; r < all.size(); ++r) {
    if (!all[r].present) continue;
    const Candidate& w = all[static_cast<size_t>(winner < 0 ? r : static_cast<size_t>(winner))];
    if (winner < 0 || all[r].score < w.score || (all[r].score == w.score && all[r].key < w.key)) {
      winner = static_cast<int>(r);
    }
  }
  if (winner < 0) return std::nullopt;
  ChosenPoint out{all[static_cast<size_t>(winner)].key, std::vector<double>(points.dims)};
  if (comm.rank() == winner) {
    const double* p = points.row(static_cast<size_t>(local_index));
    out.coords.assign(p, p + points.dims);
  }
  comm.Broadcast(std::as_writable_bytes(std::span<double>(out.coords)), winner);
  return out;
}

}  // namespace qrmark::kmeans
