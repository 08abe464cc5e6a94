// Handing the memory pages of freed big buffers on to growing ones.
//
// On a virtual machine a page touched for the first time is expensive: the
// guest and the host both clear it (0.4-0.7 s per GiB of 4 KiB pages on the
// development VM, against 0.04 s to overwrite a page the process already
// holds). The nightly
// job's big arrays come and go in a relay: the shuffle frees each chunk of
// scans once it is sent while its result grows by about as much, and the
// suspicious-serial stage frees its copy just before the by-user shuffle
// grows its own. Returning freed pages to the system and faulting in fresh
// ones for the growing array costs a quarter of the job's time there.
//
// `PagedVector<T>` is a std::vector whose big buffers (>= 4 MiB) are
// 2 MiB-aligned mappings of their own. They do not ask for transparent huge
// pages: where the VM reports free memory to its host (virtio page
// reporting, as on the development VM), a huge page's first touch costs
// 2-2.5 s per GiB, four times as much as small pages' (bench/job/README.md);
// where the kernel's THP setting is `always`, it may still use them.
// While a `PageRelay` is alive, such a buffer's slabs are kept when it is
// freed (those whole in memory; unused capacity goes back to the system),
// or when its consumed front is given up (`ReleaseConsumedSlabs`), and
// `GrowOntoKeptSlabs` moves them (mremap: no copy, no clearing) under the
// untouched part of a growing buffer. In qrmark-job the plain vectors' big
// blocks take kept slabs too (slab_new.cc). When the relay ends, the slabs
// still kept go back to the system. Peak memory does not grow: a slab is
// kept only between its buffer's end and its reuse, and a relay spans
// stages whose growth follows their frees.
//
// Example:
//   PageRelay relay;                       // frees from here on are kept
//   PagedVector<Scan> mine;
//   mine.reserve(total);                   // address space only
//   for (auto& chunk : chunks) {
//     ...send chunk...; chunk = {};        // its slabs are kept
//     GrowOntoKeptSlabs(mine, mine.size() + received);  // and reused here
//   }
#ifndef QRMARK_SRC_BASE_PAGE_RELAY_H_
#define QRMARK_SRC_BASE_PAGE_RELAY_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace qrmark {

inline constexpr size_t kSlabBytes = size_t{2} << 20;     // the unit kept and moved
inline constexpr size_t kPagedMinBytes = 2 * kSlabBytes;  // smaller buffers come from malloc

constexpr size_t RoundUpToSlab(size_t bytes) { return (bytes + kSlabBytes - 1) / kSlabBytes * kSlabBytes; }

// A fresh slab-aligned anonymous mapping of `bytes` (a multiple of
// kSlabBytes); nullptr if the system has no memory.
std::byte* MapSlabs(size_t bytes);

// Ends a MapSlabs mapping: kept by the live relay, else returned to the system.
void DropSlabs(std::byte* p, size_t bytes);

// Gives up the pages of [p, p + bytes) (slab-aligned, inside a MapSlabs
// mapping): the live relay keeps them, moved elsewhere with no copy, and
// the range is vacated (unmapped, never to be read or written again; the
// mapping's DropSlabs leaves it alone). With no relay alive they go back to
// the system and the range reads as zeros. Slabs given up before are skipped.
void ReleaseSlabPages(std::byte* p, size_t bytes);

// Faults in the pages of [p, p + bytes) (slab-aligned, inside a MapSlabs
// mapping) for writing; nothing where the kernel cannot.
void PopulateSlabPages(std::byte* p, size_t bytes);

// While a relay lives, a fresh MapSlabs mapping of RoundUpToSlab(bytes)
// whose first `bytes` (to the page) are backed by kept slabs as far as they
// go; nullptr when no relay lives or the system has no memory. For a block
// its owner fills at once.
std::byte* MapSlabsOntoKept(size_t bytes);

// Moves slabs kept by the live relay onto [p, p + bytes): slab-aligned,
// inside a MapSlabs mapping, never given up, and holding nothing (what is
// there is replaced).
// Where none is kept, the range is left as it is.
void BackWithKeptSlabs(std::byte* p, size_t bytes);

// While one is alive, dropped slabs are kept for reuse; at its end those
// still kept are returned to the system. One at a time per process.
class PageRelay {
 public:
  PageRelay();
  ~PageRelay();
  PageRelay(const PageRelay&) = delete;
  PageRelay& operator=(const PageRelay&) = delete;

  // Bytes kept now, and bytes moved under growing buffers so far.
  size_t kept_bytes() const;
  size_t reused_bytes() const;
};

template <class T>
struct PageAllocator {
  using value_type = T;
  PageAllocator() = default;
  template <class U>
  PageAllocator(const PageAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kPagedMinBytes) return std::allocator<T>().allocate(n);
    std::byte* p = MapSlabs(RoundUpToSlab(bytes));
    if (p == nullptr) throw std::bad_alloc();
    return reinterpret_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kPagedMinBytes) {
      std::allocator<T>().deallocate(p, n);
    } else {
      DropSlabs(reinterpret_cast<std::byte*>(p), RoundUpToSlab(bytes));
    }
  }
  // Elements that resize() adds are default-initialised: a trivial type's
  // bytes are left as they are, since every writer of a PagedVector
  // overwrites what it grows (a shuffle's receive area, a block of rows)
  // and clearing them first cost a pass over the memory.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  friend bool operator==(const PageAllocator&, const PageAllocator&) { return true; }
};

template <class T>
using PagedVector = std::vector<T, PageAllocator<T>>;

// For a buffer read front to back whose memory others are about to take:
// gives up the pages of the whole slabs of `v` that hold only elements
// before `consumed` (ReleaseSlabPages): to the live relay, for a buffer
// growing meanwhile to take over, or else to the system. Those elements must
// not be read again (without a relay they read as zeros); `v` keeps its size
// and is still freed as usual.
template <class T>
void ReleaseConsumedSlabs(PagedVector<T>& v, size_t consumed) {
  if (v.capacity() * sizeof(T) < kPagedMinBytes) return;  // a malloc buffer
  const size_t bytes = std::min(consumed, v.size()) * sizeof(T) / kSlabBytes * kSlabBytes;
  if (bytes > 0) ReleaseSlabPages(reinterpret_cast<std::byte*>(v.data()), bytes);
}

// Appends `x` to `v`, first faulting in, in one call, the pages of the
// slab of `v`'s capacity where `x` is the first element to start, for a
// buffer filled front to back: one call instead of 512 page faults a slab
// (a first touch costs a quarter to a third less on the development VM,
// bench/memory/bench_first_touch), and never more than one slab ahead of the
// elements. A malloc buffer, or a kernel without MADV_POPULATE_WRITE, is
// filled as push_back fills it.
template <class T>
void PushBackPopulating(PagedVector<T>& v, const T& x) {
  const size_t offset = v.size() * sizeof(T);
  if (offset % kSlabBytes < sizeof(T) && v.size() < v.capacity() && v.capacity() * sizeof(T) >= kPagedMinBytes) {
    const size_t slab = offset / kSlabBytes * kSlabBytes;
    PopulateSlabPages(reinterpret_cast<std::byte*>(v.data()) + slab,
                      std::min(kSlabBytes, RoundUpToSlab(v.capacity() * sizeof(T)) - slab));
  }
  v.push_back(x);
}

// Resizes `v` to `n` elements (new ones default-initialised: a trivial
// type's are not cleared, the caller writes them). Growth within
// the capacity first backs the slabs past the last one in use with kept
// slabs, so filling them faults in no fresh page.
template <class T>
void GrowOntoKeptSlabs(PagedVector<T>& v, size_t n) {
  const size_t capacity_bytes = v.capacity() * sizeof(T);
  if (capacity_bytes >= kPagedMinBytes && n > v.size() && n <= v.capacity()) {
    const size_t from = RoundUpToSlab(v.size() * sizeof(T));
    const size_t to = std::min(RoundUpToSlab(n * sizeof(T)), RoundUpToSlab(capacity_bytes));
    if (to > from) BackWithKeptSlabs(reinterpret_cast<std::byte*>(v.data()) + from, to - from);
  }
  v.resize(n);
}

}  // namespace qrmark

#endif  // QRMARK_SRC_BASE_PAGE_RELAY_H_
