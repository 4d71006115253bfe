// BindConflicts (stack/bind_conflicts.h): which owner of port 80 stands in
// the way of a socket binding it, and why, over a table of named cases:
// the owners already on the port, the socket binding, the rule asked, and
// the owner and cause expected.
#include "portlab/stack/bind_conflicts.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "portlab/net/ip_address.h"

namespace portlab::stack {
namespace {

struct BindConflictsParty {
  const char* address;  // "0.0.0.0": the wildcard
  TcpState state = TcpState::kClosed;
  bool reuseaddr = false;
};

struct BindConflictsCase {
  const char* name;
  net::Protocol protocol;
  bool windows;
  std::vector<BindConflictsParty> owners;  // on port 80, in this order
  BindConflictsParty binding;
  bool explicit_bind;  // relax and reuseport_ok (bind()), else neither (bind(0))
  int first;           // the owner First() names, -1 for none
  FailureCause cause;  // what Cause() says
};

TEST_CASE("BindConflicts: who stands in the way of a bind, and why", "[bind_conflicts]") {
  using P = BindConflictsParty;
  const net::Protocol tcp = net::Protocol::kTcp, udp = net::Protocol::kUdp;
  const TcpState listen = TcpState::kListen, est = TcpState::kEstablished, tw = TcpState::kTimeWait;
  const std::vector<BindConflictsCase> cases = {
      {"nobody on the port", tcp, false, {}, P{"10.0.0.1"}, true, -1, FailureCause::kPortInUse},
      {"a listener on the wildcard", tcp, false, {P{"0.0.0.0", listen}}, P{"10.0.0.1"}, true, 0,
       FailureCause::kPortInUseByListener},
      {"another address does not overlap", tcp, false, {P{"10.0.0.1", est}}, P{"10.0.0.2"}, true, -1,
       FailureCause::kPortInUse},
      {"SO_REUSEADDR on both, the owner not listening", tcp, false, {P{"10.0.0.1", est, true}},
       P{"10.0.0.1", TcpState::kClosed, true}, true, -1, FailureCause::kPortInUse},
      {"SO_REUSEADDR on both, the owner listening", tcp, false, {P{"10.0.0.1", listen, true}},
       P{"10.0.0.1", TcpState::kClosed, true}, true, 0, FailureCause::kPortInUseByListener},
      {"bind(0): SO_REUSEADDR on both still conflicts", tcp, false, {P{"10.0.0.1", est, true}},
       P{"10.0.0.1", TcpState::kClosed, true}, false, 0, FailureCause::kPortInUse},
      {"only a TIME-WAIT", tcp, false, {P{"10.0.0.1", tw}}, P{"10.0.0.1"}, true, 0,
       FailureCause::kPortHeldByTimeWait},
      {"a TIME-WAIT, then a live socket: the live one is the cause", tcp, false,
       {P{"10.0.0.1", tw}, P{"0.0.0.0", est}}, P{"10.0.0.1"}, true, 0, FailureCause::kPortInUse},
      {"a live socket that does not conflict, then a listener", tcp, false,
       {P{"10.0.0.2", est}, P{"0.0.0.0", listen}}, P{"10.0.0.1"}, true, 1, FailureCause::kPortInUseByListener},
      {"UDP: SO_REUSEADDR on both", udp, false, {P{"10.0.0.1", TcpState::kClosed, true}},
       P{"10.0.0.1", TcpState::kClosed, true}, true, -1, FailureCause::kPortInUse},
      {"UDP: without SO_REUSEADDR", udp, false, {P{"0.0.0.0"}}, P{"10.0.0.1"}, true, 0, FailureCause::kPortInUse},
      {"Windows: SO_REUSEADDR binds over a listener", tcp, true, {P{"0.0.0.0", listen}},
       P{"0.0.0.0", TcpState::kClosed, true}, true, -1, FailureCause::kPortInUse},
      // (Cause() answers for an explicit bind(), which SO_REUSEADDR lets through.)
      {"Windows: an automatic port only where nobody is", tcp, true, {P{"0.0.0.0", listen}},
       P{"0.0.0.0", TcpState::kClosed, true}, false, 0, FailureCause::kPortInUse},
  };
  for (const BindConflictsCase& c : cases) {
    SECTION(c.name) {
      net::AddressPool pool;
      SocketSlots sockets;
      PortTable ports;
      auto place = [&](const BindConflictsParty& party) {
        const uint32_t i = sockets.Allocate(c.protocol, false);
        Socket& s = sockets[i];
        s.local_addr = pool.Intern(*net::IpAddress::Parse(party.address));
        s.local_port = 80;
        s.state = party.state;
        s.reuseaddr = party.reuseaddr;
        s.explicit_bind = true;
        return i;
      };
      std::vector<uint32_t> owners;
      for (const BindConflictsParty& o : c.owners) {
        owners.push_back(place(o));
        ports.AddOwner(sockets[owners.back()], owners.back(), false, false);
      }
      const Socket& binding = sockets[place(c.binding)];
      const BindConflicts conflicts(ports, sockets, pool, c.windows);
      const std::optional<uint32_t> first = conflicts.First(binding, 80, c.explicit_bind, c.explicit_bind);
      if (c.first < 0) {
        CHECK_FALSE(first.has_value());
      } else {
        REQUIRE(first.has_value());
        CHECK(*first == owners[c.first]);
      }
      CHECK(conflicts.Cause(binding, 80) == c.cause);
      // An owner never stands in its own way.
      for (uint32_t o : owners) {
        if (c.owners.size() == 1) CHECK_FALSE(conflicts.First(sockets[o], 80, true, true).has_value());
      }
    }
  }
}

}  // namespace
}  // namespace portlab::stack
