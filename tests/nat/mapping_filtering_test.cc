// RFC 4787 §4.1 mapping and §5 filtering, each mode against the same
// sequence of packets (reference/nat.md tables); and hints().PeekInside, the
// read-only view of where an inbound packet goes.
#include <catch2/catch.hpp>

#include "nat/nat_harness.h"

namespace portlab::nat::testing {
namespace {

TEST_CASE("mapping: which remotes share X':x' (RFC 4787 §4.1)", "[nat]") {
  struct Case {
    Dependence mapping;
    bool same_for_other_port;     // Y:y2
    bool same_for_other_address;  // Y2:y
  };
  const Case cases[] = {
      {Dependence::kEndpointIndependent, true, true},
      {Dependence::kAddressDependent, true, false},
      {Dependence::kAddressAndPortDependent, false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(DependenceName(c.mapping));
    NatConfig config = Profile("rfc-recommended");
    config.mapping = c.mapping;
    NatHarness h(config);
    std::string first = h.Source(h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 3478)));
    std::string other_port = h.Source(h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 3479)));
    std::string other_addr = h.Source(h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.2", 3478)));
    CHECK((first == other_port) == c.same_for_other_port);
    CHECK((first == other_addr) == c.same_for_other_address);
    // REQ-3: never two inside endpoints on one X':x' toward one remote.
    std::string second_host = h.Source(h.Out(h.Udp("192.168.1.101", 5000, "198.51.100.1", 3478)));
    CHECK(second_host != first);
  }
}

TEST_CASE("filtering: who may send in after X:x sent to Y:y (RFC 4787 §5)", "[nat]") {
  struct Case {
    Dependence filtering;
    bool same_endpoint, other_port, other_address;
  };
  const Case cases[] = {
      {Dependence::kEndpointIndependent, true, true, true},
      {Dependence::kAddressDependent, true, true, false},
      {Dependence::kAddressAndPortDependent, true, false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(DependenceName(c.filtering));
    NatConfig config = Profile("rfc-recommended");
    config.filtering = c.filtering;
    NatHarness h(config);
    NatResult out = h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 3478));
    REQUIRE(out.action == NatResult::Action::kToOutside);
    std::string mapped = h.Name(out.segment.src);
    uint16_t port = out.segment.sport;
    auto in = [&](std::string_view from, uint16_t from_port) {
      NatResult r = h.In(h.Udp(from, from_port, mapped, port), 1);
      if (r.action == NatResult::Action::kToInside) CHECK(h.Dest(r) == "192.168.1.100:5000");
      return r.action == NatResult::Action::kToInside;
    };
    CHECK(in("198.51.100.1", 3478) == c.same_endpoint);
    CHECK(in("198.51.100.1", 9999) == c.other_port);
    CHECK(in("198.51.100.2", 3478) == c.other_address);
  }
}

TEST_CASE("an inbound packet to a port nobody maps is dropped as no-mapping", "[nat]") {
  NatHarness h(Profile("full-cone"));
  NatResult r = h.In(h.Udp("198.51.100.1", 53, "203.0.113.1", 40000));
  CHECK(h.Dest(r) == "drop:no-mapping");
  CHECK(h.nat->figures().drops[DropReason::kNoMapping] == 1);
}

TEST_CASE("port overlapping shares an outside port across destinations (RFC 7857 §3)", "[nat]") {
  NatHarness h(Profile("linux-masquerade"));
  // Two inside hosts, same source port, different servers: netfilter keeps
  // the port for both, since the reply 5-tuples differ.
  CHECK(h.Source(h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443))) == "203.0.113.1:40000");
  CHECK(h.Source(h.Out(h.Tcp("192.168.1.101", 40000, "198.51.100.2", 443))) == "203.0.113.1:40000");
  // Toward the same server the second needs another port.
  std::string third = h.Source(h.Out(h.Tcp("192.168.1.102", 40000, "198.51.100.1", 443)));
  CHECK(third != "203.0.113.1:40000");
  CHECK(third.rfind("203.0.113.1:", 0) == 0);
  // Replies find their own inside host by the remote endpoint.
  CHECK(h.Dest(h.In(h.Tcp("198.51.100.2", 443, "203.0.113.1", 40000, net::kSyn | net::kAck))) ==
        "192.168.1.101:40000");
  CHECK(h.nat->figures().ports_in_use.at("203.0.113.1") == 2);
}

TEST_CASE("netfilter --random gives every connection its own port", "[nat]") {
  NatConfig c = Profile("linux-masquerade");
  REQUIRE(SetNatKnob(c, "random_fully", "true").ok());
  NatHarness h(c);
  std::string a = h.Source(h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443)));
  std::string b = h.Source(h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.2", 443)));
  CHECK(a != "203.0.113.1:40000");  // no preservation
  CHECK(a != b);                    // no mapping reuse: symmetric
}

TEST_CASE("a port forwarding lets any remote in (static mapping)", "[nat]") {
  NatHarness h(Profile("port-restricted-cone"), {"203.0.113.1"},
               {{net::Protocol::kTcp, *net::Endpoint::Parse("203.0.113.1:443"),
                 *net::Endpoint::Parse("192.168.1.10:8443")}});
  NatResult in = h.In(h.Tcp("198.51.100.7", 50000, "203.0.113.1", 443));
  CHECK(h.Dest(in) == "192.168.1.10:8443");
  NatResult reply = h.Out(h.Tcp("192.168.1.10", 8443, "198.51.100.7", 50000, net::kSyn | net::kAck), 0.001);
  CHECK(h.Source(reply) == "203.0.113.1:443");
  // Not UDP, and not another port.
  CHECK(h.Dest(h.In(h.Udp("198.51.100.7", 50000, "203.0.113.1", 443))) == "drop:no-mapping");
  std::vector<NatTableRow> table = h.nat->Table(At(0.001));
  REQUIRE(table.size() == 1);
  CHECK(table[0].state == "ESTABLISHED");
}

TEST_CASE("hairpinning: an inside host reaches another by its outside endpoint", "[nat]") {
  for (bool on : {true, false}) {
    CAPTURE(on);
    NatConfig c = Profile("full-cone");
    c.hairpinning = on;
    NatHarness h(c);
    NatResult server = h.Out(h.Udp("192.168.1.20", 6000, "198.51.100.1", 3478));
    REQUIRE(h.Source(server) == "203.0.113.1:6000");
    NatResult r = h.Out(h.Udp("192.168.1.30", 7000, "203.0.113.1", 6000), 1);
    if (on) {
      CHECK(r.hairpinned);
      CHECK(h.Dest(r) == "192.168.1.20:6000");
      CHECK(h.Source(r) == "203.0.113.1:7000");  // RFC 4787 REQ-9: X':x', not X:x
    } else {
      CHECK(h.Dest(r) == "drop:hairpin-off");
    }
  }
}

TEST_CASE("ICMP errors are translated with their embedded header (RFC 5508)", "[nat]") {
  NatHarness h(Profile("rfc-recommended"));
  NatResult out = h.Out(h.Udp("192.168.1.100", 5000, "198.51.100.1", 53));
  REQUIRE(out.action == NatResult::Action::kToOutside);
  net::Segment icmp;
  icmp.kind = net::SegmentKind::kIcmpPortUnreachable;
  icmp.src = h.A("198.51.100.1");
  icmp.dst = out.segment.src;
  icmp.inner_dst = h.A("198.51.100.1");
  icmp.sport = out.segment.sport;
  icmp.dport = 53;
  NatResult in = h.In(icmp, 1);
  REQUIRE(in.action == NatResult::Action::kToInside);
  CHECK(h.Name(in.segment.dst) == "192.168.1.100");
  CHECK(in.segment.sport == 5000);  // the embedded source port
  CHECK(h.nat->figures().icmp_translated == 1);
  // An ICMP error about nothing the NAT sent is dropped.
  icmp.sport = 1;
  CHECK(h.Dest(h.In(icmp, 1)) == "drop:no-session");
}

TEST_CASE("hints().PeekInside names the inside endpoint Inbound will deliver to, and changes nothing", "[nat]") {
  for (const char* profile : {"rfc-recommended", "symmetric", "cgnat"}) {
    CAPTURE(profile);
    NatHarness h(Profile(profile));
    const NatResult out = h.Out(h.Tcp("192.168.1.100", 40000, "198.51.100.1", 443));
    REQUIRE(out.action == NatResult::Action::kToOutside);
    // The answer from the server, to the outside endpoint the NAT chose.
    net::Segment reply = h.Tcp("198.51.100.1", 443, h.Name(out.segment.src), out.segment.sport,
                                 net::kSyn | net::kAck);
    net::Segment inside;
    REQUIRE(h.nat->hints().PeekInside(reply, &inside));
    CHECK(h.Name(inside.dst) == "192.168.1.100");
    CHECK(inside.dport == 40000);
    CHECK(inside.src == reply.src);
    CHECK(inside.sport == 443);
    const NatFigures before = h.nat->figures();
    // Peeking again changes no figure; Inbound delivers where it said.
    REQUIRE(h.nat->hints().PeekInside(reply, &inside));
    CHECK(h.nat->figures().translated_in == before.translated_in);
    const NatResult in = h.In(reply);
    REQUIRE(in.action == NatResult::Action::kToInside);
    CHECK(in.segment.dst == inside.dst);
    CHECK(in.segment.dport == inside.dport);
    // From another remote port: no session holds it (every profile here
    // filters on the remote's port or address, or maps per destination).
    net::Segment stranger = reply;
    stranger.sport = 444;
    CHECK_FALSE(h.nat->hints().PeekInside(stranger, &inside));
  }
}

}  // namespace
}  // namespace portlab::nat::testing
