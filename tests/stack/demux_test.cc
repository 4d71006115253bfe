// Demultiplexing, most specific first (docs/ARCHITECTURE.md, "The host
// stack"): exact 4-tuple, then a listener on the destination address, then
// a wildcard listener, then none; SO_REUSEPORT groups pick a member by a
// keyed hash of the 4-tuple.
#include <catch2/catch.hpp>

#include <set>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::TestNetwork;

net::Segment Syn(TestNetwork& net, const char* src, uint16_t sport, const char* dst, uint16_t dport) {
  net::Segment s;
  s.kind = net::SegmentKind::kTcp;
  s.flags = net::kSyn;
  s.src = net.pool().Intern(testing::Ip(src));
  s.dst = net.pool().Intern(testing::Ip(dst));
  s.sport = sport;
  s.dport = dport;
  return s;
}

SocketId ListenOn(Host& h, const char* addr, uint16_t port, bool reuseport = false) {
  SocketId s = h.OpenSocket(net::Protocol::kTcp, false);
  SocketOptionSet o;
  o.reuseport = reuseport;
  REQUIRE(h.SetOptions(s, o) == Errno::kOk);
  REQUIRE(h.Bind(s, Ep(addr, port)) == Errno::kOk);
  REQUIRE(h.Listen(s) == Errno::kOk);
  return s;
}

TEST_CASE("demux prefers the listener on the address to the wildcard one", "[demux]") {
  TestNetwork net;
  Host& h = net.AddHost("server", {"10.0.0.2", "10.0.0.3"});
  // Overlapping listeners need SO_REUSEPORT: SO_REUSEADDR does not survive
  // the listen() re-check of inet_csk_bind_conflict.
  SocketId wild = ListenOn(h, "0.0.0.0", 80, true);
  SocketId addr = ListenOn(h, "10.0.0.3", 80, true);

  DemuxResult to2 = h.Demux(Syn(net, "10.0.0.1", 40000, "10.0.0.2", 80));
  CHECK(to2.rule == DemuxRule::kListenerWildcard);
  CHECK(to2.socket == wild.index);
  DemuxResult to3 = h.Demux(Syn(net, "10.0.0.1", 40000, "10.0.0.3", 80));
  CHECK(to3.rule == DemuxRule::kListenerAddress);
  CHECK(to3.socket == addr.index);
  CHECK(h.Demux(Syn(net, "10.0.0.1", 40000, "10.0.0.2", 81)).rule == DemuxRule::kNone);

  // A segment that is not a SYN never reaches a listener.
  net::Segment ack = Syn(net, "10.0.0.1", 40000, "10.0.0.2", 80);
  ack.flags = net::kAck;
  CHECK(h.Demux(ack).rule == DemuxRule::kNone);
}

TEST_CASE("after the handshake every segment matches its exact 4-tuple", "[demux]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  ListenOn(server, "0.0.0.0", 443);
  SocketId c1 = client.OpenSocket(net::Protocol::kTcp, false);
  SocketId c2 = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c1, Ep("10.0.0.2", 443)) == Errno::kEINPROGRESS);
  REQUIRE(client.Connect(c2, Ep("10.0.0.2", 443)) == Errno::kEINPROGRESS);
  net.Deliver();
  uint16_t p1 = client.LocalEndpoint(c1).port.value(), p2 = client.LocalEndpoint(c2).port.value();
  REQUIRE(p1 != p2);
  net::Segment data = Syn(net, "10.0.0.1", p1, "10.0.0.2", 443);
  data.flags = net::kAck | net::kPsh;
  DemuxResult d1 = server.Demux(data);
  data.sport = p2;
  DemuxResult d2 = server.Demux(data);
  CHECK(d1.rule == DemuxRule::kExact);
  CHECK(d2.rule == DemuxRule::kExact);
  CHECK(d1.socket != d2.socket);  // two connections, two sockets, one port
  CHECK(server.figures(net::Protocol::kTcp).demux.at("listener-wildcard") == 2);
}

TEST_CASE("an SO_REUSEPORT group spreads connections by 4-tuple hash", "[demux]") {
  TestNetwork net;
  Host& h = net.AddHost("server", {"10.0.0.2"});
  SocketId a = ListenOn(h, "0.0.0.0", 8080, true);
  SocketId b = ListenOn(h, "0.0.0.0", 8080, true);
  std::map<uint32_t, int> hits;
  for (uint16_t port = 40000; port < 40400; ++port) {
    DemuxResult d = h.Demux(Syn(net, "10.0.0.1", port, "10.0.0.2", 8080));
    REQUIRE(d.rule == DemuxRule::kListenerWildcard);
    ++hits[d.socket];
    // The same 4-tuple always goes to the same member.
    CHECK(h.Demux(Syn(net, "10.0.0.1", port, "10.0.0.2", 8080)).socket == d.socket);
  }
  REQUIRE(hits.size() == 2);
  CHECK(hits[a.index] > 120);
  CHECK(hits[b.index] > 120);
}

}  // namespace
}  // namespace portlab::stack
