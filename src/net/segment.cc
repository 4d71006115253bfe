#include "portlab/net/segment.h"

namespace portlab::net {

std::string SegmentLabel(const Segment& s) {
  if (s.kind == SegmentKind::kUdp) return "UDP";
  if (s.kind == SegmentKind::kIcmpPortUnreachable) return "ICMP port-unreachable";
  if (s.kind == SegmentKind::kIcmpHostUnreachable) return "ICMP host-unreachable";
  if (s.kind == SegmentKind::kIcmpAdminProhibited) return "ICMP admin-prohibited";
  if (s.kind == SegmentKind::kIcmpNetUnreachable) return "ICMP net-unreachable";
  std::string out;
  auto add = [&](uint8_t f, const char* name) {
    if (!(s.flags & f)) return;
    if (!out.empty()) out += '|';
    out += name;
  };
  add(kSyn, "SYN");
  add(kFin, "FIN");
  add(kRst, "RST");
  add(kPsh, "PSH");
  add(kUrg, "URG");
  add(kAck, "ACK");
  return out;
}

}  // namespace portlab::net
