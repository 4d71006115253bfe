// OsProfile: what an operating system's transport layer does with ports,
// as data (DESIGN.md §4 "OS profiles").
//
// A profile names the port-selection strategy, the default knobs, the
// TIME-WAIT length and how the kernel's timers round it, and the SYN
// retransmission schedule. Hosts copy the knobs and may change them.
//
// Example:
//   const OsProfile* p = FindProfile("linux");
//   Host h(..., *p, ...);
#ifndef PORTLAB_STACK_OS_PROFILE_H_
#define PORTLAB_STACK_OS_PROFILE_H_

#include <string_view>
#include <vector>

#include "portlab/sim/time.h"
#include "portlab/stack/knobs.h"

namespace portlab::stack {

struct OsProfile {
  std::string_view name;
  std::string_view description;
  std::string_view source;
  std::string_view strategy;  // EphemeralStrategy name
  Knobs knobs;
  // TCP_TIMEWAIT_LEN (include/net/tcp.h): 60 s on Linux.
  sim::Duration time_wait = sim::Duration::Seconds(60);
  // One jiffy (1/CONFIG_HZ; Debian's kernels use HZ=250): kernel timers
  // fire on the timer wheel's bucket boundaries (stack/timer_wheel.h), so a
  // 60 s TIME-WAIT really lasts 60-62 s. Zero: exact timers.
  sim::Duration jiffy = sim::Duration::Millis(4);
  // TCP_TIMEOUT_INIT: the first SYN retransmission after 1 s, doubling.
  sim::Duration initial_rto = sim::Duration::Seconds(1);
  // The UDP hash table size (udp_table_init), which sets the autobind stride.
  int udp_hash_size = 16384;
};

// Every profile, in a stable order.
const std::vector<OsProfile>& Profiles();
// nullptr when there is no profile of that name.
const OsProfile* FindProfile(std::string_view name);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_OS_PROFILE_H_
