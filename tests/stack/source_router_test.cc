// SourceRouter (stack/source_router.h): a bound address is the source;
// otherwise our own address to ourselves, loopback to loopback, else our
// first address of the destination's family; IPv4-mapped destinations are
// their IPv4 address. Routes: local, on-link, broadcast, gateway, none.
#include "portlab/stack/source_router.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace portlab::stack {
namespace {

net::IpAddress Ip(const char* text) { return net::IpAddress::Parse(text).value(); }

TEST_CASE("SourceRouter: which address a socket sends from", "[stack]") {
  net::AddressPool pool;
  SourceRouter r({Ip("10.0.0.1"), Ip("10.0.0.2"), Ip("2001:db8::1")}, pool);
  const net::AddrId lo = pool.Intern(Ip("127.0.0.1"));
  const net::AddrId lo6 = pool.Intern(Ip("::1"));
  const net::AddrId a1 = pool.Intern(Ip("10.0.0.1"));
  const net::AddrId a2 = pool.Intern(Ip("10.0.0.2"));
  const net::AddrId v6 = pool.Intern(Ip("2001:db8::1"));
  struct Case {
    const char* name;
    net::AddrId bound;
    const char* remote;
    net::AddrId source;
  };
  // Alternating destinations, so the last-route cache is both hit and missed.
  for (const Case& c : std::vector<Case>{
           {"a bound address is the source", a2, "192.0.2.1", a2},
           {"unbound: the first non-loopback IPv4 address", net::kAnyV4Id, "192.0.2.1", a1},
           {"the same destination again (cached)", net::kAnyV4Id, "192.0.2.1", a1},
           {"to one of our addresses: that address", net::kAnyV4Id, "10.0.0.2", a2},
           {"to loopback: 127.0.0.1, whatever our addresses", net::kAnyV4Id, "127.0.0.5", lo},
           {"to ::1: ::1", net::kAnyV6Id, "::1", lo6},
           {"bound to loopback, to loopback: itself", lo, "127.0.0.9", lo},
           {"bound to loopback, off the host: refused", lo, "192.0.2.1", kLoopbackSourceOffHost},
           {"IPv6: our IPv6 address", net::kAnyV6Id, "2001:db8::9", v6},
           {"IPv4-mapped: as IPv4", net::kAnyV6Id, "::ffff:192.0.2.1", a1},
       }) {
    INFO(c.name);
    CHECK(r.SourceFor(c.bound, Ip(c.remote)) == c.source);
  }
  SourceRouter v4_only({Ip("10.0.0.1")}, pool);
  CHECK(v4_only.SourceFor(net::kAnyV6Id, Ip("2001:db8::9")) == kNoRoute);
}

TEST_CASE("SourceRouter: routes from prefixes and the default route", "[stack]") {
  net::AddressPool pool;
  SourceRouter r({Ip("10.8.0.1"), Ip("172.16.0.1"), Ip("2001:db8::1")}, pool);
  struct Case {
    const char* name;
    std::vector<int> prefixes;
    bool default_route;
    const char* remote;
    RouteKind kind;
    const char* source;  // nullptr: kNetUnreachable
  };
  for (const Case& c : std::vector<Case>{
           {"no prefix, default route: everything via the gateway", {32, 32, 128}, true, "10.8.0.9",
            RouteKind::kGateway, "10.8.0.1"},
           {"ours", {32, 32, 128}, true, "172.16.0.1", RouteKind::kLocal, "172.16.0.1"},
           {"loopback is local", {32, 32, 128}, false, "127.1.2.3", RouteKind::kLocal, "127.0.0.1"},
           {"255.255.255.255 through the default route", {32, 32, 128}, true, "255.255.255.255",
            RouteKind::kBroadcast, "10.8.0.1"},
           {"255.255.255.255 without it: no route", {24, 32, 128}, false, "255.255.255.255",
            RouteKind::kUnreachable, nullptr},
           {"on-link: the address of that network", {32, 16, 128}, true, "172.16.9.9",
            RouteKind::kOnLink, "172.16.0.1"},
           {"the network's broadcast", {32, 16, 128}, true, "172.16.255.255", RouteKind::kBroadcast,
            "172.16.0.1"},
           {"a /31 has no broadcast", {31, 32, 128}, true, "10.8.0.0", RouteKind::kOnLink, "10.8.0.1"},
           {"off every network, no default: unreachable", {24, 16, 64}, false, "192.0.2.1",
            RouteKind::kUnreachable, nullptr},
           {"IPv6 on-link", {24, 16, 64}, false, "2001:db8::77", RouteKind::kOnLink, "2001:db8::1"},
           {"IPv6 off-link, no default", {24, 16, 64}, false, "2001:db9::1", RouteKind::kUnreachable,
            nullptr},
           {"IPv4-mapped as IPv4", {24, 16, 64}, false, "::ffff:10.8.0.77", RouteKind::kOnLink,
            "10.8.0.1"},
       }) {
    INFO(c.name);
    r.SetRoutes(c.prefixes, c.default_route);
    CHECK(r.Classify(Ip(c.remote)) == c.kind);
    const net::AddrId want = c.source ? pool.Intern(Ip(c.source)) : kNetUnreachable;
    CHECK(r.SourceFor(net::kAnyV4Id, Ip(c.remote)) == want);
    CHECK(r.last_kind() == c.kind);
  }
  r.SetRoutes({24, 16, 64}, true);
  CHECK(r.AcceptsBroadcast(Ip("255.255.255.255")));
  CHECK(r.AcceptsBroadcast(Ip("10.8.0.255")));
  CHECK(r.AcceptsBroadcast(Ip("172.16.255.255")));
  CHECK_FALSE(r.AcceptsBroadcast(Ip("10.9.0.255")));
  CHECK_FALSE(r.AcceptsBroadcast(Ip("10.8.0.254")));
}

TEST_CASE("SourceRouter: ownership and destination ids", "[stack]") {
  net::AddressPool pool;
  SourceRouter r({Ip("10.0.0.1")}, pool);
  CHECK(r.Owns(Ip("10.0.0.1")));
  CHECK(r.Owns(Ip("::ffff:10.0.0.1")));
  CHECK_FALSE(r.Owns(Ip("10.0.0.2")));
  CHECK(r.Owns(Ip("127.0.0.1")));
  CHECK(r.Owns(Ip("127.255.0.1")));
  CHECK(r.Owns(Ip("::1")));
  CHECK(r.Owns(Ip("::ffff:127.0.0.1")));
  const net::AddrId id = r.RemoteId(Ip("192.0.2.1"));
  CHECK(id == pool.Intern(Ip("192.0.2.1")));
  CHECK(r.RemoteId(Ip("::ffff:192.0.2.1")) == id);
  CHECK(r.RemoteId(Ip("192.0.2.2")) != id);
}

}  // namespace
}  // namespace portlab::stack
