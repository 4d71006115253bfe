// HugePageAllocator: a std-style allocator that asks the kernel for
// transparent huge pages (2 MiB) for blocks of 2 MiB or more, so a table
// of millions of entries read at random costs a cache miss per lookup, not
// a cache miss and a TLB miss (Linux with transparent_hugepage "madvise",
// the Debian default, gives huge pages only to memory advised so). Smaller
// blocks come from std::allocator. Contents and behaviour are unchanged:
// only the page size backing the memory differs.
//
// Only for memory read at random. A huge page is dearer to fault in
// (bench/README.md, "Machine"), so an array filled in order and read near
// its newest entries (sessions, mappings, socket chunks, expiry lanes) is
// faster on small pages.
//
// Example:
//   absl::flat_hash_map<K, V, absl::Hash<K>, std::equal_to<K>,
//                       HugePageAllocator<std::pair<const K, V>>> big;
#ifndef PORTLAB_BASE_HUGE_PAGE_ALLOCATOR_H_
#define PORTLAB_BASE_HUGE_PAGE_ALLOCATOR_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace portlab {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage || alignof(T) > kHugePage) return std::allocator<T>().allocate(n);
    const size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    // Advice only: where the kernel has no huge page, small pages serve.
    ::madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage || alignof(T) > kHugePage) {
      std::allocator<T>().deallocate(p, n);
    } else {
      std::free(p);
    }
  }

  template <typename U>
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator<U>&) {
    return true;
  }
};

}  // namespace portlab

#endif  // PORTLAB_BASE_HUGE_PAGE_ALLOCATOR_H_
