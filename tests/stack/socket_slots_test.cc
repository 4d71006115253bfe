// SocketSlots' invariants (stack/socket_slots.h): a freed slot is reused
// last-freed first, under a higher generation, so stale ids find nothing
// and timers armed for an earlier socket never match a later one.
#include "portlab/stack/socket_slots.h"

#include <catch2/catch.hpp>
#include <vector>

namespace portlab::stack {
namespace {

TEST_CASE("SocketSlots: slots are reused last-freed first, stale ids find nothing", "[stack]") {
  SocketSlots slots;
  struct Step {
    const char* name;
    bool allocate;   // else free `index`
    uint32_t index;  // the slot freed, or the slot Allocate() must return
  };
  const std::vector<Step> steps = {
      {"first socket", true, 0}, {"second socket", true, 1}, {"third socket", true, 2},
      {"free the first", false, 0}, {"free the third", false, 2},
      {"the last freed comes back first", true, 2}, {"then the one before", true, 0},
      {"then the slots grow", true, 3},
  };
  std::vector<SocketId> ids(4);
  for (const Step& s : steps) {
    INFO(s.name);
    if (s.allocate) {
      const uint32_t i = slots.Allocate(net::Protocol::kUdp, /*v6=*/true);
      REQUIRE(i == s.index);
      const Socket& sk = slots[i];
      CHECK(sk.live);
      CHECK(sk.user_open);
      CHECK(sk.protocol == net::Protocol::kUdp);
      CHECK(sk.local_addr == net::kAnyV6Id);
      const SocketId old = ids[i];
      ids[i] = SocketId{i, sk.generation};
      CHECK(slots.Lookup(ids[i]) == &slots[i]);
      if (old.valid()) {
        CHECK(sk.generation > old.generation);
        CHECK(slots.Lookup(old) == nullptr);
      }
    } else {
      const uint32_t timers = slots[s.index].timer_generation;
      slots.Free(s.index);
      CHECK_FALSE(slots[s.index].live);
      CHECK(slots[s.index].timer_generation == timers + 1);
      CHECK(slots.Lookup(ids[s.index]) == nullptr);
    }
  }
  CHECK(slots.size() == 4);
  CHECK(slots.Lookup(SocketId{99, 1}) == nullptr);
}

TEST_CASE("SocketSlots: a reused slot keeps counting timer generations", "[stack]") {
  SocketSlots slots;
  const uint32_t i = slots.Allocate(net::Protocol::kTcp, false);
  slots[i].timer_generation = 5;  // timers armed for the first socket
  slots.Free(i);                  // 6: those timers are stale
  REQUIRE(slots.Allocate(net::Protocol::kTcp, false) == i);
  CHECK(slots[i].timer_generation == 6);
}

}  // namespace
}  // namespace portlab::stack
