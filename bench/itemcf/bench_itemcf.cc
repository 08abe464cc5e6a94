// Item-CF benchmark: generate Zipf-ish scans, or time RunItemCf on them.
//
//   bench_itemcf generate FILE [scans=10000000] [products=20000] [users=1000000] [seed=1]
//   [mpirun -n R] bench_itemcf run FILE [top_k=50] [neighbours_out]
//
// FILE: "QRIC" magic, then u32 products, u64 scans, then scans x (u32 user,
// u32 product); user i has key i + 1. `run` keeps the users its rank owns
// (OwnerOf), times the whole stage (binary weights, no cap: what SciPy's
// XᵀX computes), prints one JSON object from rank 0, and can write the
// product x K neighbour ids (int32) then scores (float64), product order, for
// scipy_itemcf.py to check.
#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "src/base/hash.h"
#include "src/dist/mpi_comm.h"
#include "src/itemcf/itemcf.h"

namespace {

using qrmark::UserScan;

int Generate(const std::string& path, uint64_t scans, uint32_t products, uint32_t users,
             uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<uint32_t> pairs(2 * scans);
  const double log_products = std::log(products + 1.0);
  for (uint64_t i = 0; i < scans; ++i) {  // user activity ~ x^2.35, products Zipf (s = 1)
    const double x = unit(rng), y = unit(rng);
    pairs[2 * i] = std::min(users - 1, static_cast<uint32_t>(std::pow(x, 2.35) * users));
    pairs[2 * i + 1] =
        std::min(products - 1, static_cast<uint32_t>(std::exp(y * log_products) - 1.0));
  }
  std::ofstream out(path, std::ios::binary);
  out.write("QRIC", 4);
  out.write(reinterpret_cast<const char*>(&products), 4);
  out.write(reinterpret_cast<const char*>(&scans), 8);
  out.write(reinterpret_cast<const char*>(pairs.data()),
            static_cast<std::streamsize>(pairs.size() * 4));
  return out ? 0 : 1;
}

// This rank's scans, grouped by user in UserOrderLess order, and its keys.
bool LoadOwned(const std::string& path, int rank, int nranks, uint32_t* products,
               std::vector<UserScan>* scans, std::vector<uint64_t>* keys) {
  std::ifstream in(path, std::ios::binary);
  char magic[4];
  uint64_t n = 0;
  in.read(magic, 4).read(reinterpret_cast<char*>(products), 4).read(reinterpret_cast<char*>(&n), 8);
  if (!in || std::memcmp(magic, "QRIC", 4) != 0) return false;
  std::vector<uint32_t> pairs(2 * n);
  in.read(reinterpret_cast<char*>(pairs.data()), static_cast<std::streamsize>(pairs.size() * 4));
  if (!in) return false;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t key = pairs[2 * i] + 1ull;
    if (qrmark::OwnerOf(key, nranks) != rank) continue;
    scans->push_back(UserScan{key, 1'700'000'000, 0, pairs[2 * i + 1], 0, {}, {}});
  }
  std::sort(scans->begin(), scans->end(), [](const UserScan& a, const UserScan& b) {
    return a.user_key != b.user_key ? qrmark::UserOrderLess(a.user_key, b.user_key)
                                    : a.product_id < b.product_id;
  });
  for (const UserScan& s : *scans) {
    if (keys->empty() || keys->back() != s.user_key) keys->push_back(s.user_key);
  }
  return true;
}

double PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

int Run(qrmark::Comm& comm, const std::string& path, int32_t top_k, const std::string& dump) {
  uint32_t products = 0;
  std::vector<UserScan> scans;
  std::vector<uint64_t> keys;
  const bool loaded = LoadOwned(path, comm.rank(), comm.size(), &products, &scans, &keys);
  if (!comm.AgreeOnStatus(loaded ? qrmark::Status() : qrmark::IoError("cannot read " + path))
           .ok()) {
    std::cerr << "bench_itemcf: cannot read " << path << "\n";
    return 1;
  }
  const double rss_before = comm.MaxOf(PeakRssMb());
  qrmark::itemcf::ItemCfParams params;
  params.max_products_per_user = 0;
  params.top_k = top_k;
  comm.Barrier();
  const auto t0 = std::chrono::steady_clock::now();
  auto r = qrmark::itemcf::RunItemCf(comm, scans, keys, static_cast<int32_t>(products),
                                     1'700'000'000, {}, params);
  const double wall =
      comm.MaxOf(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!r.ok()) {
    std::cerr << r.status().ToString() << "\n";
    return 1;
  }
  const double rss = comm.MaxOf(PeakRssMb());
  const int64_t rss_sum = comm.SumOf(static_cast<int64_t>(PeakRssMb()));
  const auto& ids = std::get<std::vector<int32_t>>(r->items.columns[1].data);
  const auto& scores = std::get<std::vector<double>>(r->items.columns[2].data);
  const std::vector<int32_t> all_ids = comm.AllgathervOf<int32_t>(ids);
  const std::vector<double> all_scores = comm.AllgathervOf<double>(scores);
  if (comm.rank() != 0) return 0;
  if (!dump.empty()) {
    std::ofstream f(dump, std::ios::binary);
    f.write(reinterpret_cast<const char*>(all_ids.data()),
            static_cast<std::streamsize>(all_ids.size() * 4));
    f.write(reinterpret_cast<const char*>(all_scores.data()),
            static_cast<std::streamsize>(all_scores.size() * 8));
  }
  const auto& s = r->stats;
  std::printf(
      "{\"ranks\": %d, \"threads\": %d, \"seconds\": %.3f, \"similarity_s\": %.3f, "
      "\"similarity_cpu_s_max_rank\": %.3f, \"portrait_s\": %.3f, "
      "\"compute_s\": %.3f, \"comm_s\": %.3f, "
      "\"peak_rss_mb_max_rank\": %.1f, \"peak_rss_mb_all_ranks\": %lld, "
      "\"rss_mb_before_stage\": %.1f, \"users\": %lld, \"list_entries\": %lld, "
      "\"pairs_accumulated\": %lld, \"pairs_nonzero\": %lld, \"pairs_kept\": %lld, "
      "\"bytes_exchanged\": %lld}\n",
      comm.size(), omp_get_max_threads(), wall, s.similarity_s, s.similarity_cpu_s, s.portrait_s,
      s.compute_s, s.comm_s, rss, static_cast<long long>(rss_sum), rss_before,
      static_cast<long long>(s.users), static_cast<long long>(s.list_entries),
      static_cast<long long>(s.pairs_accumulated), static_cast<long long>(s.pairs_nonzero),
      static_cast<long long>(s.pairs_kept), static_cast<long long>(s.bytes_exchanged));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  auto arg = [&](size_t i, const char* def) { return a.size() > i ? a[i] : std::string(def); };
  if (a.size() >= 2 && a[0] == "generate") {
    return Generate(a[1], std::stoull(arg(2, "10000000")), std::stoul(arg(3, "20000")),
                    std::stoul(arg(4, "1000000")), std::stoull(arg(5, "1")));
  }
  if (a.size() >= 2 && a[0] == "run") {
    qrmark::MpiRuntime mpi(&argc, &argv);
    qrmark::MpiComm world = qrmark::MpiComm::World();
    return Run(world, a[1], std::stoi(arg(2, "50")), arg(3, ""));
  }
  std::cerr
      << "usage: bench_itemcf generate FILE [scans products users seed] | run FILE [top_k out]\n";
  return 2;
}
