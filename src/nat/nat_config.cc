#include "portlab/nat/nat_config.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portlab/base/strings.h"
#include "portlab/base/suggest.h"

namespace portlab::nat {
namespace {

template <typename E>
struct Named {
  std::string_view name;
  E value;
};

constexpr Named<Dependence> kDependences[] = {
    {"endpoint-independent", Dependence::kEndpointIndependent},
    {"address-dependent", Dependence::kAddressDependent},
    {"address-and-port-dependent", Dependence::kAddressAndPortDependent},
};
constexpr Named<PortSelection> kSelections[] = {
    {"sequential", PortSelection::kSequential},
    {"random", PortSelection::kRandom},
    {"netfilter", PortSelection::kNetfilter},
};
constexpr Named<BlockGrowth> kGrowths[] = {{"fixed", BlockGrowth::kFixed}, {"doubling", BlockGrowth::kDoubling}};
constexpr Named<Pooling> kPoolings[] = {{"paired", Pooling::kPaired}, {"arbitrary", Pooling::kArbitrary}};
constexpr Named<Exhaustion> kExhaustions[] = {
    {"drop", Exhaustion::kDrop},
    {"icmp-admin-prohibited", Exhaustion::kIcmpAdminProhibited},
    {"icmp-host-unreachable", Exhaustion::kIcmpHostUnreachable},
};
constexpr Named<UnsolicitedSyn> kSyns[] = {
    {"drop", UnsolicitedSyn::kDrop}, {"reject", UnsolicitedSyn::kReject}, {"hold", UnsolicitedSyn::kHold}};

template <typename E, size_t N>
std::string_view NameOf(const Named<E> (&table)[N], E value) {
  for (const auto& n : table)
    if (n.value == value) return n.name;
  return "?";
}

template <typename E, size_t N>
absl::Status ParseNamed(const Named<E> (&table)[N], std::string_view knob, std::string_view text, E* out) {
  std::string names;
  for (const auto& n : table) {
    if (n.name == text) {
      *out = n.value;
      return absl::OkStatus();
    }
    absl::StrAppend(&names, names.empty() ? "" : ", ", AV(n.name));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("NAT knob ", AV(knob), ": \"", AV(text), "\" is not one of ", names));
}

absl::Status ParseBool(std::string_view knob, std::string_view text, bool* out) {
  if (text == "true" || text == "1" || text == "on" || text == "yes") *out = true;
  else if (text == "false" || text == "0" || text == "off" || text == "no") *out = false;
  else return absl::InvalidArgumentError(absl::StrCat("NAT knob ", AV(knob), ": \"", AV(text), "\" is not a boolean"));
  return absl::OkStatus();
}

absl::Status ParseCount(std::string_view knob, std::string_view text, uint32_t max, uint32_t* out) {
  uint64_t v = 0;
  if (!absl::SimpleAtoi(AV(text), &v) || v > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("NAT knob ", AV(knob), ": \"", AV(text), "\" is not a whole number 0..", max));
  }
  *out = static_cast<uint32_t>(v);
  return absl::OkStatus();
}

absl::Status ParseTime(std::string_view knob, std::string_view text, Duration* out) {
  absl::StatusOr<Duration> d = ParseDuration(text);
  if (!d.ok()) return absl::InvalidArgumentError(absl::StrCat("NAT knob ", AV(knob), ": ", d.status().message()));
  *out = *d;
  return absl::OkStatus();
}

absl::Status ParseRange(std::string_view knob, std::string_view text, NatConfig& c) {
  std::vector<absl::string_view> parts = absl::StrSplit(AV(text), ' ', absl::SkipEmpty());
  uint32_t lo = 0, hi = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &lo) || !absl::SimpleAtoi(parts[1], &hi) || lo < 1 ||
      hi > 65535 || lo > hi) {
    return absl::InvalidArgumentError(
        absl::StrCat("NAT knob ", AV(knob), ": \"", AV(text), "\" is not \"LO HI\" with 1 <= LO <= HI <= 65535"));
  }
  c.port_lo = static_cast<uint16_t>(lo);
  c.port_hi = static_cast<uint16_t>(hi);
  return absl::OkStatus();
}

using Setter = std::function<absl::Status(NatConfig&, std::string_view, std::string_view)>;

const std::vector<std::pair<std::string_view, Setter>>& Setters() {
  static const auto* setters = new std::vector<std::pair<std::string_view, Setter>>{
      {"mapping", [](NatConfig& c, auto k, auto v) { return ParseNamed(kDependences, k, v, &c.mapping); }},
      {"filtering", [](NatConfig& c, auto k, auto v) { return ParseNamed(kDependences, k, v, &c.filtering); }},
      {"port_preservation", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.port_preservation); }},
      {"port_parity", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.port_parity); }},
      {"port_selection", [](NatConfig& c, auto k, auto v) { return ParseNamed(kSelections, k, v, &c.port_selection); }},
      {"port_range", [](NatConfig& c, auto k, auto v) { return ParseRange(k, v, c); }},
      {"low_ports", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.low_ports); }},
      {"port_overlapping", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.port_overlapping); }},
      {"pooling", [](NatConfig& c, auto k, auto v) { return ParseNamed(kPoolings, k, v, &c.pooling); }},
      {"persistent", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.persistent); }},
      {"random", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.netfilter_random); }},
      {"random_fully", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.netfilter_random); }},
      {"hairpinning", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.hairpinning); }},
      {"refresh_inbound", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.refresh_inbound); }},
      {"udp_timeout", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.udp); }},
      {"udp_stream_timeout", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.udp_stream); }},
      {"udp_stream_delay", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.udp_stream_delay); }},
      {"tcp_transitory_timeout",
       [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.tcp_transitory); }},
      {"tcp_established_timeout",
       [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.tcp_established); }},
      {"tcp_fin_timeout", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.tcp_fin); }},
      {"tcp_time_wait_timeout",
       [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.tcp_time_wait); }},
      {"tcp_closed_timeout", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.timeouts.tcp_closed); }},
      {"unsolicited_syn", [](NatConfig& c, auto k, auto v) { return ParseNamed(kSyns, k, v, &c.unsolicited_syn); }},
      {"syn_hold", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.syn_hold); }},
      {"hold_down", [](NatConfig& c, auto k, auto v) { return ParseTime(k, v, &c.hold_down); }},
      {"exhaustion", [](NatConfig& c, auto k, auto v) { return ParseNamed(kExhaustions, k, v, &c.exhaustion); }},
      {"evict_time_wait", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.evict_time_wait); }},
      {"rst_ends_unreplied", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.rst_ends_unreplied); }},
      {"syn_retransmit_refresh",
       [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.syn_retransmit_refresh); }},
      {"max_ports_per_subscriber",
       [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 65535, &c.max_ports_per_subscriber); }},
      {"max_per_destination",
       [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 65535, &c.max_per_destination); }},
      {"max_sessions", [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 100'000'000, &c.max_sessions); }},
      {"port_block_size", [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 65535, &c.port_block_size); }},
      {"port_blocks", [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 65535, &c.port_blocks); }},
      {"port_block_growth", [](NatConfig& c, auto k, auto v) { return ParseNamed(kGrowths, k, v, &c.block_growth); }},
      {"one_block_per_address",
       [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.one_block_per_address); }},
      {"ports_by_pool_size", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.ports_by_pool_size); }},
      {"backend_pool_size",
       [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 100'000, &c.backend_pool_size); }},
      {"reset_stale_tcp", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.reset_stale_tcp); }},
      {"max_outside_addresses",
       [](NatConfig& c, auto k, auto v) { return ParseCount(k, v, 256, &c.max_outside_addresses); }},
      {"deterministic", [](NatConfig& c, auto k, auto v) { return ParseBool(k, v, &c.deterministic); }},
  };
  return *setters;
}

}  // namespace

std::string_view DependenceName(Dependence d) { return NameOf(kDependences, d); }
std::string_view DependenceShort(Dependence d) {
  switch (d) {
    case Dependence::kEndpointIndependent: return "EI";
    case Dependence::kAddressDependent: return "AD";
    case Dependence::kAddressAndPortDependent: return "APD";
  }
  return "?";
}
std::string_view PortSelectionName(PortSelection s) { return NameOf(kSelections, s); }
std::string_view ExhaustionName(Exhaustion e) { return NameOf(kExhaustions, e); }
std::string_view UnsolicitedSynName(UnsolicitedSyn u) { return NameOf(kSyns, u); }

absl::Status SetNatKnob(NatConfig& config, std::string_view name, std::string_view value) {
  for (const auto& [n, set] : Setters())
    if (n == name) return set(config, name, value);
  std::string names;
  std::vector<std::string_view> candidates;
  for (const auto& [n, set] : Setters()) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", AV(n));
    candidates.push_back(n);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown NAT knob \"", AV(name), "\"", DidYouMean(name, candidates), "; knobs: ", names));
}

const std::vector<std::string_view>& NatKnobNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string_view>;
    for (const auto& [n, set] : Setters()) v->push_back(n);
    return v;
  }();
  return *names;
}

absl::Status ValidateNatConfig(const NatConfig& c) {
  if (c.port_overlapping && c.filtering != Dependence::kAddressAndPortDependent) {
    return absl::InvalidArgumentError(
        "port_overlapping needs filtering: address-and-port-dependent (an inbound packet to a shared "
        "outside port is told apart only by its remote endpoint)");
  }
  uint32_t range = uint32_t{c.port_hi} - c.port_lo + 1;
  if (c.port_block_size > range) {
    return absl::InvalidArgumentError(absl::StrCat("port_block_size ", c.port_block_size,
                                                   " is larger than the port range (", range, " ports)"));
  }
  if (c.port_block_size > 0 && c.port_blocks == 0) {
    return absl::InvalidArgumentError("port_blocks must be at least 1 when port_block_size is set");
  }
  if (c.block_growth == BlockGrowth::kDoubling && c.port_block_size == 0) {
    return absl::InvalidArgumentError("port_block_growth: doubling needs port_block_size (the first block)");
  }
  if (c.deterministic && (c.port_block_size > 0 || c.ports_by_pool_size)) {
    return absl::InvalidArgumentError("deterministic NAT computes each subscriber's range; drop port_block_size");
  }
  if (c.syn_hold > Duration::Seconds(3600)) {
    return absl::InvalidArgumentError("syn_hold longer than an hour is refused");
  }
  if (c.backend_pool_size > 0) {
    if (!c.ports_by_pool_size) return absl::InvalidArgumentError("backend_pool_size needs ports_by_pool_size: true");
    if (absl::StatusOr<uint32_t> ports = AzurePortsPerInstance(c.backend_pool_size); !ports.ok()) {
      return ports.status();
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> AzurePortsPerInstance(uint32_t instances) {
  // learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections,
  // "Default port allocation" (reference/nat.md).
  struct Row {
    uint32_t up_to;
    uint32_t ports;
  };
  constexpr Row kTable[] = {{50, 1024}, {100, 512}, {200, 256}, {400, 128}, {800, 64}, {1000, 32}};
  for (const Row& r : kTable)
    if (instances <= r.up_to) return r.ports;
  return absl::InvalidArgumentError(absl::StrCat("a backend pool of ", instances,
                                                 " instances: Azure's default SNAT table ends at 1000"));
}

absl::StatusOr<uint32_t> AzureDefaultPorts(uint32_t instances, uint32_t frontends) {
  absl::StatusOr<uint32_t> per_frontend = AzurePortsPerInstance(instances);
  if (!per_frontend.ok()) return per_frontend.status();
  return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{*per_frontend} * frontends, kAzureMaxDefaultPorts));
}

}  // namespace portlab::nat
