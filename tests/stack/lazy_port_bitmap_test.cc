#include <catch2/catch.hpp>

#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {
namespace {

TEST_CASE("a lazy port bitmap reads empty until its first bit is set, then as a bitmap", "[stack]") {
  LazyPortBitmap b;
  CHECK(b.get() == nullptr);
  CHECK_FALSE(b.Test(80));
  CHECK(b.word(1) == 0);
  CHECK(b.bits().word(1) == 0);
  b.Clear(80);  // nothing to clear: still nothing allocated
  CHECK(b.get() == nullptr);
  b.Set(80);
  REQUIRE(b.get() != nullptr);
  CHECK(b.Test(80));
  CHECK(b.word(1) == uint64_t{1} << 16);
  CHECK(&b.bits() == b.get());
  b.Clear(80);
  CHECK_FALSE(b.Test(80));
}

}  // namespace
}  // namespace portlab::stack
