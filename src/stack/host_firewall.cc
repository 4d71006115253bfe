// The firewall on a Host: the input chain between an arriving segment and
// its demux, the output chain between a segment sent and the wire, and
// what a reject sends (net/netfilter/nft_reject_inet.c: nf_send_reset for
// `tcp reset`, nf_send_unreach for the ICMP codes). A reject's answer
// leaves through the output chain like any locally made packet (both go
// out by ip_local_out).
#include "absl/strings/str_cat.h"
#include "portlab/base/strings.h"
#include "portlab/stack/host.h"

namespace portlab::stack {
namespace {

net::SegmentKind IcmpKindFor(RejectWith w) {
  switch (w) {
    case RejectWith::kAdminProhibited: return net::SegmentKind::kIcmpAdminProhibited;
    case RejectWith::kHostUnreachable: return net::SegmentKind::kIcmpHostUnreachable;
    case RejectWith::kNetUnreachable: return net::SegmentKind::kIcmpNetUnreachable;
    default: return net::SegmentKind::kIcmpPortUnreachable;
  }
}

// Whether a reject of `seg` answers with a RST rather than an ICMP error.
bool AnswersWithReset(const net::Segment& seg, RejectWith w) {
  if (seg.kind != net::SegmentKind::kTcp) return false;
  return w == RejectWith::kTcpReset || w == RejectWith::kResetOrPortUnreachable;
}

}  // namespace

Firewall& Host::MutableFirewall() {
  if (!firewall_) firewall_ = std::make_unique<Firewall>();
  return *firewall_;
}

void Host::RefreshFirewall() {
  filtering_ = (firewall_->active(FwDirection::kIn) ? kFilterIn : 0) |
               (firewall_->active(FwDirection::kOut) ? kFilterOut : 0);
}

std::string Host::FirewallText(const Firewall::Decision& d, const net::Segment& seg, bool in) const {
  std::string text(d.verdict == Verdict::kDrop ? "filtered" : "rejected");
  if (!in) absl::StrAppend(&text, " on output");
  if (d.rule == Firewall::kPolicy) {
    absl::StrAppend(&text, " (policy drop)");
  } else {
    absl::StrAppend(&text, " (rule ", d.rule + 1);
    if (d.verdict == Verdict::kReject) {
      const RejectWith sent = AnswersWithReset(seg, d.reject_with)                  ? RejectWith::kTcpReset
                              : d.reject_with == RejectWith::kResetOrPortUnreachable ? RejectWith::kPortUnreachable
                                                                                     : d.reject_with;
      absl::StrAppend(&text, ", ", AV(RejectWithName(sent)));
    }
    absl::StrAppend(&text, ")");
  }
  return text;
}

bool Host::AdmitIn(const net::Segment& seg) {
  // The clock is a virtual call: read only when a rule reads a set.
  const SimTime now = firewall_->reads_time() ? env_.Now() : SimTime();
  const Firewall::Decision d = firewall_->Filter(FwDirection::kIn, seg, pool_, now);
  if (d.verdict == Verdict::kAccept) {
    if (trace_) TraceFirewallAccept(seg, d, /*in=*/true);
    return true;
  }
  // Counted and traced as the demux would have, under the rule's name.
  const net::Protocol p = seg.kind == net::SegmentKind::kTcp   ? net::Protocol::kTcp
                          : seg.kind == net::SegmentKind::kUdp ? net::Protocol::kUdp
                                                               : seg.inner_protocol;
  stack::ProtocolFigures& f = fig(p);
  ++f.segments_received;
  CountDemux(p, d.verdict == Verdict::kDrop ? DemuxRule::kFiltered : DemuxRule::kRejected);
  if (trace_) TraceSegmentEvent(trace::TraceKind::kSegmentReceived, seg, FirewallText(d, seg, true), kNoSocket, 0);
  if (d.verdict == Verdict::kDrop) return false;
  // A reject: nothing answers an ICMP error or a RST (icmp_send,
  // nf_send_reset), nor a datagram to a broadcast address (SendUnreachable).
  if (net::IsIcmp(seg.kind)) return false;
  if (AnswersWithReset(seg, d.reject_with)) {
    SendReset(seg, kNoSocket, /*by_rule=*/true);
    return false;
  }
  SendUnreachable(f, net::IcmpErrorAbout(seg, IcmpKindFor(d.reject_with), seg.dst));
  return false;
}

bool Host::AdmitOut(const net::Segment& seg) {
  const SimTime now = firewall_->reads_time() ? env_.Now() : SimTime();
  const Firewall::Decision d = firewall_->Filter(FwDirection::kOut, seg, pool_, now);
  if (d.verdict == Verdict::kAccept) {
    if (trace_) TraceFirewallAccept(seg, d, /*in=*/false);
    return true;
  }
  if (trace_) TraceSegmentEvent(trace::TraceKind::kSegmentDropped, seg, FirewallText(d, seg, false), kNoSocket, 0);
  if (d.verdict == Verdict::kDrop || net::IsIcmp(seg.kind)) return false;
  // The answer comes back to this host (its destination is the sender: us),
  // as nf_send_reset and nf_send_unreach make it on the output hook.
  if (AnswersWithReset(seg, d.reject_with)) {
    SendReset(seg, kNoSocket, /*by_rule=*/true);
    return false;
  }
  Emit(net::IcmpErrorAbout(seg, IcmpKindFor(d.reject_with), seg.src));
  return false;
}

}  // namespace portlab::stack
