// UDP on a Host: demultiplexing of datagrams (connected socket, then bound
// address, then wildcard; RFC 768) and ICMP port unreachable for a closed
// port (RFC 1122 §4.1.3.1, RFC 792), by the rules of internal/icmp.h.
#include "portlab/stack/host.h"
#include "stack/internal/icmp.h"

namespace portlab::stack {

void Host::ReceiveUdp(const net::Segment& seg) {
  stack::ProtocolFigures& f = fig(net::Protocol::kUdp);
  ++f.segments_received;
  DemuxResult d = Demux(seg);
  std::string_view rule = DemuxRuleName(d.rule);
  CountDemux(net::Protocol::kUdp, d.rule);
  // The lookups are worked out only for a sink (LookupsTried is out of line).
  if (trace_) TraceSegmentEvent(trace::TraceKind::kSegmentReceived, seg, rule, d.socket, LookupsTried(d.rule, seg));
  if (d.socket != kNoSocket) {
    Socket& s = sockets_[d.socket];
    s.rcv_nxt += seg.length;
    f.conversation.bytes_received += seg.length;
    if (s.app != 0 || s.requested) ReadDatagram(d.socket, seg);  // host_app.cc
    return;
  }
  env_.Unclaimed(seg);
  if (d.rule == DemuxRule::kFiltered) return;
  SendUnreachable(f, PortUnreachableFor(seg));
}

void Host::SendUnreachable(stack::ProtocolFigures& f, const net::Segment& icmp) {
  // RFC 1122 §3.2.2: no ICMP error answers a datagram sent to a broadcast
  // address (__udp4_lib_mcast_deliver drops it quietly; icmp_send:
  // RTCF_BROADCAST): inner_dst is where the datagram was sent.
  if (routes_.AcceptsBroadcast(pool_.Get(icmp.inner_dst))) return;
  ++f.segments_sent;
  ++f.icmp_unreachable_sent;
  TraceSegment(trace::TraceKind::kSegmentSent, icmp, "", kNoSocket);
  Emit(icmp);
}

void Host::ReceiveIcmp(const net::Segment& seg) {
  // The embedded header names the datagram we sent: our (dst, sport) to
  // (inner_dst, dport). A connected socket learns ECONNREFUSED; an
  // unconnected one ignores it (Linux __udp4_lib_err, without IP_RECVERR).
  stack::ProtocolFigures& f = fig(net::Protocol::kUdp);
  ++f.segments_received;
  const uint32_t index = conns(net::Protocol::kUdp).Find(IcmpEmbeddedKey(seg));
  if (index != kNoSocket) {
    CountDemux(net::Protocol::kUdp, DemuxRule::kExact);
    TraceSegment(trace::TraceKind::kSegmentReceived, seg, "exact", index, trace::kLookupExact | trace::kLookupQuoted);
    // A soft error (host or network unreachable) does not reach a socket without
    // IP_RECVERR (__udp4_lib_err: !harderr).
    if (!IcmpFatal(seg.kind)) return;
    // Counted under the errno, and the cause; host unreachable and
    // administratively prohibited under the message's own name.
    const std::string what = seg.kind == net::SegmentKind::kIcmpPortUnreachable
                                 ? std::string(CauseName(IcmpCause(seg.kind)))
                                 : net::SegmentLabel(seg);
    ++f.failures[std::string(ErrnoName(IcmpErrno(seg.kind)))][what];
    env_.SocketError(SocketId{index, sockets_[index].generation}, IcmpErrno(seg.kind), IcmpCause(seg.kind));
    return;
  }
  CountDemux(net::Protocol::kUdp, DemuxRule::kNone);
  TraceSegment(trace::TraceKind::kSegmentReceived, seg, "none", kNoSocket, trace::kLookupExact | trace::kLookupQuoted);
  env_.Unclaimed(seg);
}

}  // namespace portlab::stack
