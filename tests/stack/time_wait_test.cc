// TIME-WAIT at scale: 200 connections toward one destination (past the
// per-destination list, so the bitmaps and their full-word summaries are in
// play) are closed by the client, then reconnected.
#include <catch2/catch.hpp>

#include <set>

#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::TestNetwork;

struct Outcome {
  int ok = 0;
  std::set<uint16_t> ports;
};

Outcome ConnectMany(TestNetwork& net, Host& client, int n) {
  std::vector<SocketId> socks;
  for (int i = 0; i < n; ++i) {
    SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
    if (client.Connect(s, Ep("10.0.0.2", 80)) == Errno::kEINPROGRESS) socks.push_back(s);
  }
  net.Deliver();
  Outcome out;
  for (SocketId s : socks) {
    const Socket* sk = client.Get(s);
    if (sk && sk->state == TcpState::kEstablished) {
      ++out.ok;
      out.ports.insert(sk->local_port);
    }
  }
  return out;
}

void CloseAll(TestNetwork& net, Host& client) {
  for (const SocketRow& r : client.SocketTable())
    if (r.state == "ESTABLISHED") client.Close(r.id);
  net.Deliver();
}

TEST_CASE("tcp_tw_reuse recycles a full range of TIME-WAITs after the delay", "[timewait]") {
  for (int reuse : {0, 1}) {
    INFO("tcp_tw_reuse=" << reuse);
    TestNetwork net;
    Host& client = net.AddHost("client", {"10.0.0.1"}, 7);
    Host& server = net.AddHost("server", {"10.0.0.2"});
    REQUIRE(client.SetSysctl("ip_local_port_range", "40000 40199").ok());
    REQUIRE(client.SetSysctl("tcp_tw_reuse", std::to_string(reuse)).ok());
    SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
    REQUIRE(server.Listen(l) == Errno::kOk);

    Outcome first = ConnectMany(net, client, 200);
    REQUIRE(first.ok == 200);
    CloseAll(net, client);
    REQUIRE(client.figures(net::Protocol::kTcp).time_wait == 200);

    // Half a second: too young for tcp_tw_reuse_delay (1 s) either way.
    net.Advance(Duration::Millis(500));
    CHECK(ConnectMany(net, client, 1).ok == 0);
    net.Advance(Duration::Millis(1000));
    Outcome second = ConnectMany(net, client, 201);
    if (reuse) {
      CHECK(second.ok == 200);
      CHECK(second.ports == first.ports);
      CHECK(client.figures(net::Protocol::kTcp).time_wait == 0);
    } else {
      CHECK(second.ok == 0);
      CHECK(client.figures(net::Protocol::kTcp).time_wait == 200);
    }
  }
}

TEST_CASE("TIME-WAIT ends 60 s later, on the timer wheel's next 2.048 s boundary", "[timewait]") {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2"});
  REQUIRE(client.SetSysctl("tcp_tw_reuse", "0").ok());
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  REQUIRE(ConnectMany(net, client, 1).ok == 1);
  CloseAll(net, client);
  const int64_t entered = net.now().nanos();
  REQUIRE(client.figures(net::Protocol::kTcp).time_wait == 1);
  const int64_t g = 2'048'000'000, expiry = ((entered + 60'000'000'000) / g + 1) * g;
  net.AdvanceTo(SimTime::FromNanos(expiry - 1));
  CHECK(client.figures(net::Protocol::kTcp).time_wait == 1);
  net.AdvanceTo(SimTime::FromNanos(expiry));
  CHECK(client.figures(net::Protocol::kTcp).time_wait == 0);
  CHECK(expiry - entered >= 60'000'000'000);
  CHECK(expiry - entered <= 62'048'000'000);
}

}  // namespace
}  // namespace portlab::stack

namespace portlab::stack {
namespace {

TEST_CASE("TIME-WAITs recorded while few stay known when the usage grows", "[timewait]") {
  // 20 TIME-WAITs are kept in the short per-destination list; 44 more
  // connections push it into bitmaps, which must still know the 20 are
  // TIME-WAIT (recyclable with tcp_tw_reuse=1), as Linux does: 64 of 64.
  testing::TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"}, 3);
  Host& server = net.AddHost("server", {"10.0.0.2"});
  REQUIRE(client.SetSysctl("ip_local_port_range", "40000 40063").ok());
  REQUIRE(client.SetSysctl("tcp_tw_reuse", "1").ok());
  SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(server.Bind(l, testing::Ep("0.0.0.0", 80)) == Errno::kOk);
  REQUIRE(server.Listen(l) == Errno::kOk);
  REQUIRE(ConnectMany(net, client, 20).ok == 20);
  CloseAll(net, client);
  net.Advance(Duration::Seconds(3));
  CHECK(ConnectMany(net, client, 64).ok == 64);
}

}  // namespace
}  // namespace portlab::stack
