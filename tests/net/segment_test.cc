// The wire's ICMP errors: whoever sends one (a host for a closed port, the
// engine for a neighbour that never answers, a NAT), it quotes the
// offending packet exactly (RFC 792; RFC 5508 §7; Linux icmp_send).
#include <catch2/catch.hpp>

#include "portlab/net/segment.h"

namespace portlab::net {
namespace {

TEST_CASE("an ICMP error quotes the packet it is about exactly", "[net]") {
  struct Case {
    const char* name;
    SegmentKind offending_kind;
    Protocol quoted;
  };
  const Case kCases[] = {
      {"a TCP segment", SegmentKind::kTcp, Protocol::kTcp},
      {"a UDP datagram", SegmentKind::kUdp, Protocol::kUdp},
  };
  for (const Case& c : kCases) {
    INFO(c.name);
    Segment s;
    s.kind = c.offending_kind;
    s.flags = kSyn | kTimestamps;
    s.src = 1;
    s.dst = 2;
    s.sport = 40000;
    s.dport = 53;
    s.length = 512;
    s.seq = 0x01020304;
    s.ack = 0x0a0b0c0d;
    for (SegmentKind k : {SegmentKind::kIcmpPortUnreachable, SegmentKind::kIcmpHostUnreachable,
                          SegmentKind::kIcmpAdminProhibited}) {
      const Segment icmp = IcmpErrorAbout(s, k, /*from=*/7);
      CHECK(icmp.kind == k);
      CHECK(icmp.src == 7);
      CHECK(icmp.dst == 1);        // back to the sender
      CHECK(icmp.inner_dst == 2);  // the quote: where it was going
      CHECK(icmp.sport == 40000);
      CHECK(icmp.dport == 53);
      CHECK(icmp.inner_protocol == c.quoted);
      CHECK(icmp.length == 512);
      CHECK(icmp.flags == s.flags);
      CHECK(icmp.seq == s.seq);
      CHECK(icmp.ack == s.ack);
    }
  }
}

}  // namespace
}  // namespace portlab::net
