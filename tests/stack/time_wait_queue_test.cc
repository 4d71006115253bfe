// TimeWaitQueue's invariants (stack/time_wait_queue.h): entries leave in the
// order they came, and one sweep timer is armed whenever entries wait.
#include "portlab/stack/time_wait_queue.h"

#include <catch2/catch.hpp>
#include <vector>

namespace portlab::stack {
namespace {

TEST_CASE("TimeWaitQueue: FIFO order, one sweep timer armed at a time", "[stack]") {
  TimeWaitQueue q;
  // Push: whether the caller must arm a timer.
  CHECK(q.Push({100, 1, 1}));
  CHECK_FALSE(q.Push({200, 2, 1}));
  CHECK_FALSE(q.Push({300, 3, 1}));
  CHECK(q.size() == 3);
  std::vector<uint32_t> order;
  for (size_t i = 0; i < q.size(); ++i) order.push_back(q[i].index);
  CHECK(order == std::vector<uint32_t>{1, 2, 3});
  CHECK(q[1].expiry_ns == 200);

  // A sweep at 250 takes the first two, then re-arms for the third.
  q.SweepStarted();
  while (!q.empty() && q.front().expiry_ns <= 250) q.pop_front();
  REQUIRE(q.Rearm());
  CHECK(q.front().index == 3);
  CHECK_FALSE(q.Push({400, 4, 1}));  // armed already

  // A sweep that empties the queue arms nothing; the next Push must.
  q.SweepStarted();
  while (!q.empty()) q.pop_front();
  CHECK_FALSE(q.Rearm());
  CHECK(q.Push({500, 5, 1}));
}

}  // namespace
}  // namespace portlab::stack
