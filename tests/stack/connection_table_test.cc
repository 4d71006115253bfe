// ConnectionTable's invariants (stack/connection_table.h): one socket per
// 4-tuple, a guarded erase, listeners keyed while they listen, and the
// listener choice most specific first.
#include "portlab/stack/connection_table.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "portlab/net/ip_address.h"

namespace portlab::stack {
namespace {

TEST_CASE("ConnectionTable: a 4-tuple maps to one socket, Erase is guarded", "[stack]") {
  ConnectionTable t;
  const ConnKey k{1, 2, 40000, 80};
  CHECK(t.Find(k) == kNoSocket);
  t.Insert(k, 7);
  CHECK(t.Find(k) == 7);
  CHECK(t.Find(ConnKey{1, 2, 40000, 81}) == kNoSocket);
  t.Erase(k, 8);  // another socket (a second UDP connect) does not remove it
  CHECK(t.Find(k) == 7);
  CHECK(t.size() == 1);
  t.Erase(k, 7);
  CHECK(t.Find(k) == kNoSocket);
  CHECK(t.size() == 0);
}

TEST_CASE("ConnectionTable: the listener on the address beats the wildcard one", "[stack]") {
  net::AddressPool pool;
  const net::AddrId wild = pool.Intern(net::IpAddress::Parse("0.0.0.0").value());
  const net::AddrId a2 = pool.Intern(net::IpAddress::Parse("10.0.0.2").value());
  const net::AddrId a3 = pool.Intern(net::IpAddress::Parse("10.0.0.3").value());
  ConnectionTable::Sockets sockets;
  for (int i = 0; i < 2; ++i) sockets.Allocate(net::Protocol::kTcp, false);
  sockets[0].local_addr = wild;
  sockets[0].local_port = 80;
  sockets[1].local_addr = a3;
  sockets[1].local_port = 80;
  ConnectionTable t;
  t.AddListener(80, 0);
  t.AddListener(80, 1);
  struct Case {
    const char* name;
    net::AddrId dst;
    uint16_t port;
    std::optional<uint32_t> listener;
    bool specific;
  };
  for (const Case& c : {Case{"to the bound address", a3, 80, 1, true},
                        Case{"to another address: the wildcard", a2, 80, 0, false},
                        Case{"to a port nobody listens on", a2, 81, std::nullopt, false}}) {
    INFO(c.name);
    net::Segment syn;
    syn.kind = net::SegmentKind::kTcp;
    syn.flags = net::kSyn;
    syn.dst = c.dst;
    syn.dport = c.port;
    bool specific = false;
    CHECK(t.FindListener(net::Protocol::kTcp, c.dst, c.port, syn, sockets, pool, 0, &specific) == c.listener);
    CHECK(specific == c.specific);
  }
  t.RemoveListener(80, 1);
  t.RemoveListener(80, 1);  // not a listener any more: nothing happens
  bool specific = false;
  net::Segment syn;
  CHECK(t.FindListener(net::Protocol::kTcp, a3, 80, syn, sockets, pool, 0, &specific) == 0u);
  t.RemoveListener(80, 0);
  CHECK(t.FindListener(net::Protocol::kTcp, a3, 80, syn, sockets, pool, 0, &specific) == std::nullopt);
}

TEST_CASE("DemuxRuleName: one name per rule", "[stack]") {
  const std::vector<std::string> names = {"exact", "listener-address", "listener-wildcard",
                                          "none", "filtered", "rejected"};
  REQUIRE(names.size() == kDemuxRuleCount);
  for (int r = 0; r < kDemuxRuleCount; ++r) CHECK(DemuxRuleName(static_cast<DemuxRule>(r)) == names[r]);
}

}  // namespace
}  // namespace portlab::stack
