// The knobs of each OS profile, by that OS's own names.
//
// Every setter maps an OS's knob onto the shared Knobs fields and checks the
// value as the OS would (or says plainly where portlab models less). A
// refused write is InvalidArgument and leaves the knobs unchanged.
//
//   freebsd  net.inet.ip.portrange.first / .last / .randomized,
//            net.inet.tcp.msl, net.inet.tcp.nolocaltimewait
//   macos    net.inet.ip.portrange.first / .last, net.inet.tcp.randomize_ports,
//            net.inet.udp.randomize_ports, net.inet.tcp.msl
//   windows  TcpTimedWaitDelay, "dynamicport tcp" / "dynamicport udp"
//            ("start=49152 num=16384", as netsh takes it),
//            AutoReusePortRangeNumberOfPorts
//   ns3      MaxSegLifetime
//   lwip     TCP_MSL, LWIP_RAND, MEMP_NUM_TCP_PCB
//   custom   strategy, tcp_strategy, udp_strategy, port_range, time_wait,
//            sharing, and every linux knob
#ifndef PORTLAB_STACK_OS_KNOBS_H_
#define PORTLAB_STACK_OS_KNOBS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "portlab/stack/knobs.h"

namespace portlab::stack {

using KnobSetter = absl::Status (*)(Knobs&, std::string_view name, std::string_view value);

const std::vector<KnobInfo>& FreeBsdKnobInfo();
absl::Status SetFreeBsdKnob(Knobs& k, std::string_view name, std::string_view value);
const std::vector<KnobInfo>& MacOsKnobInfo();
absl::Status SetMacOsKnob(Knobs& k, std::string_view name, std::string_view value);
const std::vector<KnobInfo>& WindowsKnobInfo();
absl::Status SetWindowsKnob(Knobs& k, std::string_view name, std::string_view value);
const std::vector<KnobInfo>& Ns3KnobInfo();
absl::Status SetNs3Knob(Knobs& k, std::string_view name, std::string_view value);
const std::vector<KnobInfo>& LwipKnobInfo();
absl::Status SetLwipKnob(Knobs& k, std::string_view name, std::string_view value);
const std::vector<KnobInfo>& CustomKnobInfo();
absl::Status SetCustomKnob(Knobs& k, std::string_view name, std::string_view value);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_OS_KNOBS_H_
