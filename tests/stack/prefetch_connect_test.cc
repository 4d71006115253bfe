// Host::PrefetchConnect is a hint: a client given it before every connect()
// (every stage, toward the destination it then connects to or another one,
// with free socket slots and without) ends with the same ports, sockets and
// states as one that was never given it.
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

// The client's socket table after a run of connects and closes: each line
// "slot/generation local remote state".
std::vector<std::string> HintedOrPlainClient(bool hinted) {
  TestNetwork net;
  Host& client = net.AddHost("client", {"10.0.0.1"});
  Host& server = net.AddHost("server", {"10.0.0.2", "10.0.0.3"});
  for (const char* addr : {"10.0.0.2", "10.0.0.3"}) {
    SocketId l = server.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(server.Bind(l, Ep(addr, 443)) == Errno::kOk);
    REQUIRE(server.Listen(l) == Errno::kOk);
  }
  const net::Endpoint to[] = {Ep("10.0.0.2", 443), Ep("10.0.0.3", 443)};
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
  for (const SocketRow& r : client.SocketTable()) {
    rows.push_back(std::to_string(r.id.index) + "/" + std::to_string(r.id.generation) + " " + r.local.ToString() + " " + (r.remote ? r.remote->ToString() : "*") + " " +
                   std::string(r.state));
  }
  return rows;
}

TEST_CASE("PrefetchConnect changes nothing a connect() does", "[stack]") {
  const std::vector<std::string> plain = HintedOrPlainClient(false);
  CHECK(plain.size() == 36);
  CHECK(HintedOrPlainClient(true) == plain);
}

}  // namespace
}  // namespace portlab::stack
