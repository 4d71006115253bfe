// Addresses, endpoints and port ranges as scenarios write them.
#include <catch2/catch.hpp>

#include "portlab/net/address_pool.h"
#include "portlab/net/endpoint.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"

namespace portlab::net {
namespace {

TEST_CASE("IPv4 netmasks by prefix length", "[net]") {
  CHECK(IpAddress::V4Netmask(0) == 0u);
  CHECK(IpAddress::V4Netmask(8) == 0xff000000u);
  CHECK(IpAddress::V4Netmask(10) == 0xffc00000u);
  CHECK(IpAddress::V4Netmask(24) == 0xffffff00u);
  CHECK(IpAddress::V4Netmask(32) == 0xffffffffu);
}

TEST_CASE("addresses parse, print and classify", "[net]") {
  struct Case {
    const char* text;
    bool ok, v4, loopback, unspecified;
    const char* printed;
  };
  const Case cases[] = {
      {"10.0.0.1", true, true, false, false, "10.0.0.1"},
      {"127.0.0.2", true, true, true, false, "127.0.0.2"},
      {"0.0.0.0", true, true, false, true, "0.0.0.0"},
      {"::", true, false, false, true, "::"},
      {"::1", true, false, true, false, "::1"},
      {"2001:DB8::1", true, false, false, false, "2001:db8::1"},
      {"::ffff:127.0.0.1", true, false, true, false, "::ffff:127.0.0.1"},
      {"10.0.0.256", false, false, false, false, ""}, {"10.0.0", false, false, false, false, ""},
      {"", false, false, false, false, ""},           {"[::1]", false, false, false, false, ""},
      {"fe80::1%eth0", false, false, false, false, ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    absl::StatusOr<IpAddress> a = IpAddress::Parse(c.text);
    REQUIRE(a.ok() == c.ok);
    if (!c.ok) continue;
    CHECK(a->is_v4() == c.v4);
    CHECK(a->IsLoopback() == c.loopback);
    CHECK(a->IsUnspecified() == c.unspecified);
    CHECK(a->ToString() == c.printed);
  }
  IpAddress mapped = IpAddress::Parse("::ffff:10.1.2.3").value();
  REQUIRE(mapped.MappedV4().has_value());
  CHECK(*mapped.MappedV4() == IpAddress::Parse("10.1.2.3").value());
  CHECK_FALSE(IpAddress::Parse("::1").value().MappedV4().has_value());
  // What an AF_INET6 socket sees of an IPv4 peer, and back.
  CHECK(IpAddress::Parse("10.1.2.3").value().AsV6() == mapped);
  CHECK(mapped.AsV6() == mapped);
  CHECK(IpAddress::AnyV4().AsV6().ToString() == "::ffff:0.0.0.0");
  CHECK(*mapped.AsV6().MappedV4() == IpAddress::Parse("10.1.2.3").value());
  CHECK(IpAddress::V4(0x0a000001) == IpAddress::Parse("10.0.0.1").value());
  CHECK_FALSE(IpAddress::AnyV4() == IpAddress::AnyV6());  // the family counts
}

TEST_CASE("the address pool interns each address once and knows its loopback ones by id", "[net]") {
  AddressPool pool;
  CHECK(pool.Get(kAnyV4Id) == IpAddress::AnyV4());
  CHECK(pool.Get(kAnyV6Id) == IpAddress::AnyV6());
  struct Case {
    const char* address;
    bool loopback;
  };
  for (const Case& c : {Case{"127.0.0.1", true}, Case{"127.8.9.10", true}, Case{"::1", true},
                        Case{"::ffff:127.0.0.1", true}, Case{"10.0.0.1", false}, Case{"::2", false},
                        Case{"2001:db8::1", false}}) {
    INFO(c.address);
    const IpAddress a = IpAddress::Parse(c.address).value();
    const AddrId id = pool.Intern(a);
    CHECK(pool.Intern(a) == id);
    CHECK(pool.Get(id) == a);
    CHECK(pool.IsLoopback(id) == c.loopback);
    CHECK(pool.IsLoopback(id) == a.IsLoopback());
  }
  CHECK_FALSE(pool.IsLoopback(kAnyV4Id));
  CHECK_FALSE(pool.IsLoopback(kAnyV6Id));
}

TEST_CASE("endpoints parse as ADDR:PORT and [V6]:PORT", "[net]") {
  CHECK(Endpoint::Parse("10.0.0.2:8080").value().ToString() == "10.0.0.2:8080");
  CHECK(Endpoint::Parse("[2001:db8::1]:443").value().ToString() == "[2001:db8::1]:443");
  CHECK(Endpoint::Parse("0.0.0.0:0").value().port.is_zero());
  for (const char* bad : {"10.0.0.2", "10.0.0.2:65536", "10.0.0.2:http", "2001:db8::1:443",
                          "[2001:db8::1]443", "[::1", ":80"}) {
    INFO(bad);
    CHECK_FALSE(Endpoint::Parse(bad).ok());
  }
}

TEST_CASE("port ranges and the IANA ranges", "[net]") {
  PortRange r = PortRange::Parse("32768 60999").value();
  CHECK(r.size() == 28232);
  CHECK(PortRange::Parse("40000-40063").value().size() == 64);
  CHECK(r.ToString() == "32768-60999");
  for (const char* bad : {"0 10", "10 5", "1 70000", "40000", "a b"}) {
    INFO(bad);
    CHECK_FALSE(PortRange::Parse(bad).ok());
  }
  // RFC 6335 §6.
  CHECK(IanaRangeName(Port(443)) == "system");
  CHECK(IanaRangeName(Port(1023)) == "system");
  CHECK(IanaRangeName(Port(1024)) == "user");
  CHECK(IanaRangeName(Port(49151)) == "user");
  CHECK(IanaRangeName(Port(49152)) == "dynamic");
  CHECK(kDynamicPorts.size() == 16384);
  CHECK(ParseProtocol("udp").value() == Protocol::kUdp);
  CHECK_FALSE(ParseProtocol("sctp").ok());
}

}  // namespace
}  // namespace portlab::net
