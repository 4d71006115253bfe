// Knobs: a host's tunables, set by their OS's own names (Linux sysctls).
//
// Example:
//   Knobs k = LinuxDefaultKnobs();
//   absl::Status s = SetKnob(k, "net.ipv4.ip_local_port_range", "40000 40063");
//
// Names are accepted with or without the "net.ipv4." prefix. Values are
// checked as the kernel checks them (proc_dointvec_minmax bounds, the
// ip_local_port_range and ip_unprivileged_port_start cross-checks); an
// invalid write is InvalidArgument and leaves the knobs unchanged.
#ifndef PORTLAB_STACK_KNOBS_H_
#define PORTLAB_STACK_KNOBS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "portlab/base/time.h"
#include "portlab/net/port.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {

// Whether connect() may reuse a local port toward another destination.
enum class PortSharing : uint8_t {
  kFourTuple,   // only the 4-tuple must be unique (Linux, FreeBSD)
  kUniquePort,  // a port in use by any socket is never chosen (macOS, Windows, ns-3, lwIP)
};

struct Knobs {
  net::PortRange ip_local_port_range{net::Port(32768), net::Port(60999)};
  // ip_local_reserved_ports: skipped by automatic selection only.
  std::shared_ptr<const PortBitmap> reserved_ports;  // null: none
  std::string reserved_ports_text;
  int tcp_tw_reuse = 2;  // 0 off, 1 on, 2 loopback only
  Duration tcp_tw_reuse_delay = Duration::Millis(1000);
  bool ip_autobind_reuse = false;
  int ip_unprivileged_port_start = 1024;
  int tcp_syn_retries = 6;
  // SYN retransmissions (in SYN-SENT) that keep the 1 s RTO before the
  // exponential backoff starts (Linux 6.5+).
  int tcp_syn_linear_timeouts = 4;
  // How long an orphaned FIN-WAIT-2 socket waits for the peer's FIN.
  Duration tcp_fin_timeout = Duration::Seconds(60);
  bool tcp_timestamps = true;  // TIME-WAIT recycling needs them
  // net.ipv6.bindv6only: AF_INET6 sockets start IPV6_V6ONLY.
  bool bindv6only = false;

  // Behaviour an OS fixes or sets through its own knobs (FreeBSD
  // net.inet.tcp.msl, Windows TcpTimedWaitDelay, ...): kept here so every
  // host can change it.
  std::string tcp_strategy = "linux";  // EphemeralStrategy names
  std::string udp_strategy = "linux";
  Duration time_wait = Duration::Seconds(60);
  PortSharing sharing = PortSharing::kFourTuple;
  bool no_local_time_wait = false;  // FreeBSD net.inet.tcp.nolocaltimewait
  int udp_reserve = 0;      // macOS: UDP bind fails when fewer ports would remain
  int tcp_pcb_limit = 0;    // lwIP MEMP_NUM_TCP_PCB (0: no limit)
  bool windows_bind_rules = false;  // SO_REUSEADDR / SO_EXCLUSIVEADDRUSE as Windows has them

  bool Reserved(uint16_t port) const {
    return reserved_ports && reserved_ports->Test(port);
  }
};

struct KnobInfo {
  std::string_view name;
  std::string_view description;
  std::string_view source;
};
// The knobs SetKnob accepts, for `portlab list` and error messages.
const std::vector<KnobInfo>& LinuxKnobInfo();

// Linux 6.x defaults (Documentation/networking/ip-sysctl.rst).
Knobs LinuxDefaultKnobs();

absl::Status SetKnob(Knobs& knobs, std::string_view name, std::string_view value);

// The name a knob is known by: a Linux sysctl under net.ipv4. is also
// written without the prefix ("net.ipv4.tcp_fin_timeout" and
// "tcp_fin_timeout" are one knob, as sysctl(8) and /proc/sys/net/ipv4/
// name it), so both give the same answer. Every other name is its own.
std::string_view KnobIdentity(std::string_view name);

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_KNOBS_H_
