// The source address connect() gives an unbound socket: the route to the
// destination decides, and a host remembers its last route (SourceAddressFor
// caches it), so alternating destinations must still get their own.
#include <catch2/catch.hpp>

#include "portlab/stack/host.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::Ip;
using testing::TestNetwork;

TEST_CASE("connect() takes the source address of each destination's route, destinations alternating",
          "[stack]") {
  TestNetwork net;
  Host& h = net.AddHost("multi", {"10.0.0.1", "127.0.0.1"});
  struct Case {
    const char* to;
    const char* source;
  };
  // Loopback goes out from the loopback address, another host from the
  // first address of its family, our own address from itself.
  const Case cases[] = {{"127.0.0.1", "127.0.0.1"}, {"10.0.0.9", "10.0.0.1"},
                        {"127.0.0.1", "127.0.0.1"}, {"10.0.0.1", "10.0.0.1"},
                        {"10.0.0.9", "10.0.0.1"},   {"127.0.0.1", "127.0.0.1"}};
  for (const Case& c : cases) {
    INFO("to " << c.to);
    SocketId s = h.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(h.Connect(s, Ep(c.to, 80)) == Errno::kEINPROGRESS);
    CHECK(h.LocalEndpoint(s).address == Ip(c.source));
  }
  // A socket bound to an address keeps it, whatever the route.
  SocketId bound = h.OpenSocket(net::Protocol::kTcp, false);
  REQUIRE(h.Bind(bound, Ep("10.0.0.1", 0)) == Errno::kOk);
  REQUIRE(h.Connect(bound, Ep("127.0.0.1", 80)) == Errno::kEINPROGRESS);
  CHECK(h.LocalEndpoint(bound).address == Ip("10.0.0.1"));
}

}  // namespace
}  // namespace portlab::stack
