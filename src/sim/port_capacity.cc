#include "portlab/sim/port_capacity.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace portlab::sim {

HostCapacity HostCapacityOf(const stack::Knobs& k, const scenario::SocketOptions& options) {
  HostCapacity c;
  c.range = k.ip_local_port_range;
  if (options.local_port_range) {
    // IP_LOCAL_PORT_RANGE: each bound counts only inside the system range
    // (net/ipv4/inet_connection_sock.c inet_sk_get_local_port_range).
    auto [lo, hi] = *options.local_port_range;
    if (lo != 0 && lo >= c.range.lo.value() && lo <= c.range.hi.value()) c.range.lo = net::Port(lo);
    if (hi != 0 && hi >= c.range.lo.value() && hi <= c.range.hi.value()) c.range.hi = net::Port(hi);
  }
  for (int port = c.range.lo.value(); port <= c.range.hi.value(); ++port) {
    if (k.Reserved(static_cast<uint16_t>(port))) {
      ++c.reserved;
    } else {
      ++c.usable;
    }
  }
  return c;
}

bool PerDestinationPool(const stack::Knobs& k, net::Protocol protocol, bool binds_first,
                        bool bind_address_no_port) {
  return protocol == net::Protocol::kTcp && k.sharing == stack::PortSharing::kFourTuple &&
         (!binds_first || bind_address_no_port);
}

bool ServerClosesFirst(const scenario::WorkloadSpec& w, Duration latency) {
  return w.closer == scenario::WorkloadSpec::Closer::kServer && MeanHoldSeconds(w.hold) > latency.seconds();
}

double ClientTimeWaitSeconds(const stack::Knobs& k, const scenario::WorkloadSpec& w, Duration latency) {
  if (w.protocol != net::Protocol::kTcp || ServerClosesFirst(w, latency)) return 0;
  double tw = k.time_wait.seconds();
  // tcp_twsk_unique (net/ipv4/tcp_ipv4.c): with tcp_tw_reuse = 1 and
  // timestamps a connect() takes over a TIME-WAIT older than the delay.
  if (k.tcp_tw_reuse == 1 && k.tcp_timestamps) tw = std::min(tw, k.tcp_tw_reuse_delay.seconds());
  return tw;
}

double MeanHoldSeconds(const scenario::HoldSpec& h) {
  if (h.kind == scenario::HoldSpec::Kind::kUniform) return (h.low.seconds() + h.high.seconds()) / 2;
  return h.low.seconds();
}

double HostOccupancySeconds(const stack::Knobs& k, const scenario::WorkloadSpec& w, Duration latency) {
  // A port is held from connect() to the end of TIME-WAIT: the handshake
  // and the FIN exchange (two round trips), the hold, and TIME-WAIT on the
  // active closer when that is the client.
  const double rtt = 2 * latency.seconds();
  return MeanHoldSeconds(w.hold) + 2 * rtt + ClientTimeWaitSeconds(k, w, latency);
}

namespace {

// The `timeouts`-th SYN timeout (from 0), as Host::ArmSynTimer and
// Host::OnTimer (src/stack/host_tcp.cc).
double SynTimeoutSeconds(const stack::Knobs& k, Duration initial_rto, int timeouts) {
  const int doublings = std::max(0, timeouts - k.tcp_syn_linear_timeouts);
  return std::min(initial_rto.seconds() * static_cast<double>(int64_t{1} << std::min(doublings, 7)), 120.0);
}

}  // namespace

double SynGiveUpSeconds(const stack::Knobs& k, Duration initial_rto) {
  double total = 0;
  for (int timeouts = 0; timeouts <= k.tcp_syn_retries + k.tcp_syn_linear_timeouts; ++timeouts) {
    total += SynTimeoutSeconds(k, initial_rto, timeouts);
  }
  return total;
}

double LastSynSeconds(const stack::Knobs& k, Duration initial_rto) {
  return SynGiveUpSeconds(k, initial_rto) -
         SynTimeoutSeconds(k, initial_rto, k.tcp_syn_retries + k.tcp_syn_linear_timeouts);
}

double KthFirstArrivalSeconds(int64_t k, int64_t n, double rate) {
  double sum = 0;
  for (int64_t j = 0; j < k; ++j) sum += 1.0 / static_cast<double>(n - j);
  return sum / rate;
}

PortBlockHold PortBlockHoldOf(const scenario::WorkloadSpec& w, double held, double clients, double wait) {
  using Arrivals = scenario::WorkloadSpec::Arrivals;
  const double low = std::min(w.rate, w.rate_end.value_or(w.rate));
  const double high = std::max(w.rate, w.rate_end.value_or(w.rate));
  PortBlockHold h;
  if (w.arrivals == Arrivals::kFixed) {
    // Every client connects at the same instants (the first at the start):
    // the blocks are still held when the refused clients' connect()s can
    // no longer take one, or a client connects again before its last
    // connection's place ends.
    h.kept = held >= wait || (w.limit != 1 && held * low >= 1);
  } else if (w.limit == 1) {
    // One connection each: the blocks are still held when the last client
    // first connects (in expectation; on a ramp, by stop:) and its
    // connect() can no longer take one.
    const double spread =
        !w.rate_end ? KthFirstArrivalSeconds(static_cast<int64_t>(clients), static_cast<int64_t>(clients), w.rate)
        : w.stop    ? (*w.stop - w.start).seconds()
                    : std::numeric_limits<double>::infinity();
    h.kept = held >= spread + wait;
  } else {
    // Poisson: keep when fewer than one client is expected to be without
    // a session, so the blocks in use are every client's.
    h.kept = low > 0 && clients * std::exp(-low * held) < 1;
  }
  if (h.kept || high <= 0) return h;
  if (w.arrivals == Arrivals::kFixed) {
    h.share = std::min(1.0, high * held);
    h.takes_per_second = high;
  } else {
    h.share = -std::expm1(-high * held);
    h.takes_per_second = high * std::exp(-high * held);
  }
  return h;
}

double RefusedConnectWaitSeconds(const nat::NatConfig& config, const stack::Knobs& knobs, Duration initial_rto) {
  return config.exhaustion == nat::Exhaustion::kDrop ? LastSynSeconds(knobs, initial_rto) : 0;
}

std::string_view NatLimitKindName(NatLimitKind k) {
  switch (k) {
    case NatLimitKind::kSubscriberPorts:
      return "subscriber-ports";
    case NatLimitKind::kDestinationSessions:
      return "destination-sessions";
    case NatLimitKind::kOutsidePorts:
      return "outside-ports";
  }
  return "?";
}

std::vector<NatLimit> NatLimitsOf(const nat::NatBox& nat) {
  const nat::NatConfig& c = nat.config();
  const int64_t addresses = static_cast<int64_t>(nat.OutsideNames().size());
  const std::string per_dest = c.port_overlapping ? " and destination" : "";
  std::vector<NatLimit> out;
  if (const int64_t sub = nat.SubscriberPortLimit(); sub > 0) {
    out.push_back({NatLimitKind::kSubscriberPorts, sub, c.port_overlapping, true,
                   absl::StrCat(sub, " ports per VM", per_dest)});
  }
  if (c.max_per_destination > 0) {
    // Arbitrary pooling spreads one destination's sessions over every
    // outside address; paired pooling keeps an inside host on one, so the
    // addresses add up only across inside hosts.
    out.push_back({NatLimitKind::kDestinationSessions, int64_t{c.max_per_destination} * addresses, true, false,
                   absl::StrCat(c.max_per_destination, " sessions per destination x ", addresses,
                                addresses == 1 ? " outside address" : " outside addresses")});
  }
  const int64_t ports = int64_t{c.port_hi} - c.port_lo + 1;
  out.push_back({NatLimitKind::kOutsidePorts, ports * addresses, c.port_overlapping, false,
                 absl::StrCat(ports, " ports (", c.port_lo, "-", c.port_hi, ") x ", addresses,
                              addresses == 1 ? " outside address" : " outside addresses", per_dest)});
  return out;
}

double NatAfterCloseSeconds(const nat::NatConfig& c) {
  return c.timeouts.tcp_time_wait.seconds() + c.hold_down.seconds();
}

double NatOccupancySeconds(const nat::NatConfig& c, const scenario::WorkloadSpec& w, Duration latency) {
  const double rtt = 2 * latency.seconds();
  if (w.protocol == net::Protocol::kUdp) {
    return MeanHoldSeconds(w.hold) + rtt + c.timeouts.udp_stream.seconds() + c.hold_down.seconds();
  }
  return MeanHoldSeconds(w.hold) + 2 * rtt + NatAfterCloseSeconds(c);
}

}  // namespace portlab::sim
