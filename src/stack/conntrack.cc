#include "portlab/stack/conntrack.h"

#include "portlab/stack/firewall_rule.h"

namespace portlab::stack {

ConnTrack::Key ConnTrack::Forward(const net::Segment& seg) {
  if (net::IsIcmp(seg.kind)) {
    // The quoted datagram went from (icmp.dst, sport) to (inner_dst, dport)
    // (net::IcmpErrorAbout).
    return {static_cast<uint8_t>(seg.inner_protocol), seg.dst, seg.inner_dst, seg.sport, seg.dport};
  }
  const uint8_t p = static_cast<uint8_t>(seg.kind == net::SegmentKind::kTcp ? net::Protocol::kTcp
                                                                            : net::Protocol::kUdp);
  return {p, seg.src, seg.dst, seg.sport, seg.dport};
}

uint8_t ConnTrack::StateOf(const net::Segment& seg) const {
  const Key k = Forward(seg);
  if (net::IsIcmp(seg.kind)) {
    // nf_conntrack_icmpv4_error / icmp_error_message: an error quoting a
    // tracked flow (either direction) is RELATED; else INVALID.
    return flows_.contains(k) || flows_.contains(Reverse(k)) ? kCtRelated : 0;
  }
  if (auto it = flows_.find(k); it != flows_.end()) return it->second ? kCtEstablished : kCtNew;
  if (flows_.contains(Reverse(k))) return kCtEstablished;
  return kCtNew;
}

void ConnTrack::Confirm(const net::Segment& seg) {
  if (net::IsIcmp(seg.kind)) return;  // RELATED packets make no flow of their own
  const Key k = Forward(seg);
  if (auto it = flows_.find(Reverse(k)); it != flows_.end()) {
    it->second = true;
    return;
  }
  flows_.try_emplace(k, false);
}

}  // namespace portlab::stack
