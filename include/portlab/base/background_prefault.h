// PrefaultInBackground: has the kernel fault in a freshly allocated block
// (find each page a frame, zero it, map it writable) on a thread of its
// own, ahead of the first writes, so the thread that fills the block does
// not stall on a page fault and a 2-MiB clear at each new page.
//
// For blocks written all over soon after they are allocated: a hash table
// sized up front for 10^6 entries has an entry on every one of its pages
// once it holds a few thousand, so faulting it all in costs no memory the
// run would not have used. On the CGNAT scenario (bench/README.md) the
// kernel's clearing of the NAT's index pages was 3-10 % of the wall time,
// all of it on the simulation's thread.
//
// Contents and behaviour are unchanged: MADV_POPULATE_WRITE (Linux 5.14)
// faults pages in as a write would without writing, so it races with
// nothing the owner does (the owner's own first writes just find the page
// there, or fault it themselves). Where the kernel lacks it, or no thread
// can be started, nothing happens. The thread stops at the first error
// (the block freed and unmapped meanwhile), and is never waited for.
//
// Example:
//   void* p = std::aligned_alloc(kHugePage, bytes);
//   ::madvise(p, bytes, MADV_HUGEPAGE);
//   PrefaultInBackground(p, bytes);
#ifndef PORTLAB_BASE_BACKGROUND_PREFAULT_H_
#define PORTLAB_BASE_BACKGROUND_PREFAULT_H_

#include <sys/mman.h>

#include <cstddef>
#include <system_error>
#include <thread>

namespace portlab {

inline void PrefaultInBackground(void* p, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  // 2 MiB a call: one huge page, so the filling thread's own fault on a
  // page the helper has not reached yet waits for at most one step.
  constexpr size_t kStep = size_t{2} << 20;
  try {
    std::thread([p, bytes] {
      for (size_t off = 0; off < bytes; off += kStep) {
        const size_t n = bytes - off < kStep ? bytes - off : kStep;
        if (::madvise(static_cast<char*>(p) + off, n, MADV_POPULATE_WRITE) != 0) return;
      }
    }).detach();
  } catch (const std::system_error&) {
    // No thread: the pages fault in as they are first written.
  }
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace portlab

#endif  // PORTLAB_BASE_BACKGROUND_PREFAULT_H_
