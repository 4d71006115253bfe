// Host::PrefetchConnect and Host::PrefetchReceive are hints: a client given
// them before every connect() (every stage, toward the destination it then
// connects to or another one, with free socket slots and without) and both
// hosts before every segment they receive (SYNs, FINs into TIME-WAIT, with
// the ports toward a destination in a list and in bits) end with the same
// ports, sockets and states as when never given them.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "portlab/stack/host.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::TestNetwork;

// The client's and the server's socket tables after a run of connects and
// closes: each line
// "slot/generation local remote state".
std::vector<std::string> HintedOrPlainClient(bool hinted) {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2", "10.0.0.3"});
  // A small range: ports come back round while others are in TIME-WAIT,
  // so the port-usage bits a hint might disturb decide every connect().
  REQUIRE(client.SetSysctl("net.ipv4.ip_local_port_range", "40000 40063").ok());
  for (const char* addr : {"10.0.0.2", "10.0.0.3"}) {
    SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(server.Bind(l, Ep(addr, 443)) == Errno::kOk);
    REQUIRE(server.Listen(l) == Errno::kOk);
  }
  const net::Endpoint to[] = {Ep("10.0.0.2", 443), Ep("10.0.0.3", 443)};
  if (hinted) {
    net.OnBeforeReceive([](const Host& h, const Segment& seg) {
      for (int stage = 0; stage < 4; ++stage) h.PrefetchReceive(seg, stage);
    });
  }
  std::vector<SocketId> open;
  for (int i = 0; i < 60; ++i) {
    const net::Endpoint& remote = to[(i / 7) % 2];
    if (hinted) {
      // Each stage, toward this destination and toward the other one (a
      // stale route cache): none may change what connect() does.
      for (int stage = 0; stage < 3; ++stage) {
        client.PrefetchConnect(stage, to[(i / 7 + 1) % 2]);
        client.PrefetchConnect(stage, remote);
      }
    }
    SocketId s = client.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(client.Connect(s, remote) == Errno::kEINPROGRESS);
    net.Deliver();
    open.push_back(s);
    // Every tenth connection, the oldest four close and leave TIME-WAIT:
    // several free socket slots for the next ones to take, in order.
    if (i % 10 == 9) {
      for (int k = 0; k < 4; ++k) {
        REQUIRE(client.Close(open.front()) == Errno::kOk);
        open.erase(open.begin());
      }
      net.Advance(sim::Duration::Seconds(70));
    }
  }
  std::vector<std::string> rows;
  std::vector<SocketRow> table = client.SocketTable();
  for (const SocketRow& r : server.SocketTable()) table.push_back(r);
  for (const SocketRow& r : table) {
    rows.push_back(std::to_string(r.id.index) + "/" + std::to_string(r.id.generation) + " " + r.local.ToString() + " " + (r.remote ? r.remote->ToString() : "*") + " " +
                   std::string(r.state));
  }
  return rows;
}

TEST_CASE("PrefetchConnect and PrefetchReceive change nothing a host does", "[stack]") {
  const std::vector<std::string> plain = HintedOrPlainClient(false);
  CHECK(plain.size() == 36 + 2 + 36);  // the client's, the listeners, the accepted
  CHECK(HintedOrPlainClient(true) == plain);
}

}  // namespace
}  // namespace portlab::stack
