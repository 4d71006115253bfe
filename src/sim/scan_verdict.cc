#include "portlab/sim/scan_verdict.h"

namespace portlab::sim {

using scenario::PortState;
using scenario::ScanReason;
using scenario::ScanType;

ScanReason IcmpReason(uint8_t code) {
  // reason.cc icmp_to_reason: type 3's codes.
  switch (code) {
    case 0: return ScanReason::kNetUnreach;
    case 1: return ScanReason::kHostUnreach;
    case 2: return ScanReason::kProtoUnreach;
    case 3: return ScanReason::kPortUnreach;
    case 9: return ScanReason::kNetProhibited;
    case 10: return ScanReason::kHostProhibited;
    case 13: return ScanReason::kAdminProhibited;
    default: return ScanReason::kDestUnreach;
  }
}

std::optional<PortVerdict> VerdictOfAnswer(ScanType type, const net::Segment& answer,
                                           bool from_target) {
  if (net::IsIcmp(answer.kind)) {
    // get_pcap_result, ICMP type 3: the codes nmap knows make the port
    // filtered, but a port unreachable from the target to a UDP probe
    // (the port is closed); others it reports and ignores.
    const uint8_t code = net::IcmpUnreachableCode(answer.kind);
    if (code > 3 && code != 9 && code != 10 && code != 13) return std::nullopt;
    const bool closed = code == 3 && from_target && type == ScanType::kUdp;
    return PortVerdict{closed ? PortState::kClosed : PortState::kFiltered, IcmpReason(code)};
  }
  if (answer.kind == net::SegmentKind::kUdp) {
    // Any datagram back from the port: something listens and answered.
    if (type != ScanType::kUdp) return std::nullopt;
    return PortVerdict{PortState::kOpen, ScanReason::kUdpResponse};
  }
  if (type == ScanType::kUdp || type == ScanType::kConnect) return std::nullopt;
  const uint8_t flags = net::HeaderFlags(answer.flags);
  if (type == ScanType::kSyn && (flags & (net::kSyn | net::kAck)) == (net::kSyn | net::kAck)) {
    return PortVerdict{PortState::kOpen, ScanReason::kSynAck};
  }
  if (flags & net::kRst) {
    // An ACK scan's RST says only that the probe got through.
    return PortVerdict{type == ScanType::kAck ? PortState::kUnfiltered : PortState::kClosed,
                       ScanReason::kReset};
  }
  if (type == ScanType::kSyn && (flags & net::kSyn)) {
    // A SYN back (a TCP split handshake): nmap counts the port open.
    return PortVerdict{PortState::kOpen, ScanReason::kSplitHandshake};
  }
  return std::nullopt;
}

PortVerdict VerdictOfSilence(ScanType type) {
  // scan_engine.cc: a port whose probes all timed out takes the scan's
  // default state (ultrascan_port_probe_update with no response):
  // filtered for SYN, ACK and connect; open|filtered for UDP, FIN, NULL,
  // Xmas, where an open port is expected to stay silent.
  switch (type) {
    case ScanType::kSyn:
    case ScanType::kConnect:
    case ScanType::kAck:
      return {PortState::kFiltered, ScanReason::kNoResponse};
    case ScanType::kUdp:
    case ScanType::kFin:
    case ScanType::kNull:
    case ScanType::kXmas:
      return {PortState::kOpenFiltered, ScanReason::kNoResponse};
  }
  return {};
}

std::optional<PortVerdict> VerdictOfConnect(stack::Errno result) {
  // handleConnectResult.
  using stack::Errno;
  switch (result) {
    case Errno::kOk: return PortVerdict{PortState::kOpen, ScanReason::kSynAck};
    case Errno::kECONNREFUSED: return PortVerdict{PortState::kClosed, ScanReason::kConnRefused};
    case Errno::kEACCES: return PortVerdict{PortState::kFiltered, ScanReason::kAdminProhibited};
    case Errno::kEHOSTUNREACH: return PortVerdict{PortState::kFiltered, ScanReason::kHostUnreach};
    case Errno::kENETUNREACH: return PortVerdict{PortState::kFiltered, ScanReason::kNetUnreach};
    case Errno::kETIMEDOUT: return PortVerdict{PortState::kFiltered, ScanReason::kNoResponse};
    default: return std::nullopt;
  }
}

}  // namespace portlab::sim
