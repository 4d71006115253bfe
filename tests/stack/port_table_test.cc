// PortTable's invariants (stack/port_table.h), checked after every action of
// a table of named sequences: a port is in the table exactly while it has
// an owner, every owner knows its slot, explicit_ports and owned_ports
// follow the owners, and the destination index holds a key exactly while a
// port is used toward it.
#include "portlab/stack/port_table.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace portlab::stack {
namespace {

struct Action {
  enum Op { kAdd, kRemove } op;
  uint32_t socket;  // index into the test's sockets
  uint16_t port;    // kAdd: the port taken
  bool explicit_bind = false;
};

struct Case {
  const char* name;
  std::vector<Action> actions;
  size_t ports_at_end;
};

// Every invariant, from what the test itself remembers of the owners.
void CheckInvariants(const PortTable& t, const PortTable::Sockets& sockets,
                     const std::map<uint16_t, std::set<uint32_t>>& owners) {
  CHECK(t.size() == owners.size());
  int explicit_ports = 0;
  for (const auto& [port, who] : owners) {
    const PortTable::Owners* o = t.OwnersOf(port);
    REQUIRE(o != nullptr);
    CHECK(std::set<uint32_t>(o->begin(), o->end()) == who);
    bool any_explicit = false;
    for (uint32_t i : who) {
      const Socket& s = sockets[i];
      CHECK(s.bound);
      CHECK(s.local_port == port);
      CHECK((*o)[s.bucket_slot] == i);
      any_explicit |= s.explicit_bind;
    }
    CHECK(t.explicit_ports().Test(port) == any_explicit);
    explicit_ports += any_explicit;
    CHECK(t.owned_ports().Test(port));
  }
  CHECK(t.explicit_port_count() == explicit_ports);
  for (uint16_t port : {80, 40000, 40001, 40002}) {
    if (!owners.contains(port)) {
      CHECK(t.OwnersOf(port) == nullptr);
      CHECK_FALSE(t.explicit_ports().Test(port));
      CHECK_FALSE(t.owned_ports().Test(port));
    }
  }
}

TEST_CASE("PortTable: owners come and go, the invariants hold", "[stack]") {
  const std::vector<Case> cases = {
      {"one connect() port", {{Action::kAdd, 0, 40000}, {Action::kRemove, 0, 0}}, 0},
      {"listener and accepted children share its bucket",
       {{Action::kAdd, 0, 80, true}, {Action::kAdd, 1, 80, true}, {Action::kAdd, 2, 80, true},
        {Action::kRemove, 1, 0}, {Action::kRemove, 0, 0}},
       1},
      {"the last owner takes a leaving one's slot",
       {{Action::kAdd, 0, 40000}, {Action::kAdd, 1, 40000}, {Action::kAdd, 2, 40000},
        {Action::kRemove, 0, 0}, {Action::kRemove, 2, 0}},
       1},
      {"explicit and automatic owners of one port",
       {{Action::kAdd, 0, 40001, true}, {Action::kAdd, 1, 40001}, {Action::kRemove, 0, 0}},
       1},
      {"a freed bucket is reused",
       {{Action::kAdd, 0, 40000}, {Action::kRemove, 0, 0}, {Action::kAdd, 1, 40002, true},
        {Action::kAdd, 2, 40000}},
       2},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    PortTable t;
    PortTable::Sockets sockets;
    for (int i = 0; i < 4; ++i) sockets.Allocate(net::Protocol::kTcp, false);
    std::map<uint16_t, std::set<uint32_t>> owners;
    for (const Action& a : c.actions) {
      Socket& s = sockets[a.socket];
      if (a.op == Action::kAdd) {
        s.local_port = a.port;
        s.explicit_bind = a.explicit_bind;
        const bool was_free = !owners.contains(a.port);
        CHECK(t.AddOwner(s, a.socket, /*one_v4=*/false, /*track_owned=*/true) == was_free);
        owners[a.port].insert(a.socket);
      } else {
        const uint16_t port = s.local_port;
        owners[port].erase(a.socket);
        const bool now_free = owners[port].empty();
        if (now_free) owners.erase(port);
        CHECK(t.RemoveOwner(s, sockets, /*track_owned=*/true) == now_free);
        CHECK_FALSE(s.bound);
      }
      CheckInvariants(t, sockets, owners);
    }
    CHECK(t.size() == c.ports_at_end);
  }
}

TEST_CASE("PortTable: one_v4_ports follows the one-v4 owners once indexed", "[stack]") {
  PortTable t;
  PortTable::Sockets sockets;
  for (int i = 0; i < 2; ++i) sockets.Allocate(net::Protocol::kTcp, false);
  sockets[0].local_port = 80;
  t.AddOwner(sockets[0], 0, /*one_v4=*/true, false);
  CHECK(t.one_v4_ports().get() == nullptr);  // not kept before the index
  t.IndexOneV4Ports();
  CHECK(t.one_v4_ports().Test(80));
  sockets[1].local_port = 80;
  t.AddOwner(sockets[1], 1, /*one_v4=*/false, false);
  t.FlipOneV4(sockets[0]);  // no longer bound to one IPv4 address
  CHECK_FALSE(sockets[0].counted_one_v4);
  CHECK_FALSE(t.one_v4_ports().Test(80));
  t.FlipOneV4(sockets[1]);
  CHECK(t.one_v4_ports().Test(80));
  t.RemoveOwner(sockets[1], sockets, false);
  CHECK_FALSE(t.one_v4_ports().Test(80));
}

TEST_CASE("PortTable: a destination is indexed exactly while a port is used toward it", "[stack]") {
  PortTable t;
  const DestKey a{1, 2, 80}, b{1, 2, 443};
  CHECK(t.FindDest(a) == nullptr);
  t.AddDest(a, 40000);
  t.AddDest(a, 40001);
  t.AddDest(b, 40000);
  REQUIRE(t.FindDest(a) != nullptr);
  CHECK(t.FindDest(a)->count() == 2);
  t.SetDestTimeWait(a, 40000);
  CHECK(t.FindDest(a)->time_wait_count() == 1);
  t.RemoveDest(a, 40000);
  t.RemoveDest(a, 40001);
  CHECK(t.FindDest(a) == nullptr);
  CHECK(t.FindDest(b) != nullptr);
  t.RemoveDest(a, 40000);  // not indexed: nothing happens
  t.SetDestTimeWait(a, 40000);
  CHECK(t.FindDest(a) == nullptr);
}

}  // namespace
}  // namespace portlab::stack
