// Trace events of a Host. Each helper returns at once when nobody listens,
// so an untraced run builds no events.
#include "absl/strings/str_cat.h"
#include "portlab/stack/host.h"

namespace portlab::stack {

trace::TraceEvent Host::EventFor(trace::TraceKind kind, uint32_t index) const {
  const Socket& s = sockets_[index];
  trace::TraceEvent e;
  e.time = env_.Now();
  e.kind = kind;
  e.host = name_;
  e.socket = index;
  e.flow = FlowOf(s);
  return e;
}

void Host::TraceCallEvent(std::string_view call, uint32_t index, Errno result,
                          const net::Endpoint* asked) {
  trace::TraceSink* sink = trace_;
  const Socket& s = sockets_[index];
  trace::TraceEvent e = EventFor(trace::TraceKind::kCall, index);
  // A failed bind() leaves the socket without the address it asked for:
  // the line shows what was asked.
  if (asked) e.flow.local = *asked;
  if (!s.connected && s.remote_port != 0) e.flow.remote = EndpointOf(s.remote_addr, s.remote_port);
  e.what = call;
  e.result = result == Errno::kOk ? "ok" : result == Errno::kEINPROGRESS ? "in progress" : ErrnoName(result);
  // Only calls that choose a port report probes.
  if (call == "bind" || call == "listen" || call == "connect" || call == "send") e.probes = last_probes_;
  sink->OnEvent(e);
}

uint8_t Host::LookupsTried(DemuxRule rule, const net::Segment& seg) {
  switch (rule) {
    case DemuxRule::kExact: return trace::kLookupExact;
    case DemuxRule::kListenerAddress: return trace::kLookupExact | trace::kLookupListenerAddress;
    case DemuxRule::kListenerWildcard:
    case DemuxRule::kNone:
      // TCP asks the listeners only for a SYN without ACK (Host::Demux:
      // only a SYN opens a connection, RFC 9293 §3.10.7.2).
      if (rule == DemuxRule::kNone && seg.kind == net::SegmentKind::kTcp &&
          !((seg.flags & net::kSyn) && !(seg.flags & net::kAck))) {
        return trace::kLookupExact;
      }
      return trace::kLookupExact | trace::kLookupListenerAddress | trace::kLookupListenerWildcard;
    case DemuxRule::kFiltered:
    case DemuxRule::kRejected: return 0;
  }
  return 0;
}

void Host::TraceFirewallAccept(const net::Segment& seg, const Firewall::Decision& d, bool in) {
  trace::TraceSink* sink = trace_;
  std::string label = net::SegmentLabel(seg);
  trace::TraceEvent e;
  e.time = env_.Now();
  e.kind = trace::TraceKind::kFirewallAccepted;
  e.host = name_;
  e.what = label;
  std::string result = d.rule == Firewall::kPolicy ? std::string("accepted (policy)")
                                                   : absl::StrCat("accepted (rule ", d.rule + 1, ")");
  e.result = result;
  e.state = in ? "input" : "output";
  e.bytes = net::IsIcmp(seg.kind) ? 0 : seg.length;
  e.flow.protocol = seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
  // This host's side first, as every segment event has it.
  const net::Endpoint src = EndpointOf(seg.src, seg.sport), dst = EndpointOf(seg.dst, seg.dport);
  e.flow.local = in ? dst : src;
  e.flow.remote = in ? src : dst;
  sink->OnEvent(e);
}

void Host::TraceSegmentEvent(trace::TraceKind kind, const net::Segment& seg, std::string_view rule,
                             uint32_t matched, uint8_t lookups) {
  trace::TraceSink* sink = trace_;
  std::string label = net::SegmentLabel(seg);
  trace::TraceEvent e;
  e.time = env_.Now();
  e.kind = kind;
  e.host = name_;
  e.what = label;
  e.result = rule;
  e.lookups = lookups;
  // A segment to one of our own addresses (loopback included) goes
  // through lo and never leaves the host: the mux line says so.
  if (kind == trace::TraceKind::kSegmentSent) {
    const net::IpAddress& dst = pool_.Get(seg.dst);
    if (OwnsAddress(dst)) e.result = trace::kViaLoopback;
    else if (seg.kind == net::SegmentKind::kUdp && routes_.AcceptsBroadcast(dst)) e.result = trace::kBroadcast;
  }
  e.bytes = net::IsIcmp(seg.kind) ? 0 : seg.length;  // an ICMP error's is the quoted datagram's
  e.flow.protocol = seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp : net::Protocol::kUdp;
  // The flow is always (this host's side, the other side).
  // (A segment the host's output chain dropped is one it was sending.)
  bool sent = kind == trace::TraceKind::kSegmentSent || kind == trace::TraceKind::kSegmentDropped;
  if (net::IsIcmp(seg.kind)) {
    e.flow.local = EndpointOf(sent ? seg.src : seg.dst, sent ? seg.dport : seg.sport);
    e.flow.remote = EndpointOf(sent ? seg.dst : seg.inner_dst, sent ? seg.sport : seg.dport);
  } else {
    e.flow.local = EndpointOf(sent ? seg.src : seg.dst, sent ? seg.sport : seg.dport);
    e.flow.remote = EndpointOf(sent ? seg.dst : seg.src, sent ? seg.dport : seg.sport);
  }
  if (matched != kNoSocket) {
    const Socket& s = sockets_[matched];
    e.socket = matched;
    e.matched_socket = matched;
    e.matched_local = EndpointOf(s.local_addr, s.local_port);
    if (s.protocol == net::Protocol::kTcp) e.state = TcpStateName(s.state);
  }
  sink->OnEvent(e);
}

void Host::TraceStateEvent(uint32_t index) {
  trace::TraceSink* sink = trace_;
  trace::TraceEvent e = EventFor(trace::TraceKind::kStateChange, index);
  e.state = TcpStateName(sockets_[index].state);
  sink->OnEvent(e);
}

void Host::TraceTimerEvent(std::string_view what, uint32_t index) {
  trace::TraceSink* sink = trace_;
  trace::TraceEvent e = EventFor(trace::TraceKind::kTimer, index);
  e.what = what;
  sink->OnEvent(e);
}

}  // namespace portlab::stack
