#include "portlab/stack/os_profile.h"

namespace portlab::stack {
namespace {

net::PortRange Range(uint16_t lo, uint16_t hi) { return {net::Port(lo), net::Port(hi)}; }

OsProfile Linux() {
  OsProfile p;
  p.name = "linux";
  p.description =
      "Linux 6.x (held against the running kernel by tests/differential): "
      "range 32768-60999, double-hash connect() with parity halves, "
      "4-tuple sharing across destinations, TIME-WAIT 60 s ending on the "
      "HZ=250 timer wheel (60-62 s), tcp_tw_reuse=2";
  p.source =
      "net/ipv4/inet_hashtables.c, net/ipv4/inet_connection_sock.c, "
      "net/ipv4/udp.c, net/ipv4/tcp_ipv4.c tcp_twsk_unique, include/net/tcp.h";
  p.knobs = LinuxDefaultKnobs();
  return p;
}

// The non-Linux profiles keep Linux's bind-conflict rules and TCP state
// machine (portlab models the BSDs' and Windows' differences in port
// choice, sharing and TIME-WAIT, not in every errno), and exact timers.
OsProfile NonLinux(std::string_view name) {
  OsProfile p = Linux();
  p.name = name;
  p.jiffy = {};
  p.knobs.tcp_tw_reuse = 0;  // a Linux knob: off elsewhere
  return p;
}

OsProfile FreeBsd() {
  OsProfile p = NonLinux("freebsd");
  p.description =
      "FreeBSD 14: range 10000-65535, a randomized cursor (RFC 6056 Alg 1), "
      "connect() ports shared per 4-tuple, TIME-WAIT 2 x MSL = 60 s, no "
      "TIME-WAIT between local addresses (nolocaltimewait); UDP sharing per "
      "4-tuple unverified";
  p.source = "sys/netinet/in_pcb.c in_pcb_lport_dest, sys/netinet/tcp_timewait.c";
  p.knob_info = FreeBsdKnobInfo;
  p.set_knob = SetFreeBsdKnob;
  p.isn_rule = IsnRule::kFreeBsd;
  p.knobs.ip_local_port_range = Range(10000, 65535);
  p.knobs.tcp_strategy = p.knobs.udp_strategy = "bsd";
  p.knobs.time_wait = Duration::Seconds(60);
  p.knobs.no_local_time_wait = true;
  return p;
}

OsProfile MacOs() {
  OsProfile p = NonLinux("macos");
  p.description =
      "macOS (XNU): range 49152-65535, TCP ports count up from 49152 after "
      "boot (randomize_ports=0), UDP random, connect() binds the port on "
      "every address (no sharing across destinations; TIME-WAIT blocks the "
      "port), TIME-WAIT 2 x MSL = 30 s, UDP bind fails EADDRNOTAVAIL when "
      "fewer than 4096 ports would remain";
  p.source = "bsd/netinet/in_pcb.c in_pcbbind, bsd/netinet/tcp_timer.c";
  p.knob_info = MacOsKnobInfo;
  p.set_knob = SetMacOsKnob;
  p.isn_rule = IsnRule::kXnu;
  p.knobs.ip_local_port_range = Range(49152, 65535);
  p.knobs.tcp_strategy = "bsd-sequential";
  p.knobs.udp_strategy = "bsd";
  p.knobs.time_wait = Duration::Seconds(30);
  p.knobs.sharing = PortSharing::kUniquePort;
  p.knobs.udp_reserve = 4096;
  return p;
}

OsProfile Windows() {
  OsProfile p = NonLinux("windows");
  p.description =
      "Windows Vista and later, from documentation: dynamic range "
      "49152-65535, one unique port per connect() unless 4-tuple auto-reuse "
      "is configured (default state unverified), TcpTimedWaitDelay 120 s "
      "(Vista+ default unverified); the selection order is undocumented, "
      "modelled as RFC 6056 Alg 1; SO_REUSEADDR binds over any owner unless "
      "it set SO_EXCLUSIVEADDRUSE";
  p.source = "Microsoft KB 929851 (dynamic port range), TCP/IP registry parameters";
  p.knob_info = WindowsKnobInfo;
  p.set_knob = SetWindowsKnob;
  p.isn_rule = IsnRule::kWindows;
  p.knobs.ip_local_port_range = Range(49152, 65535);
  p.knobs.tcp_strategy = p.knobs.udp_strategy = "random";
  p.knobs.time_wait = Duration::Seconds(120);
  p.knobs.sharing = PortSharing::kUniquePort;
  p.knobs.windows_bind_rules = true;
  // Tcp1323Opts: timestamps off by default (`netsh int tcp show global`,
  // "RFC 1323 Timestamps: disabled").
  p.knobs.tcp_timestamps = false;
  return p;
}

OsProfile Ns3() {
  OsProfile p = NonLinux("ns3");
  p.description =
      "ns-3 (contrast): 49152-65535 counting up from 49153, a port is busy "
      "if any endpoint uses it (no 4-tuple sharing), TIME-WAIT 2 x "
      "MaxSegLifetime = 240 s";
  p.source = "src/internet/model/ipv4-end-point-demux.cc, tcp-socket-base.cc";
  p.knob_info = Ns3KnobInfo;
  p.set_knob = SetNs3Knob;
  p.isn_rule = IsnRule::kZero;
  p.knobs.ip_local_port_range = Range(49152, 65535);
  p.knobs.tcp_strategy = p.knobs.udp_strategy = "ns3";
  p.knobs.time_wait = Duration::Seconds(240);
  p.knobs.sharing = PortSharing::kUniquePort;
  return p;
}

OsProfile Lwip() {
  OsProfile p = NonLinux("lwip");
  p.description =
      "lwIP (contrast): 0xC000-0xFFFF counting up (TCP never returns 65535, "
      "UDP can), no 4-tuple sharing, TIME-WAIT 2 x TCP_MSL = 120 s, a pool of "
      "MEMP_NUM_TCP_PCB = 5 TCP PCBs whose oldest TIME-WAIT is killed under "
      "pressure";
  p.source = "src/core/tcp.c tcp_new_port, tcp_alloc, tcp_kill_timewait; src/core/udp.c";
  p.knob_info = LwipKnobInfo;
  p.set_knob = SetLwipKnob;
  p.isn_rule = IsnRule::kLwip;
  p.knobs.ip_local_port_range = Range(0xC000, 0xFFFF);
  p.knobs.tcp_strategy = "lwip-tcp";
  p.knobs.udp_strategy = "lwip-udp";
  p.knobs.time_wait = Duration::Seconds(120);
  p.knobs.sharing = PortSharing::kUniquePort;
  p.knobs.tcp_pcb_limit = 5;
  p.knobs.tcp_timestamps = false;  // opt.h: LWIP_TCP_TIMESTAMPS 0
  return p;
}

// Older Linux port selection on today's stack (knobs as 6.x, except those
// the older kernels did not have).
OsProfile OlderLinux(std::string_view name, std::string_view strategy) {
  OsProfile p = Linux();
  p.name = name;
  p.knobs.tcp_strategy = p.knobs.udp_strategy = std::string(strategy);
  p.knobs.tcp_syn_linear_timeouts = 0;  // added in 6.5
  return p;
}

OsProfile Linux26() {
  OsProfile p = OlderLinux("linux-2.6", "linux-2.6");
  p.description =
      "Linux before 2015: connect() by RFC 6056 Alg 3 with one global hint "
      "and no parity split (consecutive connections to one destination get "
      "consecutive ports); tcp_tw_reuse 0; the rest as linux";
  p.source = "net/ipv4/inet_hashtables.c __inet_hash_connect (2.6-3.x)";
  p.knobs.tcp_tw_reuse = 0;
  return p;
}

OsProfile Linux512() {
  OsProfile p = OlderLinux("linux-5.12", "linux-5.12");
  p.description =
      "Linux 5.12-5.17 (2021): connect() by RFC 6056 Alg 4 with a 256-cell "
      "table and no random increments, the version the Kol-Klein-Gilad "
      "device-tracking attack broke; the rest as linux";
  p.source = "net/ipv4/inet_hashtables.c __inet_hash_connect as of 2021 (reference/os-ports.md, History)";
  return p;
}

OsProfile Custom() {
  OsProfile p = Linux();
  p.name = "custom";
  p.description =
      "Linux's stack with any strategy, range, TIME-WAIT length and sharing "
      "rule from the scenario (knobs strategy, port_range, time_wait, "
      "sharing), exact timers";
  p.source = "portlab";
  p.knob_info = CustomKnobInfo;
  p.set_knob = SetCustomKnob;
  p.jiffy = {};
  return p;
}

}  // namespace

const std::vector<OsProfile>& Profiles() {
  static const std::vector<OsProfile> kProfiles = {Linux(), Linux26(), Linux512(), FreeBsd(), MacOs(),
                                                   Windows(), Ns3(), Lwip(), Custom()};
  return kProfiles;
}

const OsProfile* FindProfile(std::string_view name) {
  for (const OsProfile& p : Profiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace portlab::stack
