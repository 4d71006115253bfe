#include "portlab/base/ring_queue.h"

#include <cstdint>
#include <deque>

#include "catch2/catch.hpp"
#include "portlab/base/rng.h"

namespace portlab {
namespace {

struct QueuedValue {
  int64_t value;
  uint32_t tag;
};

TEST_CASE("RingQueue allocates nothing until its first value, then 4 places", "[base]") {
  RingQueue<QueuedValue> q;
  CHECK(q.empty());
  CHECK(q.capacity() == 0);
  q.push_back({7, 1});
  CHECK(q.capacity() == 4);
  CHECK(q.front().value == 7);
  q.pop_front();
  CHECK(q.empty());
  static_assert(sizeof(RingQueue<QueuedValue>) <= 24);
}

TEST_CASE("RingQueue keeps FIFO order across wrap-around and growth, as a deque does", "[base]") {
  // Random pushes and pops, the head wrapping around the buffer between
  // growths: every front and every index agrees with std::deque's.
  RingQueue<QueuedValue> q;
  std::deque<QueuedValue> want;
  Rng rng(42);
  int64_t next = 0;
  for (int step = 0; step < 20000; ++step) {
    // Mostly pushes early, mostly pops later: the queue grows to hundreds,
    // then drains to empty and grows again.
    const bool push = want.empty() || rng.Next64() % 100 < (step < 10000 ? 60u : 45u);
    if (push) {
      q.push_back({next, static_cast<uint32_t>(next * 3)});
      want.push_back({next, static_cast<uint32_t>(next * 3)});
      ++next;
    } else {
      REQUIRE(q.front().value == want.front().value);
      q.pop_front();
      want.pop_front();
    }
    REQUIRE(q.size() == want.size());
    if (!want.empty()) {
      const size_t i = rng.Next64() % want.size();
      REQUIRE(q[i].value == want[i].value);
      REQUIRE(q[i].tag == want[i].tag);
    }
    REQUIRE((q.capacity() & (q.capacity() - 1)) == 0);
  }
}

}  // namespace
}  // namespace portlab
