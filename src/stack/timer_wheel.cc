#include "portlab/stack/timer_wheel.h"

#include <cstdint>

namespace portlab::stack {
namespace {

// kernel/time/timer.c: LVL_CLK_SHIFT 3, LVL_BITS 6 (64 buckets a level).
constexpr int kLevelClockShift = 3;
constexpr int64_t kLevelSize = 64;
constexpr int kLevels = 9;

}  // namespace

SimTime KernelTimerExpiry(SimTime now, Duration delay, Duration jiffy) {
  const int64_t j = jiffy.nanos();
  if (j <= 0) return now + delay;
  const int64_t clk = now.nanos() / j;
  // msecs_to_jiffies and friends round up.
  const int64_t delta = (delay.nanos() + j - 1) / j;
  int level = 0;
  while (level + 1 < kLevels && delta >= ((kLevelSize - 1) << (level * kLevelClockShift))) ++level;
  const int shift = level * kLevelClockShift;
  const int64_t bucket = (((clk + delta) >> shift) + 1) << shift;
  return SimTime::FromNanos(bucket * j);
}

}  // namespace portlab::stack
