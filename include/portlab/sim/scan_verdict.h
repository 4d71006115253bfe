// Scan verdicts: nmap's state and reason for one port, from what came back
// to its probes. Pure functions of their inputs: the scan engine
// (src/sim/internal/scan_runner.h) sends the probes and asks these.
//
// Read first: nmap's scan_engine_raw.cc get_pcap_result (raw TCP and UDP
// probes: which answer means which state), scan_engine_connect.cc
// handleConnectResult (connect(): which errno means which state), and
// reason.cc (the words; scenario/scan_spec.h names them).
//
// Example:
//   net::Segment rst = ...;  // RST|ACK from the target's port 23
//   VerdictOfAnswer(ScanType::kSyn, rst, /*from_target=*/true);
//       // {kClosed, kReset}
//   VerdictOfSilence(ScanType::kUdp);    // {kOpenFiltered, kNoResponse}
//   VerdictOfConnect(stack::Errno::kECONNREFUSED);  // {kClosed, kConnRefused}
//
// Invariants:
//   - An ICMP destination unreachable is judged by its code alone
//     (net::IcmpUnreachableCode), so an ICMP kind net/segment.h adds needs
//     nothing here: every code nmap knows (0, 1, 2, 3, 9, 10, 13) makes the
//     port filtered, except port unreachable from the target itself to a
//     UDP probe, which makes it closed.
//   - What nmap would ignore (a SYN|ACK to an ACK scan, a datagram to a TCP
//     scan, an unknown ICMP code) gives no verdict: the probe stays
//     unanswered.
#ifndef PORTLAB_SIM_SCAN_VERDICT_H_
#define PORTLAB_SIM_SCAN_VERDICT_H_

#include <optional>

#include "portlab/net/segment.h"
#include "portlab/scenario/scan_spec.h"
#include "portlab/stack/errno.h"

namespace portlab::sim {

struct PortVerdict {
  scenario::PortState state = scenario::PortState::kFiltered;
  scenario::ScanReason reason = scenario::ScanReason::kNoResponse;
  friend bool operator==(const PortVerdict&, const PortVerdict&) = default;
};

// What `answer`, which came back to a raw probe of a `type` scan (every
// type but kConnect), says of the port; nullopt when nmap would ignore it.
// `from_target`: the answer's source is the address scanned (an ICMP error
// may come from a router or NAT on the way).
std::optional<PortVerdict> VerdictOfAnswer(scenario::ScanType type, const net::Segment& answer,
                                           bool from_target);

// The verdict on a port whose every probe went unanswered.
PortVerdict VerdictOfSilence(scenario::ScanType type);

// What a connect() scan's connect() ending with `result` says of the port
// (kOk: connected; kETIMEDOUT: no answer); nullopt for an errno nmap
// does not expect there.
std::optional<PortVerdict> VerdictOfConnect(stack::Errno result);

// nmap's reason for an ICMP destination unreachable of `code`
// (icmp_to_reason).
scenario::ScanReason IcmpReason(uint8_t code);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_SCAN_VERDICT_H_
