// Dual-stack sockets as Linux has them (ipv6(7); net/ipv6/af_inet6.c
// inet6_create, __inet6_bind): an AF_INET6 socket without IPV6_V6ONLY takes
// IPv4 peers as IPv4-mapped addresses, and net.ipv6.bindv6only sets the
// option's default. tests/differential/scenarios/dual-stack.yaml holds the
// same calls against the kernel.
#include <catch2/catch.hpp>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::TestNetwork;

SocketId DualStackListenOn(Host& h, const char* address, uint16_t port, SocketOptionSet options = {}) {
  SocketId l = h.OpenSocket(net::Protocol::kTcp, /*v6=*/true);
  REQUIRE(h.SetOptions(l, options) == Errno::kOk);
  REQUIRE(h.Bind(l, Ep(address, port)) == Errno::kOk);
  REQUIRE(h.Listen(l) == Errno::kOk);
  return l;
}

Errno BindV4(Host& h, uint16_t port) {
  SocketId s = h.OpenSocket(net::Protocol::kTcp, /*v6=*/false);
  return h.Bind(s, Ep("0.0.0.0", port));
}

TEST_CASE("an IPv4 client of a [::] listener is an IPv4-mapped peer in the table", "[dual-stack]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2", "2001:db8::2"});
  DualStackListenOn(server, "::", 80);
  SocketId c = client.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(client.Connect(c, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS);
  net.Advance(Duration::Seconds(1));
  std::vector<std::string> rows;
  for (const SocketRow& r : server.SocketTable()) {
    rows.push_back(std::string(r.state) + " " + r.local.ToString() + " " +
                   (r.remote ? r.remote->ToString() : std::string("*")));
  }
  const std::string client_port = std::to_string(client.LocalEndpoint(c).port.value());
  CHECK(rows == std::vector<std::string>{
                    "LISTEN [::]:80 *",
                    "ESTABLISHED [::ffff:10.0.0.2]:80 [::ffff:10.0.0.1]:" + client_port});
  // The client's own socket is AF_INET: plain IPv4.
  CHECK(client.SocketTable().front().local.address.is_v4());
}

TEST_CASE("the port a [::] socket holds is IPv4's too unless IPV6_V6ONLY", "[dual-stack]") {
  struct Case {
    const char* name;
    const char* bindv6only;       // sysctl value, or nullptr to leave it
    std::optional<bool> v6only;   // the socket's IPV6_V6ONLY, if set
    Errno v4_bind;                // then bind(0.0.0.0:port)
  };
  const Case kCases[] = {
      {"default", nullptr, std::nullopt, Errno::kEADDRINUSE},
      {"IPV6_V6ONLY=1", nullptr, true, Errno::kOk},
      {"bindv6only=1", "1", std::nullopt, Errno::kOk},
      {"bindv6only=1, IPV6_V6ONLY=0", "1", false, Errno::kEADDRINUSE},
      {"bindv6only=0, IPV6_V6ONLY=0", "0", false, Errno::kEADDRINUSE},
  };
  for (const Case& c : kCases) {
    INFO(c.name);
    TestNetwork net;
    Host& h = net.AddHost("server", {"10.0.0.2", "2001:db8::2"});
    if (c.bindv6only) REQUIRE(h.SetSysctl("net.ipv6.bindv6only", c.bindv6only).ok());
    SocketOptionSet o;
    o.v6only = c.v6only;
    DualStackListenOn(h, "::", 8080, o);
    CHECK(BindV4(h, 8080) == c.v4_bind);
  }
}

TEST_CASE("net.ipv6.bindv6only takes 0 or 1", "[dual-stack]") {
  TestNetwork net;
  Host& h = net.AddHost("server", {"10.0.0.2"});
  CHECK(h.SetSysctl("net.ipv6.bindv6only", "1").ok());
  CHECK(h.knobs().bindv6only);
  CHECK_FALSE(h.SetSysctl("net.ipv6.bindv6only", "2").ok());
}

}  // namespace
}  // namespace portlab::stack
