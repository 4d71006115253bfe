#include "portlab/scenario/scan_spec.h"

namespace portlab::scenario {

std::string_view ScanTypeName(ScanType t) {
  switch (t) {
    case ScanType::kSyn: return "syn";
    case ScanType::kConnect: return "connect";
    case ScanType::kUdp: return "udp";
    case ScanType::kAck: return "ack";
    case ScanType::kFin: return "fin";
    case ScanType::kNull: return "null";
    case ScanType::kXmas: return "xmas";
  }
  return "?";
}

net::Protocol ScanProtocol(ScanType t) {
  return t == ScanType::kUdp ? net::Protocol::kUdp : net::Protocol::kTcp;
}

std::string_view PortStateName(PortState s) {
  // portlist.cc statenum2str.
  switch (s) {
    case PortState::kOpen: return "open";
    case PortState::kClosed: return "closed";
    case PortState::kFiltered: return "filtered";
    case PortState::kUnfiltered: return "unfiltered";
    case PortState::kOpenFiltered: return "open|filtered";
  }
  return "?";
}

std::string_view ScanReasonName(ScanReason r) {
  // reason.cc reason_map (nmap 7.93), singular forms.
  switch (r) {
    case ScanReason::kSynAck: return "syn-ack";
    case ScanReason::kSplitHandshake: return "split-handshake-syn";
    case ScanReason::kReset: return "reset";
    case ScanReason::kConnRefused: return "conn-refused";
    case ScanReason::kNoResponse: return "no-response";
    case ScanReason::kUdpResponse: return "udp-response";
    case ScanReason::kNetUnreach: return "net-unreach";
    case ScanReason::kHostUnreach: return "host-unreach";
    case ScanReason::kProtoUnreach: return "proto-unreach";
    case ScanReason::kPortUnreach: return "port-unreach";
    case ScanReason::kNetProhibited: return "net-prohibited";
    case ScanReason::kHostProhibited: return "host-prohibited";
    case ScanReason::kAdminProhibited: return "admin-prohibited";
    case ScanReason::kDestUnreach: return "dest-unreach";
  }
  return "?";
}

}  // namespace portlab::scenario
