// ScanSpec: a `scan` step's port scan as plain data, and the words of
// nmap's verdicts (port states and reasons) that results and `expect:`
// use (scenarios/README.md, "Port scans").
//
// Example:
//   ScanSpec s;                      // {op: scan, type: syn, ports: "22,80"}
//   s.type = ScanType::kSyn;
//   s.ports = {22, 80};
//   ScanTypeName(s.type);            // "syn"
//   PortStateName(PortState::kOpenFiltered);  // "open|filtered"
//
// The names are nmap 7.93's, exactly as its output prints them
// (portlist.cc statenum2str, reason.cc reason_map), so a result reads as
// nmap's and compares with it (tests/differential/scan_differential_test.cc).
// Plain data; no behaviour. The verdict rules live in sim/scan_verdict.h.
#ifndef PORTLAB_SCENARIO_SCAN_SPEC_H_
#define PORTLAB_SCENARIO_SCAN_SPEC_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"

namespace portlab::scenario {

// nmap's -sS, -sT, -sU, -sA, -sF, -sN, -sX.
enum class ScanType : uint8_t { kSyn, kConnect, kUdp, kAck, kFin, kNull, kXmas };
inline constexpr ScanType kScanTypes[] = {ScanType::kSyn, ScanType::kConnect, ScanType::kUdp,
                                          ScanType::kAck, ScanType::kFin,     ScanType::kNull,
                                          ScanType::kXmas};
// "syn", "connect", "udp", "ack", "fin", "null", "xmas".
std::string_view ScanTypeName(ScanType t);
// The protocol of the ports a scan of type `t` probes (udp for kUdp).
net::Protocol ScanProtocol(ScanType t);

// nmap's port states (portlist.h PORT_OPEN ...).
enum class PortState : uint8_t { kOpen, kClosed, kFiltered, kUnfiltered, kOpenFiltered };
inline constexpr PortState kPortStates[] = {PortState::kOpen, PortState::kClosed,
                                            PortState::kFiltered, PortState::kUnfiltered,
                                            PortState::kOpenFiltered};
// "open", "closed", "filtered", "unfiltered", "open|filtered".
std::string_view PortStateName(PortState s);

// nmap's reasons for a port's state (reason.h ER_*), the ones a scan of
// these types can give. The ICMP destination unreachable ones follow the
// message's code (RFC 792, RFC 1812 §5.2.7.1): net, host, protocol, port
// unreachable, net and host prohibited, communication administratively
// prohibited; any other code is dest-unreach.
enum class ScanReason : uint8_t {
  kSynAck,           // a SYN|ACK, or connect() succeeded (ER_CONACCEPT)
  kSplitHandshake,   // a SYN without ACK (ER_SYN, "split-handshake-syn")
  kReset,            // a RST
  kConnRefused,      // connect() failed ECONNREFUSED
  kNoResponse,       // nothing came back to any try
  kUdpResponse,      // a UDP datagram came back
  kNetUnreach,       // ICMP code 0
  kHostUnreach,      // ICMP code 1 (or connect() failed EHOSTUNREACH)
  kProtoUnreach,     // ICMP code 2
  kPortUnreach,      // ICMP code 3
  kNetProhibited,    // ICMP code 9
  kHostProhibited,   // ICMP code 10
  kAdminProhibited,  // ICMP code 13 (or connect() failed EACCES)
  kDestUnreach,      // any other destination unreachable code
};
inline constexpr ScanReason kScanReasons[] = {
    ScanReason::kSynAck,        ScanReason::kSplitHandshake, ScanReason::kReset,
    ScanReason::kConnRefused,   ScanReason::kNoResponse,     ScanReason::kUdpResponse,
    ScanReason::kNetUnreach,    ScanReason::kHostUnreach,    ScanReason::kProtoUnreach,
    ScanReason::kPortUnreach,   ScanReason::kNetProhibited,  ScanReason::kHostProhibited,
    ScanReason::kAdminProhibited, ScanReason::kDestUnreach};
// "syn-ack", "split-handshake-syn", "reset", "conn-refused", "no-response",
// "udp-response", "net-unreach", "host-unreach", "proto-unreach",
// "port-unreach", "net-prohibited", "host-prohibited", "admin-prohibited",
// "dest-unreach".
std::string_view ScanReasonName(ScanReason r);

// How a scan paces and retries its probes. The defaults are nmap's with no
// timing option (-T3) on a network that loses nothing:
//   retries: 1. A probe unanswered after `timeout` is sent again while its
//     try number is below HostScanStats::allowedTryno(), which is
//     MAX(1, max_successful_tryno + 1) (scan_engine.cc): 1 when no port
//     needed a retransmission to answer, as on portlab's lossless links.
//     --max-retries (default 10, NmapOps max_retransmissions) caps it.
//   timeout: 1 s, nmap's INITIAL_RTT_TIMEOUT (timing.h), the probe
//     timeout before any round trip was measured. (nmap then adapts it to
//     srtt + 4 rttvar, at least 100 ms; portlab keeps it fixed.)
//   rate: none. nmap has no --min-rate/--max-rate by default; its
//     congestion window paces probes (timing.cc), which on a lossless
//     network sends them as fast as they are asked for. 0 here sends every
//     first probe at the step's time, in port order; N > 0 sends one
//     every 1/N s.
struct ScanTiming {
  int retries = 1;
  Duration timeout = Duration::Seconds(1);
  double rate = 0;  // probes per second; 0: no limit
};
inline constexpr int kMaxScanRetries = 50;
// The slowest rate: one probe every 1000 s (so 65,535 ports fit in the
// engine's clock, 292 years).
inline constexpr double kMinScanRate = 0.001;
inline constexpr Duration kMaxScanTimeout = Duration::Seconds(3600);

struct ScanSpec {
  ScanType type = ScanType::kSyn;
  net::IpAddress target;
  // Ascending, distinct; at least one. Probed in this order (nmap
  // randomises the order unless -r; portlab keeps it, as -r does).
  std::vector<uint16_t> ports;
  ScanTiming timing;
};

}  // namespace portlab::scenario

#endif  // PORTLAB_SCENARIO_SCAN_SPEC_H_
