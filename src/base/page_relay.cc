// The process's kept slabs and the mmap/mremap calls behind PagedVector.
#include "src/base/page_relay.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <mutex>
#include <set>

namespace qrmark {
namespace {

struct Slabs {
  std::byte* at;
  size_t bytes;
};

// The one relay's state. Buffers may be freed on any thread: guarded.
struct Relay {
  std::mutex mu;
  bool live = false;
  std::vector<Slabs> kept;
  size_t kept_bytes = 0;
  size_t reused_bytes = 0;
  // Slabs of buffers still allocated whose pages were moved to `kept`: no
  // longer this buffer's (another mapping may take the address), so never
  // touched again, nor unmapped when the buffer is dropped. By start.
  std::set<std::byte*> vacated;
};

// Never destroyed: buffers freed by static destructors still reach it.
Relay& TheRelay() {
  static Relay* relay = new Relay;
  return *relay;
}

void Unmap(std::byte* p, size_t bytes) { ::munmap(p, bytes); }

// Whether every page of the slab at `p` is in memory. A slab that is not
// (the unused capacity of a buffer) would only be faulted in afresh by its
// next owner while the pages held here waited: it is not worth keeping.
bool SlabIsResident(std::byte* p) {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  unsigned char in_core[kSlabBytes / 4096];
  const size_t pages = kSlabBytes / page;
  if (pages > sizeof in_core || ::mincore(p, kSlabBytes, in_core) != 0) return false;
  for (size_t i = 0; i < pages; ++i) {
    if ((in_core[i] & 1) == 0) return false;
  }
  return true;
}

// Keeps the resident slabs of [from, to) (slab-aligned), runs of them as one
// entry, and returns the others to the system. Under relay.mu.
void KeepResidentSlabs(Relay& relay, std::byte* from, std::byte* to) {
  while (from < to) {
    std::byte* end = from;
    const bool resident = SlabIsResident(from);
    while (end < to && SlabIsResident(end) == resident) end += kSlabBytes;
    const size_t bytes = static_cast<size_t>(end - from);
    if (resident) {
      relay.kept.push_back({from, bytes});
      relay.kept_bytes += bytes;
    } else {
      Unmap(from, bytes);
    }
    from = end;
  }
}

}  // namespace

std::byte* MapSlabs(size_t bytes) {
  // Over-map by one slab, then trim to a slab-aligned start.
  void* raw = ::mmap(nullptr, bytes + kSlabBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  std::byte* p = static_cast<std::byte*>(raw);
  const size_t lead = (kSlabBytes - reinterpret_cast<uintptr_t>(p) % kSlabBytes) % kSlabBytes;
  if (lead != 0) Unmap(p, lead);
  Unmap(p + lead + bytes, kSlabBytes - lead);
  return p + lead;
}

void DropSlabs(std::byte* p, size_t bytes) {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  // The pieces between the buffer's vacated slabs: kept, or unmapped.
  const auto end_piece = [&](std::byte* from, std::byte* to) {
    if (to == from) return;
    if (relay.live) {
      KeepResidentSlabs(relay, from, to);
    } else {
      Unmap(from, static_cast<size_t>(to - from));
    }
  };
  std::byte* piece = p;
  auto v = relay.vacated.lower_bound(p);
  for (; v != relay.vacated.end() && *v < p + bytes; v = relay.vacated.erase(v)) {
    end_piece(piece, *v);
    piece = *v + kSlabBytes;
  }
  end_piece(piece, p + bytes);
}

void ReleaseSlabPages(std::byte* p, size_t bytes) {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  for (std::byte* slab = p; slab < p + bytes; slab += kSlabBytes) {
    if (relay.vacated.contains(slab)) continue;  // given up before
    if (relay.live) {
      // The slab's pages move to a fresh mapping, kept; the slab is vacated.
      std::byte* to = MapSlabs(kSlabBytes);
      const int flags = MREMAP_MAYMOVE | MREMAP_FIXED;
      if (to != nullptr && ::mremap(slab, kSlabBytes, kSlabBytes, flags, to) != MAP_FAILED) {
        relay.kept.push_back({to, kSlabBytes});
        relay.kept_bytes += kSlabBytes;
        relay.vacated.insert(slab);
        continue;
      }
      if (to != nullptr) Unmap(to, kSlabBytes);
    }
    ::madvise(slab, kSlabBytes, MADV_DONTNEED);
  }
}

void PopulateSlabPages(std::byte* p, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  ::madvise(p, bytes, MADV_POPULATE_WRITE);  // fails harmlessly before Linux 5.14: the pages then fault
#else
  (void)p, (void)bytes;
#endif
}

std::byte* MapSlabsOntoKept(size_t bytes) {
  {
    Relay& relay = TheRelay();
    std::lock_guard lock(relay.mu);
    if (!relay.live) return nullptr;
  }
  std::byte* p = MapSlabs(RoundUpToSlab(bytes));
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  if (p != nullptr) BackWithKeptSlabs(p, (bytes + page - 1) / page * page);
  return p;
}

void BackWithKeptSlabs(std::byte* p, size_t bytes) {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  while (bytes > 0 && !relay.kept.empty()) {
    Slabs& from = relay.kept.back();
    const size_t n = std::min(bytes, from.bytes);
    // Moves the first n bytes' pages to p; what was mapped at p is unmapped.
    void* moved = ::mremap(from.at, n, n, MREMAP_MAYMOVE | MREMAP_FIXED, p);
    if (moved == MAP_FAILED) {
      // Nothing moved: p keeps its fresh mapping. Give these slabs back.
      Unmap(from.at, from.bytes);
      relay.kept_bytes -= from.bytes;
      relay.kept.pop_back();
      continue;
    }
    from.at += n, from.bytes -= n;
    relay.kept_bytes -= n, relay.reused_bytes += n;
    if (from.bytes == 0) relay.kept.pop_back();
    p += n, bytes -= n;
  }
}

PageRelay::PageRelay() {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  relay.live = true;
  relay.reused_bytes = 0;
}

PageRelay::~PageRelay() {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  for (const Slabs& s : relay.kept) Unmap(s.at, s.bytes);
  relay.kept.clear();
  relay.kept_bytes = 0;
  relay.live = false;
}

size_t PageRelay::kept_bytes() const {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  return relay.kept_bytes;
}

size_t PageRelay::reused_bytes() const {
  Relay& relay = TheRelay();
  std::lock_guard lock(relay.mu);
  return relay.reused_bytes;
}

}  // namespace qrmark
