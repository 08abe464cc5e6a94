// What a page's first touch costs here, in small and in transparent huge
// pages, and in small pages populated ahead in 2 MiB steps: the measurements
// behind src/base/page_relay.h's choice of small pages, populated ahead.
//
// usage: bench_first_touch [GiB=1] [rounds=3] [pause_s=4]
// Each round maps GiB of anonymous memory three times: small pages touched
// one by one, small pages populated 2 MiB at a time (madvise
// MADV_POPULATE_WRITE, one call instead of 512 faults) before they are
// touched, and huge pages (madvise MADV_HUGEPAGE); it touches one byte per
// 4 KiB page, overwrites it all, and unmaps it, pausing `pause_s` seconds
// before each mapping so that the memory freed before is back with the host
// (a VM that reports free pages does so after about 2 s). Prints seconds and
// ns per byte of the first touch and of the overwrite.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

double Seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

enum class Pages { kSmall, kPopulated, kHuge };

// Touches then overwrites `bytes` of fresh memory; false if it cannot map it.
bool Round(size_t bytes, Pages pages) {
  void* mapped = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return false;
  char* p = static_cast<char*>(mapped);
  if (pages == Pages::kHuge) ::madvise(p, bytes, MADV_HUGEPAGE);
  constexpr size_t kStep = size_t{2} << 20;
  const double start = Seconds();
  for (size_t at = 0; at < bytes; at += kStep) {
    const size_t n = std::min(kStep, bytes - at);
    if (pages == Pages::kPopulated) ::madvise(p + at, n, MADV_POPULATE_WRITE);
    for (size_t k = at; k < at + n; k += 4096) p[k] = 1;
  }
  const double touched = Seconds();
  std::memset(p, 2, bytes);
  const double written = Seconds();
  ::munmap(p, bytes);
  const char* name = pages == Pages::kSmall ? "small" : pages == Pages::kPopulated ? "populated" : "huge";
  std::printf("%-9s pages: first touch %.3f s (%.2f ns/B), overwrite %.3f s (%.2f ns/B)\n", name,
              touched - start, (touched - start) / static_cast<double>(bytes) * 1e9, written - touched,
              (written - touched) / static_cast<double>(bytes) * 1e9);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const double gib = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const int pause_s = argc > 3 ? std::atoi(argv[3]) : 4;
  const size_t bytes = static_cast<size_t>(gib * 1073741824.0) / 4096 * 4096;
  if (bytes == 0 || rounds < 1 || pause_s < 0) {
    std::fprintf(stderr, "usage: bench_first_touch [GiB=1] [rounds=3] [pause_s=4]\n");
    return 2;
  }
  for (int r = 0; r < rounds; ++r) {
    for (Pages pages : {Pages::kSmall, Pages::kPopulated, Pages::kHuge}) {
      ::sleep(static_cast<unsigned>(pause_s));
      if (!Round(bytes, pages)) {
        std::fprintf(stderr, "bench_first_touch: cannot map %zu bytes\n", bytes);
        return 1;
      }
    }
  }
  return 0;
}
