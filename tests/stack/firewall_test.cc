// Firewall's invariants (stack/firewall.h): the first rule naming (protocol,
// port) decides; nothing matches an empty firewall.
#include "portlab/stack/firewall.h"

#include <catch2/catch.hpp>
#include <vector>

namespace portlab::stack {
namespace {

TEST_CASE("Firewall: the first matching rule decides", "[stack]") {
  Firewall fw;
  bool drop = false;
  CHECK_FALSE(fw.Match(net::Protocol::kTcp, 22, &drop));
  fw.Add({net::Protocol::kTcp, 22, /*drop=*/true});
  fw.Add({net::Protocol::kUdp, 53, /*drop=*/false});
  fw.Add({net::Protocol::kTcp, 22, /*drop=*/false});  // shadowed by the first
  struct Case {
    net::Protocol p;
    uint16_t port;
    bool match;
    bool drop;
  };
  for (const Case& c : std::vector<Case>{{net::Protocol::kTcp, 22, true, true},
                                         {net::Protocol::kUdp, 53, true, false},
                                         {net::Protocol::kUdp, 22, false, false},
                                         {net::Protocol::kTcp, 53, false, false}}) {
    INFO(static_cast<int>(c.p) << " " << c.port);
    bool d = false;
    CHECK(fw.Match(c.p, c.port, &d) == c.match);
    CHECK(d == c.drop);
  }
}

}  // namespace
}  // namespace portlab::stack
