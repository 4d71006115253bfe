// SubscriberTable: a NAT's per-subscriber figures, by address id.
#include "portlab/nat/subscriber_table.h"

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

namespace portlab::nat {
namespace {

TEST_CASE("subscriber table: listed from the first update, in that order, even at zero", "[nat]") {
  SubscriberTable t;
  CHECK(t.Ports(5) == 0);  // reading does not list
  CHECK(t.size() == 0);
  t[9].ports = 2;
  ++t[9].peak_ports;
  t[3].blocks = 0;  // listed with every figure zero (a block granted and given back at once)
  t[9].ports += 1;
  CHECK(t.Ports(9) == 3);
  CHECK(t.Ports(3) == 0);
  CHECK(t.Ports(100000) == 0);
  std::vector<std::pair<net::AddrId, int64_t>> seen;
  t.ForEach([&](net::AddrId a, const SubscriberFigures& f) { seen.emplace_back(a, f.ports); });
  CHECK(seen == std::vector<std::pair<net::AddrId, int64_t>>{{9, 3}, {3, 0}});
  CHECK(t.size() == 2);
}

}  // namespace
}  // namespace portlab::nat
