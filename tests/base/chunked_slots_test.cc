#include "portlab/base/chunked_slots.h"

#include <string>

#include "catch2/catch.hpp"

namespace portlab {
namespace {

// Counts live objects: every slot added is constructed once and destroyed
// once, whether or not its chunk is full.
struct Counted {
  static inline int live = 0;
  Counted() { ++live; }
  ~Counted() { --live; }
  std::string text = "default";
};

TEST_CASE("ChunkedSlots keeps each slot in place across chunks and destroys exactly what it built",
          "[base]") {
  {
    ChunkedSlots<Counted, 2> slots;  // chunks of 4
    for (int i = 0; i < 10; ++i) {
      slots.emplace_back();
      slots[i].text = "slot " + std::to_string(i);
    }
    const Counted* first = &slots[0];
    for (int i = 0; i < 50; ++i) slots.emplace_back();  // more chunks: nothing moves
    CHECK(&slots[0] == first);
    CHECK(slots.size() == 60);
    CHECK(Counted::live == 60);
    for (int i = 0; i < 10; ++i) CHECK(slots[i].text == "slot " + std::to_string(i));
    CHECK(slots[59].text == "default");
  }
  CHECK(Counted::live == 0);
}

}  // namespace
}  // namespace portlab
