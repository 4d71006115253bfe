#include "portlab/stack/os_knobs.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "stack/internal/knob_parse.h"

namespace portlab::stack {
namespace {

using internal::BadKnob;
using internal::ParseKnobInt;
using internal::UnknownKnob;

constexpr std::string_view kFreeBsd = "FreeBSD sys/netinet/in_pcb.c, tcp_timewait.c; sysctl(8)";
constexpr std::string_view kXnu = "XNU bsd/netinet/in_pcb.c, tcp_timer.c";
constexpr std::string_view kWindows = "Microsoft KB 929851, TCP/IP registry parameters (unverified details noted)";
constexpr std::string_view kNs3 = "ns-3 src/internet/model/tcp-socket-base.cc";
constexpr std::string_view kLwip = "lwIP src/include/lwip/opt.h, src/core/tcp.c";

// One end of the range: `lo` or `hi`, keeping lo <= hi.
absl::Status SetRangeEnd(Knobs& k, std::string_view name, std::string_view value, bool lo) {
  auto v = ParseKnobInt(name, value, 1, 65535);
  if (!v.ok()) return v.status();
  net::PortRange r = k.ip_local_port_range;
  (lo ? r.lo : r.hi) = net::Port(static_cast<uint16_t>(*v));
  if (r.lo > r.hi) {
    // The BSDs count down when first > last; portlab models first <= last.
    return BadKnob(name, value, "the range's first port must not exceed its last (portlab models ascending ranges)");
  }
  k.ip_local_port_range = r;
  return absl::OkStatus();
}

absl::Status SetBool(bool& field, std::string_view name, std::string_view value) {
  auto v = ParseKnobInt(name, value, 0, 1);
  if (!v.ok()) return v.status();
  field = *v != 0;
  return absl::OkStatus();
}

// TIME-WAIT = 2 x MSL, MSL in milliseconds.
absl::Status SetMsl(Knobs& k, std::string_view name, std::string_view value) {
  auto v = ParseKnobInt(name, value, 1, 3'600'000);
  if (!v.ok()) return v.status();
  k.time_wait = Duration::Millis(*v) * 2;
  return absl::OkStatus();
}

bool IsStrategy(std::string_view name) {
  for (const StrategyInfo& s : Strategies())
    if (s.name == name) return true;
  return false;
}

absl::Status SetStrategy(std::string& field, std::string_view name, std::string_view value) {
  std::string v(absl::StripAsciiWhitespace(AV(value)));
  if (!IsStrategy(v)) return BadKnob(name, value, "not a strategy `portlab list` names");
  field = v;
  return absl::OkStatus();
}

}  // namespace

const std::vector<KnobInfo>& FreeBsdKnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"net.inet.ip.portrange.first", "first ephemeral port (default 10000)", kFreeBsd},
      {"net.inet.ip.portrange.last", "last ephemeral port (default 65535)", kFreeBsd},
      {"net.inet.ip.portrange.randomized", "1: a random cursor for every allocation (default); 0: sequential", kFreeBsd},
      {"net.inet.tcp.msl", "maximum segment lifetime in ms; TIME-WAIT is twice it (default 30000: 60 s)", kFreeBsd},
      {"net.inet.tcp.nolocaltimewait", "1: no TIME-WAIT when both ends are local (default since 14.0)", kFreeBsd},
  };
  return kInfo;
}

absl::Status SetFreeBsdKnob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "net.inet.ip.portrange.first") return SetRangeEnd(k, name, value, true);
  if (name == "net.inet.ip.portrange.last") return SetRangeEnd(k, name, value, false);
  if (name == "net.inet.ip.portrange.randomized") {
    bool randomized = true;
    if (absl::Status s = SetBool(randomized, name, value); !s.ok()) return s;
    k.tcp_strategy = k.udp_strategy = randomized ? "bsd" : "bsd-sequential";
    return absl::OkStatus();
  }
  if (name == "net.inet.tcp.msl") return SetMsl(k, name, value);
  if (name == "net.inet.tcp.nolocaltimewait") return SetBool(k.no_local_time_wait, name, value);
  return UnknownKnob(name, FreeBsdKnobInfo());
}

const std::vector<KnobInfo>& MacOsKnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"net.inet.ip.portrange.first", "first ephemeral port (default 49152)", kXnu},
      {"net.inet.ip.portrange.last", "last ephemeral port (default 65535)", kXnu},
      {"net.inet.tcp.randomize_ports", "0: TCP ports count up from the range start (default); 1: random", kXnu},
      {"net.inet.udp.randomize_ports", "1: UDP ports random (default); 0: sequential", kXnu},
      {"net.inet.tcp.msl", "maximum segment lifetime in ms; TIME-WAIT is twice it (default 15000: 30 s)", kXnu},
  };
  return kInfo;
}

absl::Status SetMacOsKnob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "net.inet.ip.portrange.first") return SetRangeEnd(k, name, value, true);
  if (name == "net.inet.ip.portrange.last") return SetRangeEnd(k, name, value, false);
  if (name == "net.inet.tcp.randomize_ports" || name == "net.inet.udp.randomize_ports") {
    bool randomized = false;
    if (absl::Status s = SetBool(randomized, name, value); !s.ok()) return s;
    (name == "net.inet.tcp.randomize_ports" ? k.tcp_strategy : k.udp_strategy) =
        randomized ? "bsd" : "bsd-sequential";
    return absl::OkStatus();
  }
  if (name == "net.inet.tcp.msl") return SetMsl(k, name, value);
  return UnknownKnob(name, MacOsKnobInfo());
}

const std::vector<KnobInfo>& WindowsKnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"TcpTimedWaitDelay", "TIME-WAIT in seconds, 30-300 (default 120 since Server 2003; Vista+ default unverified)", kWindows},
      {"dynamicport tcp", "\"start=49152 num=16384\": the TCP dynamic range (netsh int ipv4 set dynamicport tcp)", kWindows},
      {"dynamicport udp", "the same for UDP; portlab keeps one range for both, so the last one set wins", kWindows},
      {"AutoReusePortRangeNumberOfPorts", "nonzero: connect() may share a port across destinations (4-tuple reuse; default 0, unverified)", kWindows},
  };
  return kInfo;
}

absl::Status SetWindowsKnob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "TcpTimedWaitDelay") {
    auto v = ParseKnobInt(name, value, 30, 300);
    if (!v.ok()) return v.status();
    k.time_wait = Duration::Seconds(*v);
    return absl::OkStatus();
  }
  if (name == "dynamicport tcp" || name == "dynamicport udp") {
    int start = -1, num = -1;
    for (absl::string_view part : absl::StrSplit(AV(value), ' ', absl::SkipWhitespace())) {
      if (absl::ConsumePrefix(&part, "start=")) {
        if (!absl::SimpleAtoi(part, &start)) start = -1;
      } else if (absl::ConsumePrefix(&part, "num=")) {
        if (!absl::SimpleAtoi(part, &num)) num = -1;
      } else {
        start = -1;
        break;
      }
    }
    // netsh: num at least 255, start at least 1025, the range inside 65535.
    if (start < 1025 || num < 255 || start + num - 1 > 65535) {
      return BadKnob(name, value, "must be \"start=S num=N\" with S >= 1025, N >= 255, S+N-1 <= 65535");
    }
    k.ip_local_port_range = {net::Port(static_cast<uint16_t>(start)),
                             net::Port(static_cast<uint16_t>(start + num - 1))};
    return absl::OkStatus();
  }
  if (name == "AutoReusePortRangeNumberOfPorts") {
    auto v = ParseKnobInt(name, value, 0, 65535);
    if (!v.ok()) return v.status();
    k.sharing = *v > 0 ? PortSharing::kFourTuple : PortSharing::kUniquePort;
    return absl::OkStatus();
  }
  return UnknownKnob(name, WindowsKnobInfo());
}

const std::vector<KnobInfo>& Ns3KnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"MaxSegLifetime", "TcpSocketBase::MaxSegLifetime in seconds; TIME-WAIT is twice it (default 120: 240 s)", kNs3},
  };
  return kInfo;
}

absl::Status SetNs3Knob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "MaxSegLifetime") {
    auto v = ParseKnobInt(name, value, 0, 86400);
    if (!v.ok()) return v.status();
    k.time_wait = Duration::Seconds(*v) * 2;
    return absl::OkStatus();
  }
  return UnknownKnob(name, Ns3KnobInfo());
}

const std::vector<KnobInfo>& LwipKnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"TCP_MSL", "maximum segment lifetime in ms; TIME-WAIT is twice it (default 60000: 120 s)", kLwip},
      {"LWIP_RAND", "1: the port counters start at a random port (default 0: 0xC000)", kLwip},
      {"MEMP_NUM_TCP_PCB", "TCP PCBs in the pool (default 5); when it is full the oldest TIME-WAIT is killed", kLwip},
  };
  return kInfo;
}

absl::Status SetLwipKnob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "TCP_MSL") return SetMsl(k, name, value);
  if (name == "LWIP_RAND") {
    bool random = false;
    if (absl::Status s = SetBool(random, name, value); !s.ok()) return s;
    k.tcp_strategy = random ? "lwip-tcp-rand" : "lwip-tcp";
    k.udp_strategy = random ? "lwip-udp-rand" : "lwip-udp";
    return absl::OkStatus();
  }
  if (name == "MEMP_NUM_TCP_PCB") {
    auto v = ParseKnobInt(name, value, 1, 1'000'000);
    if (!v.ok()) return v.status();
    k.tcp_pcb_limit = *v;
    return absl::OkStatus();
  }
  return UnknownKnob(name, LwipKnobInfo());
}

const std::vector<KnobInfo>& CustomKnobInfo() {
  static const std::vector<KnobInfo> kInfo = [] {
    std::vector<KnobInfo> v = {
        {"strategy", "the port selection strategy for TCP and UDP (any `portlab list` strategy)", "portlab"},
        {"tcp_strategy", "the strategy for TCP only", "portlab"},
        {"udp_strategy", "the strategy for UDP only", "portlab"},
        {"port_range", "\"LO HI\": the ephemeral range", "portlab"},
        {"time_wait", "TIME-WAIT length (a duration: 60s, 2m, 500ms)", "portlab"},
        {"sharing", "four-tuple (connect() ports shared across destinations) or unique", "portlab"},
    };
    for (const KnobInfo& i : LinuxKnobInfo()) v.push_back(i);
    return v;
  }();
  return kInfo;
}

absl::Status SetCustomKnob(Knobs& k, std::string_view name, std::string_view value) {
  if (name == "strategy") {
    if (absl::Status s = SetStrategy(k.tcp_strategy, name, value); !s.ok()) return s;
    k.udp_strategy = k.tcp_strategy;
    return absl::OkStatus();
  }
  if (name == "tcp_strategy") return SetStrategy(k.tcp_strategy, name, value);
  if (name == "udp_strategy") return SetStrategy(k.udp_strategy, name, value);
  if (name == "port_range") {
    auto r = net::PortRange::Parse(value);
    if (!r.ok()) return BadKnob(name, value, SV(r.status().message()));
    k.ip_local_port_range = *r;
    return absl::OkStatus();
  }
  if (name == "time_wait") {
    auto d = ParseDuration(value);
    if (!d.ok()) return BadKnob(name, value, SV(d.status().message()));
    k.time_wait = *d;
    return absl::OkStatus();
  }
  if (name == "sharing") {
    std::string_view v = SV(absl::StripAsciiWhitespace(AV(value)));
    if (v == "four-tuple") k.sharing = PortSharing::kFourTuple;
    else if (v == "unique") k.sharing = PortSharing::kUniquePort;
    else return BadKnob(name, value, "must be four-tuple or unique");
    return absl::OkStatus();
  }
  absl::Status s = SetKnob(k, name, value);
  if (absl::IsInvalidArgument(s) && std::string_view(s.message().data(), s.message().size()).find("unknown sysctl") == 0) {
    return UnknownKnob(name, CustomKnobInfo());
  }
  return s;
}

}  // namespace portlab::stack
