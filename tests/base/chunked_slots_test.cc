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
    ChunkedSlots<Counted, 2> slots;  // chunks of 4, 8, 16, 32, ...
    for (int i = 0; i < 10; ++i) {
      slots.emplace_back();
      slots[i].text = "slot " + std::to_string(i);
    }
    const Counted* first = &slots[0];
    const Counted* tenth = &slots[9];
    for (int i = 0; i < 50; ++i) slots.emplace_back();  // more chunks: nothing moves
    CHECK(&slots[0] == first);
    CHECK(&slots[9] == tenth);
    CHECK(slots.size() == 60);
    CHECK(Counted::live == 60);
    for (int i = 0; i < 10; ++i) CHECK(slots[i].text == "slot " + std::to_string(i));
    CHECK(slots[59].text == "default");
  }
  CHECK(Counted::live == 0);
}

TEST_CASE("ChunkedSlots doubles its chunks: neighbours share one, from 2^kShift slots up", "[base]") {
  ChunkedSlots<int64_t, 2> slots;
  for (int i = 0; i < 60; ++i) slots.emplace_back();  // exactly chunks of 4, 8, 16 and 32
  // Slots [4 << c - 4, 8 << c - 4) are chunk c: side by side within it.
  for (int begin = 0, size = 4; begin < 60; begin += size, size *= 2) {
    for (int i = begin; i + 1 < begin + size; ++i) CHECK(&slots[i + 1] == &slots[i] + 1);
  }
  for (int i = 0; i < 60; ++i) slots[i] = i;
  for (int i = 0; i < 60; ++i) CHECK(slots[i] == i);
}

TEST_CASE("ChunkedSlots past its inline directory keeps every slot in place and frees every chunk",
          "[base]") {
  // Chunks of 2, 4, 8 and 16 are in the directory inline; the fifth
  // (32 slots, from slot 30) and on in the array allocated with it.
  {
    ChunkedSlots<Counted, 1> slots;
    static_assert(sizeof(slots) <= 6 * sizeof(void*));
    for (int i = 0; i < 30; ++i) slots.emplace_back();
    const Counted* last_inline = &slots[29];
    for (int i = 30; i < 1000; ++i) {
      slots.emplace_back();
      slots[i].text = std::to_string(i);
    }
    CHECK(&slots[29] == last_inline);
    CHECK(&slots[31] == &slots[30] + 1);  // the fifth chunk's first two, side by side
    CHECK(Counted::live == 1000);
    for (int i = 30; i < 1000; ++i) CHECK(slots[i].text == std::to_string(i));
  }
  CHECK(Counted::live == 0);
}

TEST_CASE("ChunkedSlots bounded by kMaxLog2 holds exactly 2^kMaxLog2 slots", "[base]") {
  // 2^6 slots from chunks of 4: chunks of 4, 8, 16, 32 and the first 4 of
  // a chunk of 64, the last the directory has room for. Destroyed in full.
  {
    ChunkedSlots<Counted, 2, 6> slots;
    for (int i = 0; i < 64; ++i) {
      slots.emplace_back();
      slots[i].text = std::to_string(i);
    }
    CHECK(Counted::live == 64);
    for (int i = 0; i < 64; ++i) CHECK(slots[i].text == std::to_string(i));
  }
  CHECK(Counted::live == 0);
}

}  // namespace
}  // namespace portlab
