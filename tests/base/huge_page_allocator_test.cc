// HugePageAllocator: a block of 2 MiB or more comes zeroed like any fresh
// memory and holds what its owner writes, while a helper thread faults it
// in (PrefaultInBackground) — MADV_POPULATE_WRITE, done over the same
// block here as well, never changes a byte.
#include <sys/mman.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "portlab/base/huge_page_allocator.h"

namespace portlab {
namespace {

TEST_CASE("a huge-page block holds what its owner writes while it is faulted in", "[base]") {
  constexpr size_t kWords = (size_t{16} << 20) / sizeof(uint64_t);  // 16 MiB: 8 huge pages
  HugePageAllocator<uint64_t> alloc;
  uint64_t* block = alloc.allocate(kWords);
  // Fresh anonymous memory reads as zero, faulted in or not.
  bool zero = true;
  for (size_t i = 0; i < kWords; i += 512) zero &= block[i] == 0;
  CHECK(zero);
  // The owner writes every page while the helper may still be at work.
  for (size_t i = 0; i < kWords; i += 61) block[i] = i * 0x9e3779b97f4a7c15ULL;
#ifdef MADV_POPULATE_WRITE
  // What the helper does, once more over the whole block: nothing written.
  REQUIRE(::madvise(block, kWords * sizeof(uint64_t), MADV_POPULATE_WRITE) == 0);
#endif
  bool kept = true;
  for (size_t i = 0; i < kWords; ++i) kept &= block[i] == (i % 61 == 0 ? i * 0x9e3779b97f4a7c15ULL : 0);
  CHECK(kept);
  alloc.deallocate(block, kWords);
}

TEST_CASE("a vector on huge pages behaves as any vector", "[base]") {
  std::vector<uint32_t, HugePageAllocator<uint32_t>> v;
  for (uint32_t i = 0; i < (3u << 20); ++i) v.push_back(i ^ 0x5a5a5a5au);  // grows through 2, 4, 8 MiB blocks
  bool same = true;
  for (uint32_t i = 0; i < v.size(); ++i) same &= v[i] == (i ^ 0x5a5a5a5au);
  CHECK(same);
  CHECK(v.size() == (3u << 20));
}

}  // namespace
}  // namespace portlab
