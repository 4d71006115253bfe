#include "portlab/base/huge_page_allocator.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catch2/catch.hpp"

namespace portlab {
namespace {

// The VmFlags line of the mapping holding `p` in /proc/self/smaps ("" when
// not found): "hg" there is MADV_HUGEPAGE.
std::string VmFlagsOf(const void* p) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= a && a < hi;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

TEST_CASE("HugePageAllocator advises blocks of 2 MiB and more for huge pages", "[base]") {
  HugePageAllocator<uint64_t> alloc;
  constexpr size_t kN = (size_t{4} << 20) / sizeof(uint64_t);  // 4 MiB
  uint64_t* big = alloc.allocate(kN);
  CHECK(reinterpret_cast<uintptr_t>(big) % HugePageAllocator<uint64_t>::kHugePage == 0);
  big[0] = 1;
  big[kN - 1] = 2;
  const std::string flags = VmFlagsOf(big);
  if (flags.empty()) {
    WARN("no /proc/self/smaps entry for the block: advice not checked");
  } else {
    CHECK_THAT(flags, Catch::Contains(" hg"));
  }
  CHECK(big[0] + big[kN - 1] == 3);
  alloc.deallocate(big, kN);

  // Small blocks come from std::allocator, as usual.
  std::vector<int, HugePageAllocator<int>> small(100, 7);
  CHECK(small[99] == 7);
}

}  // namespace
}  // namespace portlab
