// The global operator new and delete of qrmark-job: while a PageRelay lives,
// every block of 1 MiB or more is a slab mapping backed by the slabs the
// relay keeps, and its slabs are kept in turn when it is freed.
//
// The stages after the by-user shuffle (features, RFM, k-means, the users
// table) allocate their arrays as plain std::vectors while the scans' pages
// are being given up. Through here those vectors take the scans' pages over
// instead of faulting in fresh ones, which costs ten times as much to touch
// on a VM (page_relay.h); and the relay's kept pages are not held while
// fresh ones are faulted in beside them (a per-user array of 1-4 MiB from
// malloc raised the peak by 50 MB a rank at 10 M scans). Smaller blocks, and
// every block while no relay
// lives, come from malloc as usual; a registry of the slab blocks tells
// delete which is which (only slab-aligned addresses are looked up).
// malloc's own limits are fixed at the job's start (src/job/main.cc).
// Linked into the job's executable only (CMake target qrmark_slab_new).
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>

#include "src/base/page_relay.h"

namespace {

// The slab blocks now allocated, by address: their mapped bytes. Never
// destroyed, so that blocks freed by static destructors still find it. The
// mutex is recursive: the map's own small blocks come back through here.
struct SlabBlocks {
  std::recursive_mutex mu;
  std::unordered_map<const void*, size_t> bytes_of;
};

SlabBlocks& Blocks() {
  static SlabBlocks* blocks = new SlabBlocks;
  return *blocks;
}

constexpr size_t kSlabBlockMinBytes = size_t{1} << 20;

void* Allocate(size_t n) {
  if (n >= kSlabBlockMinBytes) {
    const size_t bytes = qrmark::RoundUpToSlab(n);
    if (std::byte* p = qrmark::MapSlabsOntoKept(n)) {
      SlabBlocks& blocks = Blocks();
      std::lock_guard lock(blocks.mu);
      blocks.bytes_of.emplace(p, bytes);  // its node is a small block: malloc
      return p;
    }
  }
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void Free(void* p) noexcept {
  if (p == nullptr) return;
  if (reinterpret_cast<uintptr_t>(p) % qrmark::kSlabBytes == 0) {
    size_t bytes = 0;
    {
      SlabBlocks& blocks = Blocks();
      std::lock_guard lock(blocks.mu);
      if (auto it = blocks.bytes_of.find(p); it != blocks.bytes_of.end()) {
        bytes = it->second;
        blocks.bytes_of.erase(it);
      }
    }
    if (bytes != 0) return qrmark::DropSlabs(static_cast<std::byte*>(p), bytes);
  }
  std::free(p);
}

void* AllocateOrNull(size_t n) noexcept {
  try {
    return Allocate(n);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

}  // namespace

void* operator new(size_t n) { return Allocate(n); }
void* operator new[](size_t n) { return Allocate(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return AllocateOrNull(n); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return AllocateOrNull(n); }
void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, size_t) noexcept { Free(p); }
void operator delete[](void* p, size_t) noexcept { Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Free(p); }
