// When a Linux kernel timer really fires.
//
// The kernel's timer wheel (kernel/time/timer.c) keeps timers in levels of
// 64 buckets whose granularity grows 8-fold per level: 1, 8, 64, 512, ...
// jiffies. A timer `delay` ahead goes to the first level whose range holds
// it (LVL_START(n) = 63 << 3(n-1) jiffies) and, so it never fires early, is
// rounded up to that level's next bucket boundary (calc_index: expires =
// ((expires >> shift) + 1) << shift). At CONFIG_HZ=250 (4 ms jiffies) a
// 1 s timer fires up to 32 ms late, a 4-16 s one up to 256 ms, a 32-131 s
// one (TIME-WAIT's 60 s) up to 2.048 s. Observed: a port range used up at a
// steady rate frees its ports ~62 s after their connections closed, and a
// SYN nobody answers fails after ~134 s rather than the 131 s the RTOs add
// up to.
//
// Jiffies are counted from the start of the simulation (the kernel starts
// at INITIAL_JIFFIES, which only shifts the phase of the boundaries).
#ifndef PORTLAB_STACK_TIMER_WHEEL_H_
#define PORTLAB_STACK_TIMER_WHEEL_H_

#include "portlab/base/time.h"

namespace portlab::stack {

// The time a timer armed at `now` for `delay` fires on a wheel ticking every
// `jiffy`; `now + delay` when jiffy is zero (an exact clock).
SimTime KernelTimerExpiry(SimTime now, Duration delay, Duration jiffy);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_TIMER_WHEEL_H_
