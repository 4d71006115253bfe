// ExpiryQueue against a plain ordered multiset: whatever the pushes, the
// entries come out in (time, id) order.
#include "portlab/nat/expiry_queue.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace portlab::nat {
namespace {

using Key = std::pair<int64_t, uint32_t>;

// Pushes and pops as `pattern` says, checking each pop and top against a
// multiset of (at, id); returns how many entries went through.
template <typename NextAt>
int Drive(std::mt19937_64& rng, int steps, NextAt next_at) {
  ExpiryQueue q;
  std::multiset<Key> want;
  int64_t now = 0;
  int moved = 0;
  for (int i = 0; i < steps; ++i) {
    now += static_cast<int64_t>(rng() % 3);
    if (rng() % 3 != 0) {
      const ExpiryEntry e{next_at(now), static_cast<uint32_t>(rng() % 1000), static_cast<uint32_t>(i)};
      q.Push(e);
      want.insert({e.at, e.id});
    } else {
      while (!want.empty() && want.begin()->first <= now) {
        REQUIRE(!q.empty());
        CHECK(Key{q.top().at, q.top().id} == *want.begin());
        const ExpiryEntry e = q.Pop();
        REQUIRE(Key{e.at, e.id} == *want.begin());
        want.erase(want.begin());
        ++moved;
      }
    }
    REQUIRE(q.size() == want.size());
  }
  while (!want.empty()) {
    const ExpiryEntry e = q.Pop();
    REQUIRE(Key{e.at, e.id} == *want.begin());
    want.erase(want.begin());
    ++moved;
  }
  CHECK(q.empty());
  return moved;
}

TEST_CASE("ExpiryQueue gives entries in (time, id) order, as a heap would", "[nat]") {
  std::mt19937_64 rng(20261122);
  SECTION("a few fixed timeouts: each run in a lane") {
    const int64_t timeouts[] = {240, 7440, 30, 120};
    CHECK(Drive(rng, 20000, [&](int64_t now) { return now + timeouts[rng() % 4]; }) > 0);
  }
  SECTION("more timeouts than lanes: the rest through the heap") {
    CHECK(Drive(rng, 20000, [&](int64_t now) { return now + static_cast<int64_t>(rng() % 9) * 50; }) > 0);
  }
  SECTION("times at random, equal times with ids in any order") {
    CHECK(Drive(rng, 20000, [&](int64_t now) { return now + static_cast<int64_t>(rng() % 4); }) > 0);
  }
}

TEST_CASE("ExpiryQueue stays in order through a lane that never empties (its taken entries dropped)", "[nat]") {
  ExpiryQueue q;
  // One timeout: a push and a pop per step, 10^5 steps, the queue 5,000 long.
  uint32_t next_id = 0;
  for (int64_t t = 0; t < 5000; ++t) q.Push({t + 5000, next_id++, 0});
  for (int64_t t = 5000; t < 100000; ++t) {
    q.Push({t + 5000, next_id++, 0});
    const ExpiryEntry e = q.Pop();
    REQUIRE(e.at == t);
    REQUIRE(e.id == static_cast<uint32_t>(t - 5000));
  }
  CHECK(q.size() == 5000);
}

TEST_CASE("ExpiryQueue::Reserve on a queue with entries keeps top() right", "[nat]") {
  // NatBox reserves its tables after placing a conntrack table's sessions
  // (nat/placed_session.h): the lane moves, and top() pointed into the old
  // one.
  ExpiryQueue q;
  q.Push({.at = 5'000'000'000, .id = 3, .generation = 0});
  q.Push({.at = 6'000'000'000, .id = 4, .generation = 0});
  q.Reserve(1 << 20);
  CHECK(q.top().at == 5'000'000'000);
  CHECK(q.top().id == 3);
  CHECK(q.Pop().id == 3);
  CHECK(q.top().id == 4);
}

}  // namespace
}  // namespace portlab::nat
