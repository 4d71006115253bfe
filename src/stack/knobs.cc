#include "portlab/stack/knobs.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "portlab/base/strings.h"
#include "stack/internal/knob_parse.h"

namespace portlab::stack {
namespace {

using internal::BadKnob;
using internal::ParseKnobInt;

absl::Status SetReserved(Knobs& k, std::string_view value) {
  auto bits = std::make_shared<PortBitmap>();
  absl::string_view text = absl::StripAsciiWhitespace(AV(value));
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    part = absl::StripAsciiWhitespace(part);
    std::vector<absl::string_view> ends = absl::StrSplit(part, '-');
    int lo = 0, hi = 0;
    if (ends.size() > 2 || !absl::SimpleAtoi(ends[0], &lo) ||
        !absl::SimpleAtoi(ends.back(), &hi) || lo < 0 || hi > 65535 || lo > hi) {
      return BadKnob("ip_local_reserved_ports", value,
                 "must be a comma-separated list of ports and LO-HI ranges");
    }
    for (int p = lo; p <= hi; ++p) bits->Set(p);
  }
  k.reserved_ports = text.empty() ? nullptr : std::move(bits);
  k.reserved_ports_text = std::string(text);
  return absl::OkStatus();
}

}  // namespace

constexpr std::string_view kIpSysctl = "Documentation/networking/ip-sysctl.rst";

const std::vector<KnobInfo>& LinuxKnobInfo() {
  static const std::vector<KnobInfo> kInfo = {
      {"ip_local_port_range", "\"LO HI\": the ephemeral range (default 32768 60999)", kIpSysctl},
      {"ip_local_reserved_ports", "ports and ranges automatic selection skips (default none)", kIpSysctl},
      {"tcp_tw_reuse", "0 off, 1 on, 2 loopback only (default 2): connect() may recycle a TIME-WAIT 4-tuple", kIpSysctl},
      {"tcp_tw_reuse_delay", "milliseconds a TIME-WAIT must age before tcp_tw_reuse recycles it (default 1000)", kIpSysctl},
      {"ip_autobind_reuse", "0/1: bind(0) may share a port between two SO_REUSEADDR sockets when none is free", kIpSysctl},
      {"ip_unprivileged_port_start", "lowest port an unprivileged user may bind (default 1024)", kIpSysctl},
      {"tcp_syn_retries", "SYN retransmissions after the linear ones before connect() fails with ETIMEDOUT (default 6)", kIpSysctl},
      {"tcp_syn_linear_timeouts", "SYN retransmissions at a constant 1 s before the backoff doubles (default 4; with tcp_syn_retries=6: 11 SYNs, ETIMEDOUT after ~134 s)", kIpSysctl},
      {"tcp_fin_timeout", "seconds an orphaned FIN-WAIT-2 socket waits for the peer's FIN (default 60)", kIpSysctl},
      {"tcp_timestamps", "0/1: TCP timestamps, offered on every SYN (default 1): tcp_tw_reuse needs them, and a TIME-WAIT takes a new SYN whose sequence is not past it only when the old connection and the SYN both carry them", kIpSysctl},
      {"net.ipv6.bindv6only", "0/1: AF_INET6 sockets start with IPV6_V6ONLY set (default 0: a :: socket also takes IPv4)", kIpSysctl},
  };
  return kInfo;
}

Knobs LinuxDefaultKnobs() { return Knobs{}; }

std::string_view KnobIdentity(std::string_view name) {
  constexpr std::string_view kIpv4 = "net.ipv4.";
  if (name.substr(0, kIpv4.size()) == kIpv4) name.remove_prefix(kIpv4.size());
  return name;
}

absl::Status SetKnob(Knobs& k, std::string_view name, std::string_view value) {
  name = KnobIdentity(name);
  if (name == "ip_local_port_range") {
    std::vector<absl::string_view> parts =
        absl::StrSplit(absl::StripAsciiWhitespace(AV(value)), absl::ByAnyChar(" \t"), absl::SkipEmpty());
    int lo = 0, hi = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) || !absl::SimpleAtoi(parts[1], &hi) ||
        lo < 1 || hi > 65535) {
      return BadKnob(name, value, "must be two ports \"LO HI\" from 1 to 65535");
    }
    // net/ipv4/sysctl_net_ipv4.c ipv4_local_port_range: EINVAL unless
    // LO <= HI and LO >= ip_unprivileged_port_start.
    if (hi < lo) return BadKnob(name, value, "LO must not exceed HI (the kernel answers EINVAL)");
    if (lo < k.ip_unprivileged_port_start) {
      return BadKnob(name, value, absl::StrCat("LO must be at least ip_unprivileged_port_start (",
                                           k.ip_unprivileged_port_start, "): the kernel answers EINVAL"));
    }
    k.ip_local_port_range = {net::Port(static_cast<uint16_t>(lo)), net::Port(static_cast<uint16_t>(hi))};
    return absl::OkStatus();
  }
  if (name == "ip_local_reserved_ports") return SetReserved(k, value);
  if (name == "tcp_tw_reuse") {
    auto v = ParseKnobInt(name, value, 0, 2);
    if (!v.ok()) return v.status();
    k.tcp_tw_reuse = *v;
    return absl::OkStatus();
  }
  if (name == "tcp_tw_reuse_delay") {
    auto v = ParseKnobInt(name, value, 1, 60000);
    if (!v.ok()) return v.status();
    k.tcp_tw_reuse_delay = Duration::Millis(*v);
    return absl::OkStatus();
  }
  if (name == "ip_autobind_reuse") {
    auto v = ParseKnobInt(name, value, 0, 1);
    if (!v.ok()) return v.status();
    k.ip_autobind_reuse = *v;
    return absl::OkStatus();
  }
  if (name == "ip_unprivileged_port_start") {
    auto v = ParseKnobInt(name, value, 0, 65535);
    if (!v.ok()) return v.status();
    // ipv4_privileged_ports: must not exceed the local range's low end.
    if (*v > k.ip_local_port_range.lo.value()) {
      return BadKnob(name, value, "must not exceed the low end of ip_local_port_range (EINVAL)");
    }
    k.ip_unprivileged_port_start = *v;
    return absl::OkStatus();
  }
  if (name == "tcp_syn_retries") {
    auto v = ParseKnobInt(name, value, 1, 127);
    if (!v.ok()) return v.status();
    k.tcp_syn_retries = *v;
    return absl::OkStatus();
  }
  if (name == "tcp_syn_linear_timeouts") {
    auto v = ParseKnobInt(name, value, 0, 127);
    if (!v.ok()) return v.status();
    k.tcp_syn_linear_timeouts = *v;
    return absl::OkStatus();
  }
  if (name == "tcp_fin_timeout") {
    auto v = ParseKnobInt(name, value, 0, 2147483);
    if (!v.ok()) return v.status();
    k.tcp_fin_timeout = Duration::Seconds(*v);
    return absl::OkStatus();
  }
  if (name == "tcp_timestamps") {
    auto v = ParseKnobInt(name, value, 0, 255);
    if (!v.ok()) return v.status();
    k.tcp_timestamps = *v != 0;
    return absl::OkStatus();
  }
  if (name == "net.ipv6.bindv6only") {
    auto v = ParseKnobInt(name, value, 0, 1);
    if (!v.ok()) return v.status();
    k.bindv6only = *v != 0;
    return absl::OkStatus();
  }
  return internal::UnknownKnob(name, LinuxKnobInfo());
}

}  // namespace portlab::stack
