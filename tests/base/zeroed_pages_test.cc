#include "portlab/base/zeroed_pages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "catch2/catch.hpp"

namespace portlab {
namespace {

// How many of the array's pages are resident (mincore).
size_t ResidentPages(const void* p, size_t bytes) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in((bytes + page - 1) / page);
  REQUIRE(::mincore(const_cast<void*>(p), bytes, in.data()) == 0);
  size_t n = 0;
  for (unsigned char c : in) n += c & 1;
  return n;
}

struct Entry {
  uint32_t users;
  uint32_t owner;
  int64_t held_until;
};

TEST_CASE("ZeroedPages reads as zeros and costs only the pages touched", "[base]") {
  constexpr size_t kN = size_t{1} << 16;  // 1 MiB of 16-byte entries, as a NAT port table
  ZeroedPages<Entry> a(kN);
  REQUIRE(a);
  CHECK(a.size() == kN);
  CHECK(ResidentPages(a.get(), kN * sizeof(Entry)) == 0);
  a[40000].users = 3;
  a[40000].held_until = -1;
  CHECK(ResidentPages(a.get(), kN * sizeof(Entry)) == 1);
  CHECK(a[39999].users == 0);
  CHECK(a[40000].owner == 0);
  CHECK(a[kN - 1].held_until == 0);

  // Moving hands over the mapping; the moved-from array is empty.
  ZeroedPages<Entry> b = std::move(a);
  CHECK(!a);
  CHECK(b[40000].users == 3);
  ZeroedPages<Entry> c(16);
  c = std::move(b);
  CHECK(c.size() == kN);
  CHECK(c[40000].held_until == -1);
}

TEST_CASE("ZeroedPages of nothing maps nothing, an impossible size is refused", "[base]") {
  ZeroedPages<Entry> none(0);
  CHECK(!none);
  CHECK(none.size() == 0);
  CHECK_THROWS_AS(ZeroedPages<Entry>(SIZE_MAX / 2), std::bad_alloc);
}

}  // namespace
}  // namespace portlab
