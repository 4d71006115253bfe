// Hosts of one profile share its knobs until a sysctl sets one of a host's
// (host.h, knobs_): the change is that host's alone.
#include <catch2/catch.hpp>

#include "portlab/stack/host.h"
#include "portlab/stack/os_profile.h"
#include "stack/two_hosts.h"

namespace portlab::stack::testing {
namespace {

TEST_CASE("a sysctl changes its own host's knobs, not its neighbour's nor its profile's", "[stack]") {
  TestNetwork net;
  Host& a = net.AddHost("a", {"10.0.0.1"});
  Host& b = net.AddHost("b", {"10.0.0.2"}, 2);
  const Knobs& profile = FindProfile("linux")->knobs;
  const net::PortRange before = profile.ip_local_port_range;
  REQUIRE(a.SetSysctl("net.ipv4.ip_local_port_range", "40000 40009").ok());
  REQUIRE(a.SetSysctl("net.ipv4.tcp_fin_timeout", "5").ok());
  CHECK(a.knobs().ip_local_port_range.lo.value() == 40000);
  CHECK(a.knobs().ip_local_port_range.hi.value() == 40009);
  CHECK(a.knobs().tcp_fin_timeout == Duration::Seconds(5));
  CHECK(b.knobs().ip_local_port_range == before);
  CHECK(b.knobs().tcp_fin_timeout == profile.tcp_fin_timeout);
  CHECK(profile.ip_local_port_range == before);
  CHECK(profile.tcp_fin_timeout != Duration::Seconds(5));
  // A refused value changes nothing, on a host with its own knobs or not.
  CHECK_FALSE(a.SetSysctl("net.ipv4.ip_local_port_range", "50000 40000").ok());
  CHECK(a.knobs().ip_local_port_range.lo.value() == 40000);
  CHECK_FALSE(b.SetSysctl("net.ipv4.ip_local_port_range", "50000 40000").ok());
  CHECK(b.knobs().ip_local_port_range == before);
  // The host connects from its own range, its neighbour from the profile's.
  Host& server = net.AddHost("s", {"10.0.0.9"}, 3);
  const SocketId listener = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(listener, Ep("10.0.0.9", 80)) == Errno::kOk);
  REQUIRE(server.Listen(listener) == Errno::kOk);
  const SocketId ca = a.OpenSocket(net::Protocol::kTcp, false);
  const SocketId cb = b.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(a.Connect(ca, Ep("10.0.0.9", 80)) == Errno::kEINPROGRESS);  // the SYN is sent
  REQUIRE(b.Connect(cb, Ep("10.0.0.9", 80)) == Errno::kEINPROGRESS);
  const uint16_t pa = a.LocalEndpoint(ca).port.value();
  const uint16_t pb = b.LocalEndpoint(cb).port.value();
  CHECK(pa >= 40000);
  CHECK(pa <= 40009);
  CHECK(before.Contains(net::Port(pb)));
}

}  // namespace
}  // namespace portlab::stack::testing
