// OsProfile: what an operating system's transport layer does with ports,
// as data (docs/ARCHITECTURE.md, "The host stack").
//
// A profile gives the default knobs (range, strategies, TIME-WAIT length,
// whether connect() shares ports across destinations, ...), the knob names
// the OS uses and how it checks them, how its kernel timers round, and the
// SYN retransmission schedule. Hosts copy the knobs and may change them.
// Where reference/os-ports.md says "unverified", the description says so.
//
// Example:
//   const OsProfile* p = FindProfile("macos");
//   Host h(..., *p, ...);
#ifndef PORTLAB_STACK_OS_PROFILE_H_
#define PORTLAB_STACK_OS_PROFILE_H_

#include <string_view>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/stack/initial_sequence.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/os_knobs.h"

namespace portlab::stack {

struct OsProfile {
  std::string_view name;
  std::string_view description;
  std::string_view source;
  Knobs knobs;
  // The OS's knob names (host `sysctl:`, step `set:`) and their checks.
  const std::vector<KnobInfo>& (*knob_info)() = LinuxKnobInfo;
  KnobSetter set_knob = SetKnob;
  // One jiffy (1/CONFIG_HZ; Debian's kernels use HZ=250): kernel timers
  // fire on the timer wheel's bucket boundaries (stack/timer_wheel.h), so a
  // 60 s TIME-WAIT really lasts 60-62 s. Zero: exact timers.
  Duration jiffy = Duration::Millis(4);
  // TCP_TIMEOUT_INIT: the first SYN retransmission after 1 s.
  Duration initial_rto = Duration::Seconds(1);
  // The UDP hash table size (udp_table_init), which sets the autobind stride.
  int udp_hash_size = 16384;
  // How the OS picks initial sequence numbers (stack/initial_sequence.h).
  IsnRule isn_rule = IsnRule::kLinux;
};

// Every profile, in a stable order.
const std::vector<OsProfile>& Profiles();
// nullptr when there is no profile of that name.
const OsProfile* FindProfile(std::string_view name);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_OS_PROFILE_H_
