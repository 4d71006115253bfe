// Port capacity: how many connections a host's ephemeral range and a NAT's
// limits hold at once, and how long one connection holds its place in each
// (scenarios/README.md, "Workloads" and "Headroom"; reference/os-ports.md,
// reference/nat.md). The arithmetic behind a workload's prediction line and
// `portlab headroom`, in one place.
//
// Two facts make every figure here:
//   capacity   places (ports, sessions) a pool has: a host's usable range,
//              a NAT's ports per VM, sessions per destination, outside ports;
//   occupancy  how long one new connection keeps its place: the hold, two
//              round trips (handshake, FIN exchange), and what follows the
//              close (the client's TIME-WAIT, or the NAT's timeout for a
//              closed session, plus its hold-down).
// A pool sustains capacity / occupancy new connections per second; at a
// higher rate r it runs out (capacity - in use) / r after the rate starts.
//
// NAT limits are read through the NAT's own accessors (NatBox::config(),
// NatBox::SubscriberPortLimit(), NatBox::OutsideNames()), never re-derived
// from a provider's rules, so a profile's arithmetic lives in src/nat only.
//
// Example:
//   HostCapacity h = HostCapacityOf(host.knobs(), options);   // 28,232 ports
//   double held = HostOccupancySeconds(host.knobs(), workload, latency);
//   for (const NatLimit& l : NatLimitsOf(nat)) ... l.capacity, l.why ...
//
// Thread safety: plain functions of their arguments; no I/O.
#ifndef PORTLAB_SIM_PORT_CAPACITY_H_
#define PORTLAB_SIM_PORT_CAPACITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/nat/nat_box.h"
#include "portlab/net/port.h"
#include "portlab/scenario/scenario.h"
#include "portlab/stack/knobs.h"

namespace portlab::sim {

// A host's ephemeral ports for one kind of call.
struct HostCapacity {
  net::PortRange range;  // ip_local_port_range narrowed by IP_LOCAL_PORT_RANGE
  int64_t usable = 0;    // range minus ip_local_reserved_ports
  int64_t reserved = 0;  // reserved ports inside the range
};
// The ports connect() or bind(0) may choose with these socket options
// (IP_LOCAL_PORT_RANGE bounds are honoured only inside the system range,
// reference/os-ports.md "Linux").
HostCapacity HostCapacityOf(const stack::Knobs& knobs, const scenario::SocketOptions& options);

// Whether each destination has a pool of its own: connect() on an unbound
// socket shares a port across destinations where only the 4-tuple must be
// unique (Linux, FreeBSD); bind(addr, 0) first without
// IP_BIND_ADDRESS_NO_PORT, a unique-port OS, or UDP (a port is exclusive
// per local address) make one pool for every destination.
bool PerDestinationPool(const stack::Knobs& knobs, net::Protocol protocol, bool binds_first,
                        bool bind_address_no_port);

// Whether the server really closes first: `closer: server`, and the hold
// outlasts the handshake's last ACK on its way to the server (one-way
// latency); with a shorter hold the server's socket is not yet established
// when the hold ends, and the client closes (the workload runner's
// HoldEnd).
bool ServerClosesFirst(const scenario::WorkloadSpec& w, Duration latency);
// The TIME-WAIT a client closing first holds its port for: the profile's
// TIME-WAIT, or tcp_tw_reuse_delay when tcp_tw_reuse = 1 with timestamps
// (tcp_twsk_unique). 0 when the server closes first or for UDP.
double ClientTimeWaitSeconds(const stack::Knobs& knobs, const scenario::WorkloadSpec& w, Duration latency);
// The mean of a workload's hold (exponential: its mean; uniform: the middle).
double MeanHoldSeconds(const scenario::HoldSpec& hold);
// How long one of the workload's connections holds its client port: hold +
// 2 RTT + ClientTimeWaitSeconds.
double HostOccupancySeconds(const stack::Knobs& knobs, const scenario::WorkloadSpec& w,
                            Duration latency);

// How long connect() waits before ETIMEDOUT when every SYN is dropped
// (tcp_write_timeout: tcp_syn_retries + tcp_syn_linear_timeouts
// retransmissions; the RTO starts at `initial_rto`, stays while the
// linear timeouts last, then doubles up to TCP_RTO_MAX, 120 s). Timer-wheel
// rounding makes the real wait slightly longer.
double SynGiveUpSeconds(const stack::Knobs& knobs, Duration initial_rto);
// When that connect() sends its last SYN, after the first: SynGiveUpSeconds
// less the last timeout. A NAT mapping freed later cannot serve it.
double LastSynSeconds(const stack::Knobs& knobs, Duration initial_rto);

// When the k-th of n clients makes its first connection, in expectation,
// seconds after the start, each client's arrivals a Poisson process at
// `rate` per second: the k-th smallest of n unit-mean exponentials is
// sum_{j<k} 1/(n-j) (Renyi's representation), over the rate. A NAT's
// port blocks run out at the (blocks + 1)-th. REQUIRES: 0 < k <= n,
// rate > 0.
double KthFirstArrivalSeconds(int64_t k, int64_t n, double rate);

// How a workload's clients behind a NAT that hands out port blocks hold
// them (nat/nat_capacity.h's subscribers_served; Google Cloud NAT): a
// client takes a block with its first connection there and gives it back
// when its last session ends, `held` (NatOccupancySeconds) after that
// connection began.
struct PortBlockHold {
  // Every client keeps its block while a refused client's connect() could
  // still take one: until `wait` seconds after its first SYN (its last
  // SYN where the NAT drops a SYN it cannot map, 0 where it answers with
  // ICMP). The blocks then bind as a count of clients, whatever each
  // one's ports (Prediction::clients_refused).
  bool kept = false;
  // Otherwise the blocks are shared over time: the share of the time a
  // client holds one, and how often it takes one, at the workload's
  // highest rate (Poisson: a client holds no session at a given instant
  // with probability e^(-rate x held), and takes a block at each arrival
  // then; fixed arrivals: one connection every 1/rate).
  double share = 1;
  double takes_per_second = 0;
};
// `clients`: the workload's clients behind the NAT.
PortBlockHold PortBlockHoldOf(const scenario::WorkloadSpec& w, double held, double clients, double wait);
// PortBlockHoldOf's `wait` for a client of `knobs` and `initial_rto`
// behind a NAT of `config`.
double RefusedConnectWaitSeconds(const nat::NatConfig& config, const stack::Knobs& knobs, Duration initial_rto);

// One limit a connection through a NAT meets.
enum class NatLimitKind : uint8_t {
  kSubscriberPorts,      // ports one inside address may hold (port blocks, per-VM ports)
  kDestinationSessions,  // sessions toward one (address, port, protocol) (AWS: 55,000 per address)
  kOutsidePorts,         // the outside addresses' ports, shared by every inside host
};
// "subscriber-ports", "destination-sessions", "outside-ports".
std::string_view NatLimitKindName(NatLimitKind k);

struct NatLimit {
  NatLimitKind kind = NatLimitKind::kOutsidePorts;
  int64_t capacity = 0;
  // Counted per destination (address, port): port overlapping (RFC 7857
  // §3) lets one outside port serve several destinations.
  bool per_destination = false;
  // Counted per inside address (one VM, one subscriber).
  bool per_subscriber = false;
  // What the figure is, for a reader: "64 ports per VM and destination",
  // "55000 sessions per destination x 1 outside address".
  std::string why;
};
// The limits of `nat` that can bind TCP connections, most specific first
// (subscriber, destination, outside ports). Every figure comes from the
// NAT's config and SubscriberPortLimit().
std::vector<NatLimit> NatLimitsOf(const nat::NatBox& nat);

// How long a closed TCP session keeps its NAT place after the close: the
// NAT's timeout for a session both FINs crossed (tcp_time_wait_timeout)
// plus the hold-down of a freed port (RFC 6888 REQ-8).
double NatAfterCloseSeconds(const nat::NatConfig& config);
// How long one of the workload's connections holds its NAT place: hold +
// 2 RTT + NatAfterCloseSeconds (both ends' FINs cross the NAT whoever
// closes first).
double NatOccupancySeconds(const nat::NatConfig& config, const scenario::WorkloadSpec& w,
                           Duration latency);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_PORT_CAPACITY_H_
