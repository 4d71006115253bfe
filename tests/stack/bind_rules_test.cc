// Bind-conflict oracles: public test tables translated into portlab cases,
// each naming its source. The host model (Host::Bind, Listen, SetOptions
// and the rules of src/stack/bind_rules.cc) must answer as Linux 6.x does.
//
// Sources:
//   tools/testing/selftests/net/bind_wildcard.c
//   tools/testing/selftests/net/reuseaddr_conflict.c
//   tools/testing/selftests/net/reuseaddr_ports_exhausted.c
//   tools/testing/selftests/net/ip_local_port_range.c
//   gVisor pkg/tcpip/ports/ports_test.go (TestPortReservation)
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "portlab/stack/host.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::Ip;
using testing::TestNetwork;

// One socket call's outcome as the selftests print it.
char Mark(Errno e) {
  return e == Errno::kOk ? '.' : e == Errno::kEADDRINUSE ? 'X' : '?';
}

SocketId OpenFor(Host& h, net::Protocol p, const net::Endpoint& local,
                 const SocketOptionSet& o) {
  SocketId s = h.OpenSocket(p, local.address.is_v6());
  REQUIRE(h.SetOptions(s, o) == Errno::kOk);
  return s;
}

// ------------------------------------------------------------ bind_wildcard.c

// A row of bind_wildcard.c: socket 0 binds (addr0, 0), socket 1 (addr1, same
// port) with the option under test and IPV6_V6ONLY where the row says so;
// sockets 2-7 bind the same port without options to 0.0.0.0, 127.0.0.1, ::,
// ::1, ::ffff:0.0.0.0 and ::ffff:127.0.0.1. Every socket stays open, so later
// binds conflict with earlier successes too. `.` = success, `X` = EADDRINUSE,
// `?` = anything else; SO_REUSEADDR and SO_REUSEPORT expect the same.
struct WildcardRow {
  const char* variant;
  const char* addr0;
  bool v6only0;
  const char* addr1;
  bool v6only1;
  const char* plain;
  const char* reuse;
};

// FIXTURE_VARIANT_ADD(bind_wildcard, ...) in the selftest's order.
// clang-format off
const WildcardRow kWildcardRows[] = {
    // (IPv4, IPv4)
    {"v4_any_v4_local", "0.0.0.0", false, "127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    {"v4_local_v4_any", "127.0.0.1", false, "0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
    // (IPv4, IPv6)
    {"v4_any_v6_any", "0.0.0.0", false, "::", false, ".XXXX.XX", "..XXXXXX"},
    {"v4_any_v6_any_only", "0.0.0.0", false, "::", true, "..XXXXXX", "..XXXXXX"},
    {"v4_any_v6_local", "0.0.0.0", false, "::1", false, "..XXXXXX", "..XXXXXX"},
    {"v4_any_v6_v4mapped_any", "0.0.0.0", false, "::ffff:0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
    {"v4_any_v6_v4mapped_local", "0.0.0.0", false, "::ffff:127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    {"v4_local_v6_any", "127.0.0.1", false, "::", false, ".XXXX.XX", "..XXXXXX"},
    {"v4_local_v6_any_only", "127.0.0.1", false, "::", true, "..XXXXXX", "..XXXXXX"},
    {"v4_local_v6_local", "127.0.0.1", false, "::1", false, "..XXXXXX", "..XXXXXX"},
    {"v4_local_v6_v4mapped_any", "127.0.0.1", false, "::ffff:0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
    {"v4_local_v6_v4mapped_local", "127.0.0.1", false, "::ffff:127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    // (IPv6, IPv4)
    {"v6_any_v4_any", "::", false, "0.0.0.0", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v4_any", "::", true, "0.0.0.0", false, "..XXXXXX", "..XXXXXX"},
    {"v6_any_v4_local", "::", false, "127.0.0.1", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v4_local", "::", true, "127.0.0.1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_local_v4_any", "::1", false, "0.0.0.0", false, "..XXXXXX", "..XXXXXX"},
    {"v6_local_v4_local", "::1", false, "127.0.0.1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_any_v4_any", "::ffff:0.0.0.0", false, "0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
    {"v6_v4mapped_any_v4_local", "::ffff:0.0.0.0", false, "127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    {"v6_v4mapped_local_v4_any", "::ffff:127.0.0.1", false, "0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
    {"v6_v4mapped_local_v4_local", "::ffff:127.0.0.1", false, "127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    // (IPv6, IPv6)
    {"v6_any_v6_any", "::", false, "::", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v6_any", "::", true, "::", false, ".X.XXXXX", "..XXXXXX"},
    {"v6_any_v6_any_only", "::", false, "::", true, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v6_any_only", "::", true, "::", true, ".X.XXXXX", "...XXXXX"},
    {"v6_any_v6_local", "::", false, "::1", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v6_local", "::", true, "::1", false, ".X.XXXXX", "...XXXXX"},
    {"v6_any_v6_v4mapped_any", "::", false, "::ffff:0.0.0.0", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v6_v4mapped_any", "::", true, "::ffff:0.0.0.0", false, "..XXXXXX", "..XXXXXX"},
    {"v6_any_v6_v4mapped_local", "::", false, "::ffff:127.0.0.1", false, ".XXXXXXX", "..XXXXXX"},
    {"v6_any_only_v6_v4mapped_local", "::", true, "::ffff:127.0.0.1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_local_v6_any", "::1", false, "::", false, ".X.XXXXX", "..XXXXXX"},
    {"v6_local_v6_any_only", "::1", false, "::", true, ".X.XXXXX", "...XXXXX"},
    {"v6_local_v6_v4mapped_any", "::1", false, "::ffff:0.0.0.0", false, "..XXXXXX", "..XXXXXX"},
    {"v6_local_v6_v4mapped_local", "::1", false, "::ffff:127.0.0.1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_any_v6_any", "::ffff:0.0.0.0", false, "::", false, ".XXXX.XX", "..XXXXXX"},
    {"v6_v4mapped_any_v6_any_only", "::ffff:0.0.0.0", false, "::", true, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_any_v6_local", "::ffff:0.0.0.0", false, "::1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_any_v6_v4mapped_local", "::ffff:0.0.0.0", false, "::ffff:127.0.0.1", false, ".XXXX.XX", "..XXX.XX"},
    {"v6_v4mapped_loopback_v6_any", "::ffff:127.0.0.1", false, "::", false, ".XXXX.XX", "..XXXXXX"},
    {"v6_v4mapped_loopback_v6_any_only", "::ffff:127.0.0.1", false, "::", true, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_loopback_v6_local", "::ffff:127.0.0.1", false, "::1", false, "..XXXXXX", "..XXXXXX"},
    {"v6_v4mapped_loopback_v6_v4mapped_any", "::ffff:127.0.0.1", false, "::ffff:0.0.0.0", false, ".XXXX.XX", "..XXX.XX"},
};
// clang-format on

enum class Reuse { kNone, kReuseAddr, kReusePort };

std::string RunWildcardRow(const WildcardRow& row, Reuse reuse) {
  const char* addrs[8] = {
      row.addr0, row.addr1, "0.0.0.0",        "127.0.0.1",
      "::",      "::1",     "::ffff:0.0.0.0", "::ffff:127.0.0.1"};
  TestNetwork net;
  Host& h = net.AddHost("lo", {"127.0.0.1", "::1"});
  std::string marks;
  uint16_t port = 0;
  for (int i = 0; i < 8; ++i) {
    SocketOptionSet o;
    if (i < 2) {
      o.v6only = i == 0 ? row.v6only0 : row.v6only1;
      o.reuseaddr = reuse == Reuse::kReuseAddr;
      o.reuseport = reuse == Reuse::kReusePort;
    }
    net::Endpoint ep{Ip(addrs[i]), net::Port(port)};
    SocketId s = OpenFor(h, net::Protocol::kTcp, ep, o);
    Errno e = h.Bind(s, ep);
    if (i == 0) port = h.LocalEndpoint(s).port.value();
    marks += Mark(e);
  }
  return marks;
}

// Host::Bind must accept every address the selftest binds on a host that owns
// 127.0.0.1 and ::1: inet6_bind takes ::1 (local), ::ffff:127.0.0.1 (its IPv4
// address is local) and ::ffff:0.0.0.0 (inet_addr_valid_or_nonlocal accepts
// INADDR_ANY) on a dual-stack socket. Returns the refusals, "" when none.
std::string BindRefusals() {
  std::string refusals;
  for (const char* a : {"0.0.0.0", "127.0.0.1", "::", "::1", "::ffff:0.0.0.0",
                        "::ffff:127.0.0.1"}) {
    TestNetwork net;
    Host& h = net.AddHost("lo", {"127.0.0.1", "::1"});
    net::Endpoint ep{Ip(a), net::Port(0)};
    SocketId s = OpenFor(h, net::Protocol::kTcp, ep, {});
    Errno e = h.Bind(s, ep);
    if (e != Errno::kOk) {
      refusals += std::string("bind(") + a +
                  ", 0) = " + std::string(ErrnoName(e)) + " (" +
                  std::string(CauseName(h.last_cause())) + "); ";
    }
  }
  return refusals;
}

TEST_CASE("bind_wildcard.c: every selftest address is bindable alone",
          "[oracle]") {
  CHECK(BindRefusals() == "");
}

TEST_CASE("bind_wildcard.c: wildcard, loopback and v4-mapped binds on one port",
          "[oracle]") {
  // A refused address would turn every row into noise: stop with the cause.
  REQUIRE(BindRefusals() == "");
  for (const WildcardRow& row : kWildcardRows) {
    for (Reuse reuse : {Reuse::kNone, Reuse::kReuseAddr, Reuse::kReusePort}) {
      const char* option = reuse == Reuse::kNone        ? "plain"
                           : reuse == Reuse::kReuseAddr ? "SO_REUSEADDR"
                                                        : "SO_REUSEPORT";
      INFO("bind_wildcard.c variant " << row.variant << ", " << option);
      CHECK(RunWildcardRow(row, reuse) ==
            (reuse == Reuse::kNone ? row.plain : row.reuse));
    }
  }
}

// ----------------------------------------------------------
// reuseaddr_conflict.c

TEST_CASE(
    "reuseaddr_conflict.c: a SO_REUSEADDR listener on 127.0.0.1 blocks 0.0.0.0",
    "[oracle]") {
  TestNetwork net;
  Host& h = net.AddHost("lo", {"127.0.0.1", "::1"});
  SocketOptionSet reuse;
  reuse.reuseaddr = true;
  SocketOptionSet reuse_v6only = reuse;
  reuse_v6only.v6only = true;

  SocketId listener =
      OpenFor(h, net::Protocol::kTcp, Ep("127.0.0.1", 9999), reuse);
  REQUIRE(h.Bind(listener, Ep("127.0.0.1", 9999)) == Errno::kOk);
  REQUIRE(h.Listen(listener) == Errno::kOk);

  SocketId any4 = OpenFor(h, net::Protocol::kTcp, Ep("0.0.0.0", 9999), reuse);
  CHECK(h.Bind(any4, Ep("0.0.0.0", 9999)) == Errno::kEADDRINUSE);

  SocketId any6 = OpenFor(h, net::Protocol::kTcp, Ep("::", 9999), reuse_v6only);
  CHECK(h.Bind(any6, Ep("::", 9999)) == Errno::kOk);

  SocketId any4b = OpenFor(h, net::Protocol::kTcp, Ep("0.0.0.0", 9999), reuse);
  CHECK(h.Bind(any4b, Ep("0.0.0.0", 9999)) == Errno::kEADDRINUSE);

  REQUIRE(h.Close(any6) == Errno::kOk);
  SocketId any4c = OpenFor(h, net::Protocol::kTcp, Ep("0.0.0.0", 9999), reuse);
  CHECK(h.Bind(any4c, Ep("0.0.0.0", 9999)) == Errno::kEADDRINUSE);
}

// ---------------------------------------------------
// reuseaddr_ports_exhausted.c

// {SO_REUSEADDR of socket 0, 1}, {SO_REUSEPORT of socket 0, 1}.
struct ReuseOpts {
  bool reuseaddr[2];
  bool reuseport[2];
};

const ReuseOpts kUnreusable[] = {
    {{0, 0}, {0, 0}}, {{0, 0}, {0, 1}}, {{0, 0}, {1, 0}}, {{0, 0}, {1, 1}},
    {{0, 1}, {0, 0}}, {{0, 1}, {0, 1}}, {{0, 1}, {1, 0}}, {{0, 1}, {1, 1}},
    {{1, 0}, {0, 0}}, {{1, 0}, {0, 1}}, {{1, 0}, {1, 0}}, {{1, 0}, {1, 1}},
};
const ReuseOpts kReusable[] = {
    {{1, 1}, {0, 0}},
    {{1, 1}, {0, 1}},
    {{1, 1}, {1, 0}},
    {{1, 1}, {1, 1}},
};

// The selftest's fixture: one ephemeral port (32768) and ip_autobind_reuse=1.
Host& ExhaustedHost(TestNetwork& net) {
  Host& h = net.AddHost("lo", {"127.0.0.1"});
  REQUIRE(h.SetSysctl("net.ipv4.ip_local_port_range", "32768 32768").ok());
  REQUIRE(h.SetSysctl("net.ipv4.ip_autobind_reuse", "1").ok());
  return h;
}

// bind_port(): socket(AF_INET), SO_REUSEADDR, SO_REUSEPORT, bind(127.0.0.1:0).
Errno BindPort(Host& h, bool reuseaddr, bool reuseport, uint32_t uid,
               SocketId* out) {
  SocketOptionSet o;
  o.reuseaddr = reuseaddr;
  o.reuseport = reuseport;
  o.uid = uid;
  *out = OpenFor(h, net::Protocol::kTcp, Ep("127.0.0.1", 0), o);
  return h.Bind(*out, Ep("127.0.0.1", 0));
}

std::string Describe(const ReuseOpts& o) {
  return "reuseaddr {" + std::to_string(o.reuseaddr[0]) + "," +
         std::to_string(o.reuseaddr[1]) + "} reuseport {" +
         std::to_string(o.reuseport[0]) + "," + std::to_string(o.reuseport[1]) +
         "}";
}

TEST_CASE("reuseaddr_ports_exhausted.c: unreusable option pairs", "[oracle]") {
  TestNetwork net;
  Host& h = ExhaustedHost(net);
  for (const ReuseOpts& o : kUnreusable) {
    INFO("reuseaddr_ports_exhausted_unreusable " << Describe(o));
    SocketId fd[2];
    REQUIRE(BindPort(h, o.reuseaddr[0], o.reuseport[0], 0, &fd[0]) ==
            Errno::kOk);
    CHECK(h.LocalEndpoint(fd[0]).port == net::Port(32768));
    CHECK(BindPort(h, o.reuseaddr[1], o.reuseport[1], 0, &fd[1]) ==
          Errno::kEADDRINUSE);
    for (SocketId s : fd) h.Close(s);
  }
}

TEST_CASE("reuseaddr_ports_exhausted.c: reusable option pairs, same euid",
          "[oracle]") {
  TestNetwork net;
  Host& h = ExhaustedHost(net);
  for (const ReuseOpts& o : kReusable) {
    INFO("reuseaddr_ports_exhausted_reusable_same_euid " << Describe(o));
    SocketId fd[2];
    REQUIRE(BindPort(h, o.reuseaddr[0], o.reuseport[0], 0, &fd[0]) ==
            Errno::kOk);
    Errno second = BindPort(h, o.reuseaddr[1], o.reuseport[1], 0, &fd[1]);
    // Both SO_REUSEPORT with one uid: they could both listen, so no sharing.
    if (o.reuseport[0] && o.reuseport[1]) {
      CHECK(second == Errno::kEADDRINUSE);
    } else {
      CHECK(second == Errno::kOk);
      CHECK(h.LocalEndpoint(fd[1]).port == net::Port(32768));
    }
    for (SocketId s : fd) h.Close(s);
  }
}

TEST_CASE("reuseaddr_ports_exhausted.c: reusable option pairs, different euid",
          "[oracle]") {
  TestNetwork net;
  Host& h = ExhaustedHost(net);
  for (const ReuseOpts& o : kReusable) {
    INFO("reuseaddr_ports_exhausted_reusable_different_euid " << Describe(o));
    SocketId fd[2];
    REQUIRE(BindPort(h, o.reuseaddr[0], o.reuseport[0], 10, &fd[0]) ==
            Errno::kOk);
    CHECK(BindPort(h, o.reuseaddr[1], o.reuseport[1], 20, &fd[1]) ==
          Errno::kOk);
    // Only one uid may hold the port in LISTEN.
    CHECK(h.Listen(fd[0]) == Errno::kOk);
    CHECK(h.Listen(fd[1]) == Errno::kEADDRINUSE);
    for (SocketId s : fd) h.Close(s);
  }
}

// ---------------------------------------------------------
// ip_local_port_range.c

struct PortRangeVariant {
  const char* name;
  net::Protocol protocol;
  const char* loopback;  // bind_to_loopback_any_port()
};
const PortRangeVariant kPortRangeVariants[] = {
    {"ip4_tcp", net::Protocol::kTcp, "127.0.0.1"},
    {"ip4_udp", net::Protocol::kUdp, "127.0.0.1"},
    {"ip6_tcp", net::Protocol::kTcp, "::1"},
    {"ip6_udp", net::Protocol::kUdp, "::1"},
};

// ip_local_port_range.sh runs the tests with the namespace range 40000-49999.
Host& PortRangeHost(TestNetwork& net) {
  Host& h = net.AddHost("lo", {"127.0.0.1", "::1"});
  REQUIRE(h.SetSysctl("net.ipv4.ip_local_port_range", "40000 49999").ok());
  return h;
}

SocketId RangedSocket(Host& h, const PortRangeVariant& v, uint16_t lo,
                      uint16_t hi, bool no_port = false) {
  SocketOptionSet o;
  o.local_port_range = std::make_pair(lo, hi);
  o.bind_address_no_port = no_port;
  SocketId s = h.OpenSocket(v.protocol, Ip(v.loopback).is_v6());
  REQUIRE(h.SetOptions(s, o) == Errno::kOk);
  return s;
}

TEST_CASE("ip_local_port_range.c: invalid_option_value (lo > hi)", "[oracle]") {
  for (const PortRangeVariant& v : kPortRangeVariants) {
    INFO("ip_local_port_range.c " << v.name);
    TestNetwork net;
    Host& h = PortRangeHost(net);
    SocketId s = h.OpenSocket(v.protocol, Ip(v.loopback).is_v6());
    SocketOptionSet o;
    o.local_port_range = std::make_pair(uint16_t{40222}, uint16_t{40111});
    CHECK(h.SetOptions(s, o) == Errno::kEINVAL);
  }
}

TEST_CASE("ip_local_port_range.c: port_range_out_of_netns_range", "[oracle]") {
  const std::pair<uint16_t, uint16_t> kTests[] = {{30000, 39999},
                                                  {50000, 59999}};
  for (const PortRangeVariant& v : kPortRangeVariants) {
    for (auto [lo, hi] : kTests) {
      INFO("ip_local_port_range.c " << v.name << " {" << lo << ", " << hi
                                    << "}");
      TestNetwork net;
      Host& h = PortRangeHost(net);
      // Two sockets: the range must not have been clamped to one port.
      for (int i = 0; i < 2; ++i) {
        SocketId s = RangedSocket(h, v, lo, hi);
        REQUIRE(h.Bind(s, Ep(v.loopback, 0)) == Errno::kOk);
        uint16_t port = h.LocalEndpoint(s).port.value();
        CHECK(port >= 40000);
        CHECK(port <= 49999);
      }
    }
  }
}

TEST_CASE("ip_local_port_range.c: single_port_range", "[oracle]") {
  struct Case {
    uint16_t lo, hi, expected;
  };
  const Case kTests[] = {
      {45000, 45000, 45000},  // a single port inside the range
      {0, 40000, 40000},      // first port of the range (clamp from above)
      {49999, 0, 49999},      // last port of the range (clamp from below)
  };
  for (const PortRangeVariant& v : kPortRangeVariants) {
    for (const Case& t : kTests) {
      INFO("ip_local_port_range.c " << v.name << " {" << t.lo << ", " << t.hi
                                    << "}");
      TestNetwork net;
      Host& h = PortRangeHost(net);
      SocketId s = RangedSocket(h, v, t.lo, t.hi);
      REQUIRE(h.Bind(s, Ep(v.loopback, 0)) == Errno::kOk);
      CHECK(h.LocalEndpoint(s).port.value() == t.expected);
    }
  }
}

TEST_CASE("IP_LOCAL_PORT_RANGE goes with its socket, not to the next one in its slot") {
  // The range is kept beside the socket slots (Host), not in them. Port
  // 45000 is taken; a socket limited to it is closed, and the next socket,
  // in the same slot and with no range of its own, binds in the host's
  // whole range. Had it kept the old range, its bind would fail.
  for (const PortRangeVariant& v : kPortRangeVariants) {
    INFO(v.name);
    TestNetwork net;
    Host& h = PortRangeHost(net);
    SocketId holder = h.OpenSocket(v.protocol, Ip(v.loopback).is_v6());
    REQUIRE(h.Bind(holder, Ep(v.loopback, 45000)) == Errno::kOk);
    SocketId ranged = RangedSocket(h, v, 45000, 45000);
    REQUIRE(h.Close(ranged) == Errno::kOk);
    SocketId next = h.OpenSocket(v.protocol, Ip(v.loopback).is_v6());
    REQUIRE(next.index == ranged.index);
    REQUIRE(h.Bind(next, Ep(v.loopback, 0)) == Errno::kOk);
    CHECK(h.LocalEndpoint(next).port.value() >= 40000);
    CHECK(h.LocalEndpoint(next).port.value() <= 49999);
  }
}

TEST_CASE("ip_local_port_range.c: exhaust_8_port_range", "[oracle]") {
  for (const PortRangeVariant& v : kPortRangeVariants) {
    INFO("ip_local_port_range.c " << v.name);
    TestNetwork net;
    Host& h = PortRangeHost(net);
    std::set<uint16_t> ports;
    for (int i = 0; i < 8; ++i) {
      SocketId s = RangedSocket(h, v, 40000, 40007);
      REQUIRE(h.Bind(s, Ep(v.loopback, 0)) == Errno::kOk);
      uint16_t port = h.LocalEndpoint(s).port.value();
      CHECK(port >= 40000);
      CHECK(port <= 40007);
      ports.insert(port);
    }
    CHECK(ports.size() == 8);
    SocketId ninth = RangedSocket(h, v, 40000, 40007);
    CHECK(h.Bind(ninth, Ep(v.loopback, 0)) == Errno::kEADDRINUSE);
  }
}

// IP_BIND_ADDRESS_NO_PORT defers the port for every protocol: __inet_bind
// skips get_port when the option is set (TCP and UDP alike); connect() then
// picks it (UDP through inet_autobind), inside the per-socket range. The
// selftest connects to the wildcard; here the destination is the loopback
// port 30000, and the port is read right after connect() as there.
TEST_CASE("ip_local_port_range.c: late_bind", "[oracle]") {
  for (const PortRangeVariant& v : kPortRangeVariants) {
    INFO("ip_local_port_range.c " << v.name);
    TestNetwork net;
    Host& h = PortRangeHost(net);
    SocketId s = RangedSocket(h, v, 40100, 40199, /*no_port=*/true);
    REQUIRE(h.Bind(s, Ep(v.loopback, 0)) == Errno::kOk);
    CHECK(h.LocalEndpoint(s).port.value() == 0);
    h.Connect(s, Ep(v.loopback, 30000));
    uint16_t port = h.LocalEndpoint(s).port.value();
    CHECK(port >= 40100);
    CHECK(port <= 40199);
  }
}

// ------------------------------------------------------ gVisor ports_test.go

// gVisor pkg/tcpip/ports/ports_test.go TestPortReservation, replayed as TCP
// binds on a Linux host owning A = 8.8.8.8 and B = 8.8.8.9. "*" is 0.0.0.0,
// LB is SO_REUSEPORT; each reservation is a socket that stays bound until a
// release closes it. Ports below 1024 are bound as root (uid 0).
struct GvisorStep {
  const char* address;  // "A", "B" or "*"
  uint16_t port;
  bool reuseport;
  Errno want;
  bool release =
      false;  // close the socket bound by the step with this address/port
};

struct GvisorCase {
  const char* name;
  std::vector<GvisorStep> steps;
};

const char* GvisorAddress(const char* a) {
  return a[0] == 'A' ? "8.8.8.8" : a[0] == 'B' ? "8.8.8.9" : "0.0.0.0";
}

TEST_CASE("gVisor ports_test.go: port reservations", "[oracle]") {
  const Errno ok = Errno::kOk, inuse = Errno::kEADDRINUSE;
  const GvisorCase kCases[] = {
      {"bind to ip",
       {{"A", 80, false, ok},
        {"B", 80, false, ok},
        {"*", 80, false, inuse},
        {"A", 80, true, inuse}}},
      {"bind to inaddr any",
       {{"*", 22, false, ok},
        {"A", 22, false, inuse},
        {"A", 22, true, inuse},
        {"*", 22, false, ok, /*release=*/true},
        {"A", 22, false, ok}}},
      {"bind to ip with reuseport",
       {{"A", 25, true, ok},
        {"A", 25, true, ok},
        {"A", 25, false, inuse},
        {"*", 25, false, inuse},
        {"*", 25, true, ok}}},
      {"bind to inaddr any with reuseport",
       {{"*", 24, true, ok},
        {"*", 24, true, ok},
        {"*", 24, false, inuse},
        {"A", 24, false, inuse},
        {"A", 24, true, ok}}},
  };
  for (const GvisorCase& c : kCases) {
    TestNetwork net;
    Host& h = net.AddHost("gvisor", {"8.8.8.8", "8.8.8.9"});
    std::vector<std::pair<std::string, SocketId>> bound;
    int n = 0;
    for (const GvisorStep& step : c.steps) {
      INFO("ports_test.go \"" << c.name << "\" step " << n++ << ": "
                              << step.address << ":" << step.port
                              << (step.reuseport ? " LB" : ""));
      std::string key =
          std::string(step.address) + ":" + std::to_string(step.port);
      if (step.release) {
        for (auto& [k, s] : bound)
          if (k == key) CHECK(h.Close(s) == Errno::kOk);
        continue;
      }
      SocketOptionSet o;
      o.reuseport = step.reuseport;
      net::Endpoint ep = Ep(GvisorAddress(step.address), step.port);
      SocketId s = OpenFor(h, net::Protocol::kTcp, ep, o);
      Errno e = h.Bind(s, ep);
      CHECK(ErrnoName(e) == ErrnoName(step.want));
      if (e == Errno::kOk) bound.emplace_back(key, s);
    }
  }
}

TEST_CASE("gVisor ports_test.go: zero port picks distinct ephemeral ports",
          "[oracle]") {
  TestNetwork net;
  Host& h = net.AddHost("gvisor", {"8.8.8.8", "8.8.8.9"});
  const net::PortRange range = h.knobs().ip_local_port_range;
  std::set<uint16_t> ports;
  for (bool reuseport : {false, false, true}) {
    SocketOptionSet o;
    o.reuseport = reuseport;
    SocketId s = OpenFor(h, net::Protocol::kTcp, Ep("0.0.0.0", 0), o);
    REQUIRE(h.Bind(s, Ep("0.0.0.0", 0)) == Errno::kOk);
    net::Port p = h.LocalEndpoint(s).port;
    CHECK(range.Contains(p));
    ports.insert(p.value());
  }
  CHECK(ports.size() == 3);
}

}  // namespace
}  // namespace portlab::stack
