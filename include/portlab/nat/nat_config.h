// NatConfig: every behaviour of a NAT box as data (docs/ARCHITECTURE.md,
// "The NAT box"; reference/nat.md). A NAT profile (nat/nat_profiles.h) is a named NatConfig;
// a scenario's `nats:` entry starts from a profile and changes knobs by name
// (SetNatKnob), exactly as a host's `sysctl:` does.
//
// Example:
//   NatConfig c = FindNatProfile("rfc-recommended")->config;
//   absl::Status s = SetNatKnob(c, "filtering", "address-and-port-dependent");
//   s = ValidateNatConfig(c);  // combinations the model cannot honour
//
// Names follow RFC 4787: mapping and filtering are "endpoint-independent",
// "address-dependent" or "address-and-port-dependent".
#ifndef PORTLAB_NAT_NAT_CONFIG_H_
#define PORTLAB_NAT_NAT_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/base/time.h"

namespace portlab::nat {

// RFC 4787 §4.1 (mapping) and §5 (filtering) share the three modes.
enum class Dependence : uint8_t { kEndpointIndependent, kAddressDependent, kAddressAndPortDependent };
// "endpoint-independent", "address-dependent", "address-and-port-dependent".
std::string_view DependenceName(Dependence d);
// "EIM"/"EIF" style abbreviation: "EI", "AD", "APD".
std::string_view DependenceShort(Dependence d);

// How the outside port is searched when it cannot be (or is not) preserved.
enum class PortSelection : uint8_t {
  kSequential,  // next after the last one given, per outside address
  kRandom,      // random start, then sequential (RFC 6056 alg. 1 style)
  kNetfilter,   // nf_nat_l4proto_unique_tuple: class ranges, 128/64/32/16/8 rounds
};
std::string_view PortSelectionName(PortSelection s);

// How a subscriber's port blocks grow (PortBlocks).
enum class BlockGrowth : uint8_t {
  kFixed,     // every block is port_block_size ports
  kDoubling,  // each new block is as large as all the subscriber holds
};

// RFC 4787 REQ-2: paired pooling keeps every mapping of one inside address
// on one outside address; arbitrary may use any.
enum class Pooling : uint8_t { kPaired, kArbitrary };

// What a packet that finds no outside port gets (RFC 5508 REQ-8, RFC 6888).
enum class Exhaustion : uint8_t {
  kDrop,                       // silent
  kIcmpAdminProhibited,        // ICMP destination unreachable code 13
  kIcmpHostUnreachable,        // ICMP destination unreachable code 1
};
std::string_view ExhaustionName(Exhaustion e);

// What an unsolicited inbound TCP SYN gets (RFC 5382 REQ-4).
enum class UnsolicitedSyn : uint8_t {
  kDrop,    // silently
  kReject,  // ICMP port unreachable at once
  kHold,    // held `syn_hold`; dropped if the inside opens the same
            // connection meanwhile, else answered by ICMP port unreachable
};
std::string_view UnsolicitedSynName(UnsolicitedSyn u);

// Idle timeouts. A session's timer restarts on every outbound packet (and
// inbound ones when `refresh_inbound`); its length depends on the protocol
// and, for TCP, on the state the NAT has seen.
struct NatTimeouts {
  Duration udp = Duration::Seconds(300);         // before a reply
  Duration udp_stream = Duration::Seconds(300);  // once replied
  Duration tcp_transitory = Duration::Seconds(240);   // SYN seen, not established
  Duration tcp_established = Duration::Seconds(7440);
  Duration tcp_fin = Duration::Seconds(240);          // one FIN seen
  Duration tcp_time_wait = Duration::Seconds(240);    // both FINs seen
  Duration tcp_closed = Duration::Seconds(240);       // after RST
};

struct NatConfig {
  Dependence mapping = Dependence::kEndpointIndependent;
  Dependence filtering = Dependence::kEndpointIndependent;
  // Try x' = x first (RFC 4787 §4.2.1).
  bool port_preservation = true;
  // A port that cannot be preserved keeps x's parity (REQ-4).
  bool port_parity = true;
  PortSelection port_selection = PortSelection::kRandom;
  // Outside ports handed out (ports below 1024 from a source below 1024
  // come from 1-1023 when `low_ports` is set, RFC 4787 REQ-3a).
  uint16_t port_lo = 1024;
  uint16_t port_hi = 65535;
  bool low_ports = false;
  // RFC 7857 §3: one outside port may serve several inside endpoints toward
  // different remotes; uniqueness is on the 5-tuple. Needs APD filtering.
  bool port_overlapping = false;
  Pooling pooling = Pooling::kPaired;
  // netfilter's PERSISTENT: with several outside addresses, choose by the
  // source only (otherwise source and destination are hashed).
  bool persistent = false;
  // netfilter --random / --random-fully: skip mapping reuse and port
  // preservation (current kernels treat both alike).
  bool netfilter_random = false;
  bool hairpinning = true;
  // Inbound traffic restarts the session timer (RFC 4787 REQ-6 MAY).
  bool refresh_inbound = false;
  NatTimeouts timeouts;
  // Linux conntrack (nf_conntrack_proto_udp.c): a UDP session that has
  // seen a reply keeps the `udp` timeout (state UDP-REPLIED) until a packet
  // passes more than this long after its first one; that packet gives it
  // `udp_stream`. The first reply itself never does. Zero: the first reply
  // makes the stream at once (RFC 4787 names no such delay).
  Duration udp_stream_delay = Duration();
  UnsolicitedSyn unsolicited_syn = UnsolicitedSyn::kHold;
  Duration syn_hold = Duration::Seconds(6);  // RFC 5382 REQ-4
  // A released outside port is not given again for this long (RFC 6888 REQ-8).
  Duration hold_down = Duration();
  Exhaustion exhaustion = Exhaustion::kDrop;
  // A new outbound SYN on a session in TIME-WAIT (or closed by RST)
  // replaces it (Linux nf_conntrack_proto_tcp: the old entry is killed);
  // otherwise the SYN is dropped until that session expires.
  bool evict_time_wait = true;
  // An RST on a TCP session that has seen no packet from the other side
  // ends it at once, freeing its port (Linux, nf_conntrack_proto_tcp.c
  // nf_conntrack_tcp_packet: "If only reply is a RST, we can consider
  // ourselves not to have an established connection"); otherwise it is
  // CLOSED for `tcp_closed`.
  bool rst_ends_unreplied = false;
  // A bare SYN on a TCP session that has seen nothing from the other side
  // (a retransmission) restarts its timer. Linux's does not
  // (nf_conntrack_proto_tcp.c nf_conntrack_tcp_packet: "do not renew
  // timeout on SYN retransmit. Else port reuse by client or NAT middlebox
  // can keep entry alive indefinitely"): an unanswered connection's
  // session ends `tcp_transitory` after its first SYN.
  bool syn_retransmit_refresh = true;
  // Limits; 0 = none. Outside ports one inside address may hold (RFC 6888
  // REQ-4); sessions toward one (address, port, protocol) per outside
  // address (AWS NAT gateway: 55,000); sessions in all.
  uint32_t max_ports_per_subscriber = 0;
  uint32_t max_per_destination = 0;
  uint32_t max_sessions = 0;
  // Port blocks (bulk port allocation, RFC 6888 §5 / RFC 7422 dynamic
  // variant): each inside address gets blocks of `port_block_size` ports on
  // demand, at most `port_blocks` of them. 0 = no blocks.
  uint32_t port_block_size = 0;
  uint32_t port_blocks = 1;
  // Doubling is Google Cloud NAT's dynamic port allocation: a VM starts
  // with port_block_size ports (min_ports_per_vm) and doubles them when it
  // needs more, up to port_block_size << (port_blocks - 1)
  // (max_ports_per_vm).
  BlockGrowth block_growth = BlockGrowth::kFixed;
  // A subscriber's blocks lie on distinct outside addresses, one per
  // address (Azure: the ports of each frontend IP are preallocated to each
  // instance). Otherwise a new block goes on the address of the
  // subscriber's first block (paired pooling) or on the first address, from
  // the subscriber's starting point, that has one free (arbitrary pooling).
  bool one_block_per_address = false;
  // Azure's default outbound SNAT: with port_block_size 0, each inside host
  // gets a block sized by the backend pool (AzurePortsPerInstance: the hosts
  // behind the NAT, or `backend_pool_size` when it is set) on each outside
  // (frontend) address, up to kAzureMaxDefaultPorts in all
  // (AzureDefaultPorts).
  bool ports_by_pool_size = false;
  uint32_t backend_pool_size = 0;
  // An outbound TCP segment that opens nothing (no SYN) and belongs to no
  // session is answered with an RST from its destination instead of being
  // dropped silently (AWS NAT gateway past its idle timeout).
  bool reset_stale_tcp = false;
  // The most outside addresses the NAT takes; 0 = portlab's own limit (256).
  // AWS NAT gateway: 8.
  uint32_t max_outside_addresses = 0;
  // Deterministic NAT (RFC 7422, the VPP det44 form): each inside address
  // owns a fixed (outside address, port range) computed from its offset in
  // the inside network. Needs the inside network's prefix.
  bool deterministic = false;
};

// Sets one knob by its scenario name (see scenarios/README.md, `nats:`):
// mapping, filtering, port_preservation, port_parity, port_selection,
// port_range ("LO HI"), low_ports, port_overlapping, pooling, persistent,
// random, random_fully, hairpinning, refresh_inbound, udp_timeout, udp_stream_timeout,
// udp_stream_delay, tcp_transitory_timeout, tcp_established_timeout, tcp_fin_timeout,
// tcp_time_wait_timeout, tcp_closed_timeout, unsolicited_syn, syn_hold,
// hold_down, exhaustion, evict_time_wait, rst_ends_unreplied, syn_retransmit_refresh,
// max_ports_per_subscriber,
// max_per_destination, max_sessions, port_block_size, port_blocks,
// port_block_growth, one_block_per_address, ports_by_pool_size,
// backend_pool_size, reset_stale_tcp, max_outside_addresses, deterministic.
// InvalidArgument naming the knob and the accepted values.
absl::Status SetNatKnob(NatConfig& config, std::string_view name, std::string_view value);
// Every knob name SetNatKnob accepts, in documentation order.
const std::vector<std::string_view>& NatKnobNames();
// InvalidArgument for combinations the model cannot honour (port
// overlapping without APD filtering, an empty range, blocks larger than the
// range, ...).
absl::Status ValidateNatConfig(const NatConfig& config);

// Azure's preallocated SNAT ports per instance and per frontend IP for a
// backend pool of `instances` (1-50: 1024, 51-100: 512, 101-200: 256,
// 201-400: 128, 401-800: 64, 801-1000: 32). InvalidArgument beyond 1000
// instances.
absl::StatusOr<uint32_t> AzurePortsPerInstance(uint32_t instances);

// Azure's cap on default port allocation, whatever the frontend IPs:
// learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections,
// "Default port allocation": "the number of ports defined by the table, per
// frontend IP, up to a maximum of 1024 ports".
inline constexpr uint32_t kAzureMaxDefaultPorts = 1024;

// Azure's default SNAT ports per instance with `frontends` frontend IPs:
// "MIN(# of default SNAT ports provided based on pool size * number of
// frontend IPs associated with the pool, 1024)" (same page). 100 instances,
// 2 frontends: 1024. REQUIRES: frontends > 0. InvalidArgument beyond 1000
// instances.
absl::StatusOr<uint32_t> AzureDefaultPorts(uint32_t instances, uint32_t frontends);

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_CONFIG_H_
