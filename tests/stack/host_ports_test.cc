// Port oracles that need connections: public test tables translated into
// portlab cases driven through a TestNetwork (tests/stack/two_hosts.h), each
// naming its source.
//
// Sources:
//   tools/testing/selftests/net/bind_timewait.c
//   tools/testing/selftests/net/tcp_port_share.c
//   cloudflare/cloudflare-blog 2022-02-connectx/test.py (with test_base.py)
#include <catch2/catch.hpp>
#include <cstdint>
#include <set>
#include <string>

#include "portlab/stack/host.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::Ip;
using testing::TestNetwork;

bool HasTimeWaitOn(const Host& h, const net::Endpoint& local) {
  for (const SocketRow& r : h.SocketTable())
    if (r.state == "TIME-WAIT" && r.local == local) return true;
  return false;
}

// ------------------------------------------------------------- bind_timewait.c

// The server binds (addr, 0) and listens; a client connects; the child, the
// client and the server close in that order, so the child (the active closer)
// holds the port in TIME-WAIT and a new bind without options fails. The
// selftest connects to getsockname() of the server, which is 0.0.0.0:P in the
// addrany variant (the kernel routes it to loopback); here the client
// connects to 127.0.0.1:P in both variants.
TEST_CASE("bind_timewait.c: a TIME-WAIT child holds its port against bind()",
          "[oracle]") {
  for (const char* addr : {"127.0.0.1", "0.0.0.0"}) {
    INFO("bind_timewait.c variant " << addr);
    TestNetwork net;
    Host& h = net.AddHost("lo", {"127.0.0.1"});
    SocketId server = h.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(h.Bind(server, Ep(addr, 0)) == Errno::kOk);
    REQUIRE(h.Listen(server) == Errno::kOk);
    const uint16_t port = h.LocalEndpoint(server).port.value();
    // close(child_fd) first: the server application closes the accepted
    // socket as soon as it is established.
    h.SetCloseAfter(server, Duration::Nanos(0));

    SocketId client = h.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(h.Connect(client, Ep("127.0.0.1", port)) == Errno::kEINPROGRESS);
    net.Deliver();
    REQUIRE(net.env(h).ConnectResult(client) == Errno::kOk);
    net.AdvanceTo(net.now());  // the child's close: FIN from the server side
    REQUIRE(h.Close(client) == Errno::kOk);
    net.Deliver();
    REQUIRE(h.Close(server) == Errno::kOk);
    REQUIRE(HasTimeWaitOn(h, Ep("127.0.0.1", port)));

    SocketId fd = h.OpenSocket(net::Protocol::kTcp, false);
    CHECK(h.Bind(fd, Ep(addr, port)) == Errno::kEADDRINUSE);

    // Not in the selftest: once TIME-WAIT ends (60 s, rounded up on the
    // timer wheel to at most 62.048 s) the port is free again.
    net.Advance(Duration::Millis(62'100));
    CHECK_FALSE(HasTimeWaitOn(h, Ep("127.0.0.1", port)));
    CHECK(h.Bind(fd, Ep(addr, port)) == Errno::kOk);
  }
}

// ------------------------------------------------------------ tcp_port_share.c

struct PortShareVariant {
  const char* name;
  const char* dst_ip;
  const char* src1_ip;
  const char* src2_ip;
  const char* bind_ip;
};

// TEST_F(tcp_port_share, can_reuse_port_after_bind_and_close). The other
// test of the file, port_block_after_disconnect, needs connect(AF_UNSPEC),
// which the host API does not model.
TEST_CASE("tcp_port_share.c: can_reuse_port_after_bind_and_close", "[oracle]") {
  const PortShareVariant kVariants[] = {
      {"ipv4", "127.0.0.1", "127.1.1.1", "127.2.2.2", "127.3.3.3"},
      {"ipv6", "::1", "2001:db8::1", "2001:db8::2", "2001:db8::3"},
  };
  constexpr uint16_t kDstPort = 30000, kSrcPort = 40000;
  for (const PortShareVariant& v : kVariants) {
    INFO("tcp_port_share.c variant " << v.name);
    TestNetwork net;
    Host& h = net.AddHost("lo", {"127.0.0.1", "::1", "2001:db8::1",
                                 "2001:db8::2", "2001:db8::3"});
    REQUIRE(h.SetSysctl("net.ipv4.ip_local_port_range", "40000 40000").ok());
    const bool v6 = Ip(v.dst_ip).is_v6();
    SocketOptionSet reuse;
    reuse.reuseaddr = true;
    SocketOptionSet no_port;
    no_port.bind_address_no_port = true;

    SocketId ln = h.OpenSocket(net::Protocol::kTcp, v6);
    REQUIRE(h.SetOptions(ln, reuse) == Errno::kOk);
    REQUIRE(h.Bind(ln, Ep(v.dst_ip, kDstPort)) == Errno::kOk);
    REQUIRE(h.Listen(ln) == Errno::kOk);

    // Connect from <src1_ip>:<SRC_PORT>.
    SocketId c1 = h.OpenSocket(net::Protocol::kTcp, v6);
    REQUIRE(h.SetOptions(c1, no_port) == Errno::kOk);
    REQUIRE(h.Bind(c1, Ep(v.src1_ip, 0)) == Errno::kOk);
    REQUIRE(h.Connect(c1, Ep(v.dst_ip, kDstPort)) == Errno::kEINPROGRESS);
    net.Deliver();
    CHECK(net.env(h).ConnectResult(c1) == Errno::kOk);
    CHECK(h.LocalEndpoint(c1).port.value() == kSrcPort);

    // Bind to <bind_ip>:<SRC_PORT>: blocks the port from reuse by connect().
    SocketId pb = h.OpenSocket(net::Protocol::kTcp, v6);
    REQUIRE(h.SetOptions(pb, reuse) == Errno::kOk);
    CHECK(h.Bind(pb, Ep(v.bind_ip, kSrcPort)) == Errno::kOk);

    // Connect from <src2_ip>: the only port is now explicitly bound.
    SocketId c2 = h.OpenSocket(net::Protocol::kTcp, v6);
    REQUIRE(h.SetOptions(c2, no_port) == Errno::kOk);
    REQUIRE(h.Bind(c2, Ep(v.src2_ip, 0)) == Errno::kOk);
    CHECK(h.Connect(c2, Ep(v.dst_ip, kDstPort)) == Errno::kEADDRNOTAVAIL);

    // Closing the binder unblocks the port.
    REQUIRE(h.Close(pb) == Errno::kOk);
    CHECK(h.Connect(c2, Ep(v.dst_ip, kDstPort)) == Errno::kEINPROGRESS);
    net.Deliver();
    CHECK(net.env(h).ConnectResult(c2) == Errno::kOk);
    CHECK(h.LocalEndpoint(c2).port.value() == kSrcPort);
  }
}

// ------------------------------------------------ Cloudflare connectx test.py

// test_base.py: a private namespace with ip_unprivileged_port_start=0 and
// ip_local_port_range "1 4"; an echo server on [::]:5353 (dual-stack, TCP
// and UDP); the IPv4 cases use localhost 127.0.0.1, another_local
// 127.0.0.14, remoteA 127.0.0.2:5353, remoteB 127.0.0.3:5353. All of
// 127.0.0.0/8 is local; a connect() to 127.0.0.2 gets source 127.0.0.1 (the
// prefsrc of the local route).
class Connectx {
 public:
  explicit Connectx(net::Protocol protocol)
      : protocol_(protocol), h_(net_.AddHost("ns", {"127.0.0.1"})) {
    REQUIRE(h_.SetSysctl("net.ipv4.ip_unprivileged_port_start", "0").ok());
    REQUIRE(h_.SetSysctl("net.ipv4.ip_local_port_range", "1 4").ok());
    SocketOptionSet dual;
    dual.v6only = false;
    for (net::Protocol p : {net::Protocol::kTcp, net::Protocol::kUdp}) {
      SocketId s = h_.OpenSocket(p, /*v6=*/true);
      REQUIRE(h_.SetOptions(s, dual) == Errno::kOk);
      REQUIRE(h_.Bind(s, Ep("::", 5353)) == Errno::kOk);
      if (p == net::Protocol::kTcp) REQUIRE(h_.Listen(s) == Errno::kOk);
    }
  }

  Host& host() { return h_; }
  TestNetwork& net() { return net_; }
  SocketId Socket(const SocketOptionSet& o = {}) {
    SocketId s = h_.OpenSocket(protocol_, false);
    REQUIRE(h_.SetOptions(s, o) == Errno::kOk);
    return s;
  }
  // connect() and, for TCP, the handshake: kOk when the connection is up
  // (the test's assertEcho), else the errno of connect().
  Errno Connect(SocketId s, const net::Endpoint& remote) {
    Errno e = h_.Connect(s, remote);
    if (e != Errno::kEINPROGRESS) return e;
    net_.Deliver();
    return net_.env(h_).ConnectResult(s);
  }

  static net::Endpoint RemoteA() { return Ep("127.0.0.2", 5353); }
  static net::Endpoint RemoteB() { return Ep("127.0.0.3", 5353); }
  static constexpr int kEphemeralPorts = 4;

 private:
  net::Protocol protocol_;
  TestNetwork net_;
  Host& h_;
};

TEST_CASE("connectx test.py: test_concurrent_count_tcp_vanilla", "[oracle]") {
  Connectx cx(net::Protocol::kTcp);
  std::set<uint16_t> ports_a, ports_b;
  for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
    SocketId s = cx.Socket();
    REQUIRE(cx.Connect(s, Connectx::RemoteA()) == Errno::kOk);
    ports_a.insert(cx.host().LocalEndpoint(s).port.value());
  }
  for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
    SocketId s = cx.Socket();
    REQUIRE(cx.Connect(s, Connectx::RemoteB()) == Errno::kOk);
    ports_b.insert(cx.host().LocalEndpoint(s).port.value());
  }
  // Each destination gets the whole range: ports are shared across them.
  CHECK(ports_a == std::set<uint16_t>{1, 2, 3, 4});
  CHECK(ports_b == std::set<uint16_t>{1, 2, 3, 4});
  CHECK(cx.Connect(cx.Socket(), Connectx::RemoteB()) == Errno::kEADDRNOTAVAIL);
}

TEST_CASE("connectx test.py: test_concurrent_count_tcp_bind", "[oracle]") {
  Connectx cx(net::Protocol::kTcp);
  Host& h = cx.host();
  for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
    SocketId s = cx.Socket();
    REQUIRE(h.Bind(s, Ep("0.0.0.0", 0)) == Errno::kOk);
    REQUIRE(cx.Connect(s, Connectx::RemoteA()) == Errno::kOk);
  }
  // bind(0) gives no sharing across destinations: the range is used up.
  CHECK(h.Bind(cx.Socket(), Ep("0.0.0.0", 0)) == Errno::kEADDRINUSE);
  // The connected sockets now hold 127.0.0.1:port.
  CHECK(h.Bind(cx.Socket(), Ep("127.0.0.1", 0)) == Errno::kEADDRINUSE);
  // "When using another src, it works fine."
  SocketId other = cx.Socket();
  CHECK(h.Bind(other, Ep("127.0.0.14", 0)) == Errno::kOk);
  CHECK(cx.Connect(other, Connectx::RemoteB()) == Errno::kOk);
}

TEST_CASE("connectx test.py: test_concurrent_count_tcp_no_port", "[oracle]") {
  Connectx cx(net::Protocol::kTcp);
  Host& h = cx.host();
  SocketOptionSet no_port;
  no_port.bind_address_no_port = true;
  for (const net::Endpoint& remote :
       {Connectx::RemoteA(), Connectx::RemoteB()}) {
    for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
      SocketId s = cx.Socket(no_port);
      REQUIRE(h.Bind(s, Ep("0.0.0.0", 0)) == Errno::kOk);
      REQUIRE(cx.Connect(s, remote) == Errno::kOk);
    }
  }
  SocketId s = cx.Socket(no_port);
  REQUIRE(h.Bind(s, Ep("0.0.0.0", 0)) == Errno::kOk);
  CHECK(cx.Connect(s, Connectx::RemoteB()) == Errno::kEADDRNOTAVAIL);
}

TEST_CASE("connectx test.py: test_concurrent_count_udp_vanilla", "[oracle]") {
  Connectx cx(net::Protocol::kUdp);
  for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
    REQUIRE(cx.Connect(cx.Socket(), Connectx::RemoteA()) == Errno::kOk);
  }
  // UDP ports are chosen at autobind, never per destination.
  CHECK(cx.Connect(cx.Socket(), Connectx::RemoteB()) == Errno::kEAGAIN);
}

TEST_CASE("connectx test.py: test_skip_unconnected", "[oracle]") {
  Connectx cx(net::Protocol::kTcp);
  Host& h = cx.host();
  REQUIRE(h.Bind(cx.Socket(), Ep("0.0.0.0", 0)) == Errno::kOk);
  int connected = 0;
  for (int i = 0; i < Connectx::kEphemeralPorts; ++i) {
    if (cx.Connect(cx.Socket(), Connectx::RemoteB()) == Errno::kOk) ++connected;
  }
  CHECK(connected == Connectx::kEphemeralPorts - 1);
}

// @withLocalPortRange(10, 21, "11,14-18,19"): reserved ports are skipped, so
// 10, 12, 13, 20 and 21 remain.
TEST_CASE("connectx test.py: test_with_skip_ports", "[oracle]") {
  Connectx cx(net::Protocol::kTcp);
  Host& h = cx.host();
  REQUIRE(h.SetSysctl("net.ipv4.ip_local_reserved_ports", "11,14-18,19").ok());
  REQUIRE(h.SetSysctl("net.ipv4.ip_local_port_range", "10 21").ok());
  std::set<uint16_t> ports;
  for (int i = 10; i <= 21; ++i) {
    SocketId s = cx.Socket();
    if (cx.Connect(s, Connectx::RemoteB()) == Errno::kOk)
      ports.insert(h.LocalEndpoint(s).port.value());
  }
  CHECK(ports == std::set<uint16_t>{10, 12, 13, 20, 21});
}

}  // namespace
}  // namespace portlab::stack
