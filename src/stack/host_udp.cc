// UDP on a Host: demultiplexing of datagrams (connected socket, then bound
// address, then wildcard) and ICMP port unreachable for a closed port
// (RFC 1122 §4.1.3.1, RFC 792).
#include "portlab/stack/host.h"

namespace portlab::stack {

void Host::ReceiveUdp(const net::Segment& seg) {
  stack::ProtocolFigures& f = fig(net::Protocol::kUdp);
  ++f.segments_received;
  DemuxResult d = Demux(seg);
  std::string_view rule = DemuxRuleName(d.rule);
  CountDemux(net::Protocol::kUdp, d.rule);
  TraceSegment(trace::TraceKind::kSegmentReceived, seg, rule, d.socket);
  if (d.socket != kNoSocket) {
    sockets_[d.socket].bytes_received += seg.length;
    return;
  }
  if (d.rule == DemuxRule::kFiltered) return;
  net::Segment icmp;
  icmp.kind = net::SegmentKind::kIcmpPortUnreachable;
  icmp.src = seg.dst;
  icmp.dst = seg.src;
  icmp.inner_dst = seg.dst;
  icmp.sport = seg.sport;
  icmp.dport = seg.dport;
  ++f.segments_sent;
  ++f.icmp_unreachable_sent;
  TraceSegment(trace::TraceKind::kSegmentSent, icmp, "", kNoSocket);
  env_.Transmit(icmp);
}

void Host::ReceiveIcmp(const net::Segment& seg) {
  // The embedded header names the datagram we sent: our (dst, sport) to
  // (inner_dst, dport). A connected socket learns ECONNREFUSED; an
  // unconnected one ignores it (Linux __udp4_lib_err, without IP_RECVERR).
  stack::ProtocolFigures& f = fig(net::Protocol::kUdp);
  ++f.segments_received;
  const uint32_t index = conns(net::Protocol::kUdp).Find(ConnKey{seg.dst, seg.inner_dst, seg.sport, seg.dport});
  if (index != kNoSocket) {
    CountDemux(net::Protocol::kUdp, DemuxRule::kExact);
    TraceSegment(trace::TraceKind::kSegmentReceived, seg, "exact", index);
    if (seg.kind == net::SegmentKind::kIcmpPortUnreachable) ++f.failures["ECONNREFUSED"][std::string(CauseName(FailureCause::kIcmpPortUnreachable))];
    else ++f.failures["EHOSTUNREACH"][std::string(net::SegmentLabel(seg))];
    return;
  }
  CountDemux(net::Protocol::kUdp, DemuxRule::kNone);
  TraceSegment(trace::TraceKind::kSegmentReceived, seg, "none", kNoSocket);
}

}  // namespace portlab::stack
