#include <catch2/catch.hpp>

#include "portlab/stack/timer_wheel.h"

namespace portlab::stack {
namespace {

constexpr Duration kJiffy = Duration::Millis(4);  // CONFIG_HZ=250

TEST_CASE("kernel timers fire on their wheel level's next boundary", "[timer]") {
  struct Case {
    int64_t now_ms, delay_ms;
    int64_t min_late_ms, max_late_ms;  // fires delay + [min, max] after now
  };
  const Case cases[] = {
      {0, 100, 4, 4},          // level 0: 25 jiffies, +1 jiffy
      {1, 1000, 0, 32},        // level 1 (250 jiffies), granularity 8 jiffies
      {1234, 2000, 0, 32},     // 500 jiffies: still level 1
      {1234, 4000, 0, 256},    // level 2, granularity 64 jiffies
      {1234, 16000, 0, 256},   // 4000 jiffies < 4032: level 2
      {1234, 32000, 0, 2048},  // level 3, granularity 512 jiffies
      {2002, 60000, 0, 2048},  // TIME-WAIT: 60-62 s
  };
  for (const Case& c : cases) {
    INFO(c.delay_ms << " ms armed at " << c.now_ms << " ms");
    SimTime now = SimTime::FromNanos(c.now_ms * 1'000'000);
    SimTime at = KernelTimerExpiry(now, Duration::Millis(c.delay_ms), kJiffy);
    int64_t late_ns = (at - now).nanos() - c.delay_ms * 1'000'000;
    CHECK(late_ns >= c.min_late_ms * 1'000'000);
    CHECK(late_ns <= c.max_late_ms * 1'000'000);
  }
  // The worked example of the TIME-WAIT golden trace: closed at 3.010 s,
  // gone at 63.488 s (31 x 2.048 s).
  CHECK(KernelTimerExpiry(SimTime::FromNanos(3'010'000'000), Duration::Seconds(60), kJiffy) ==
        SimTime::FromNanos(63'488'000'000));
  // Zero jiffy: exact.
  CHECK(KernelTimerExpiry(SimTime::FromNanos(5), Duration::Seconds(60), {}) ==
        SimTime::FromNanos(60'000'000'005));
}

}  // namespace
}  // namespace portlab::stack
