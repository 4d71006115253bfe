// SourceRouter (stack/source_router.h): a bound address is the source;
// otherwise our own address to ourselves, loopback to loopback, else our
// first address of the destination's family; IPv4-mapped destinations are
// their IPv4 address.
#include "portlab/stack/source_router.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace portlab::stack {
namespace {

net::IpAddress Ip(const char* text) { return net::IpAddress::Parse(text).value(); }

TEST_CASE("SourceRouter: which address a socket sends from", "[stack]") {
  net::AddressPool pool;
  SourceRouter r({Ip("127.0.0.1"), Ip("10.0.0.1"), Ip("10.0.0.2"), Ip("2001:db8::1")}, pool);
  const net::AddrId lo = pool.Intern(Ip("127.0.0.1"));
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
           {"to loopback: our loopback address", net::kAnyV4Id, "127.0.0.5", lo},
           {"IPv6: our IPv6 address", net::kAnyV6Id, "2001:db8::9", v6},
           {"IPv4-mapped: as IPv4", net::kAnyV6Id, "::ffff:192.0.2.1", a1},
       }) {
    INFO(c.name);
    CHECK(r.SourceFor(c.bound, Ip(c.remote)) == c.source);
  }
  SourceRouter v4_only({Ip("10.0.0.1")}, pool);
  CHECK(v4_only.SourceFor(net::kAnyV6Id, Ip("2001:db8::9")) == kNoRoute);
  CHECK_FALSE(v4_only.HasLoopback());
  CHECK(r.HasLoopback());
}

TEST_CASE("SourceRouter: ownership and destination ids", "[stack]") {
  net::AddressPool pool;
  SourceRouter r({Ip("10.0.0.1")}, pool);
  CHECK(r.Owns(Ip("10.0.0.1")));
  CHECK(r.Owns(Ip("::ffff:10.0.0.1")));
  CHECK_FALSE(r.Owns(Ip("10.0.0.2")));
  const net::AddrId id = r.RemoteId(Ip("192.0.2.1"));
  CHECK(id == pool.Intern(Ip("192.0.2.1")));
  CHECK(r.RemoteId(Ip("::ffff:192.0.2.1")) == id);
  CHECK(r.RemoteId(Ip("192.0.2.2")) != id);
}

}  // namespace
}  // namespace portlab::stack
