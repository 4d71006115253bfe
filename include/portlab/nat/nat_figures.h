// NatFigures and NatTableRow: what a NAT box shows of itself, as plain data
// for the writers (summary, JSON `nat` key, `portlab table`).
#ifndef PORTLAB_NAT_NAT_FIGURES_H_
#define PORTLAB_NAT_NAT_FIGURES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/nat/drop_reason.h"
#include "portlab/net/endpoint.h"

namespace portlab::nat {

struct SubscriberFigures {
  int64_t ports = 0;       // mappings held now
  int64_t peak_ports = 0;
  int64_t blocks = 0;      // port blocks held now
};

struct NatFigures {
  std::string name;
  std::string profile;
  int64_t mappings = 0;           // live now (port forwardings included)
  int64_t peak_mappings = 0;
  int64_t mappings_created = 0;
  int64_t mappings_expired = 0;
  int64_t sessions = 0;
  int64_t peak_sessions = 0;
  int64_t translated_out = 0;     // inside -> outside
  int64_t translated_in = 0;      // outside -> inside
  int64_t hairpinned = 0;
  int64_t icmp_translated = 0;    // ICMP errors rewritten (embedded header too)
  int64_t icmp_sent = 0;          // ICMP errors the NAT itself sent
  int64_t allocation_probes = 0;  // outside ports examined for new mappings
  int64_t syns_held = 0;          // unsolicited SYNs held (RFC 5382 REQ-4)
  int64_t port_blocks = 0;        // blocks granted now
  int64_t peak_port_blocks = 0;
  int64_t block_ports = 0;        // ports in a (first) block; 0 without blocks
  DropCounts drops;  // by reason (drop_reason.h)
  // Outside address -> distinct ports in use now / at the peak.
  std::map<std::string, int64_t> ports_in_use;
  std::map<std::string, int64_t> peak_ports_in_use;
  // Inside address -> its ports. Only subscribers seen during the run.
  std::map<std::string, SubscriberFigures> subscribers;
  int64_t max_subscriber_ports = 0;  // the largest peak over subscribers
  int64_t drops_total() const { return drops.total(); }
};

// One point of a NAT's time series (`portlab run --nat-csv`): gauges at the
// instant, counters (translated_*, hairpinned, drops) cumulative from the
// start.
struct NatSeriesPoint {
  SimTime time;
  int64_t mappings = 0;
  int64_t sessions = 0;
  int64_t port_blocks = 0;
  int64_t subscribers = 0;           // inside addresses holding a port now
  int64_t max_subscriber_ports = 0;  // the most ports one of them holds now
  std::vector<int64_t> ports_in_use;  // per outside address, in spec order
  int64_t translated_out = 0;
  int64_t translated_in = 0;
  int64_t hairpinned = 0;
  DropCounts drops;  // by reason
};

struct NatSeries {
  std::string nat;
  std::vector<std::string> outside;  // the addresses of ports_in_use
  std::vector<NatSeriesPoint> points;
  // The report's reference lines: outside ports per address (port_lo to
  // port_hi), the most one inside address may hold
  // (NatBox::SubscriberPortLimit; 0 = no fixed limit), and the most
  // sessions toward one destination per outside address
  // (max_per_destination; 0 = none). Not in the CSV.
  int64_t ports_per_address = 0;
  int64_t subscriber_limit = 0;
  int64_t destination_limit = 0;
};

// A figure by its `expect:` name: mappings, peak_mappings, mappings_created,
// mappings_expired, sessions, peak_sessions, translated_out, translated_in,
// hairpinned, icmp_translated, icmp_sent, syns_held, allocation_probes,
// port_blocks, peak_port_blocks, block_ports, ports_in_use and peak_ports_in_use (summed
// over outside addresses), max_subscriber_ports, subscribers (seen), drops
// (all reasons) and drops_REASON (DropFigureName: "drops_destination_limit"
// for DropReason::kDestinationLimit). nullopt for an unknown name.
std::optional<int64_t> NatFigureByName(const NatFigures& f, std::string_view name);
bool IsNatFigureName(std::string_view name);
// The names above, comma-separated, for messages.
std::string NatFigureNamesText();

// One line of the NAT table as a textbook prints it.
struct NatTableRow {
  net::Protocol protocol = net::Protocol::kTcp;
  net::Endpoint inside;
  net::Endpoint outside;
  net::Endpoint remote;   // 0.0.0.0:0 for a forwarding without sessions
  bool has_remote = false;
  std::string state;      // "ESTABLISHED", "UDP", "STATIC", ...
  Duration left;     // until the idle timer fires; 0 for STATIC
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_FIGURES_H_
