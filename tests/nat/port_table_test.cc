// PortTable: users, owner, ports in use per address, and hold-down with
// its FIFO release (a later hold of a port outlives an earlier one's end).
#include <catch2/catch.hpp>

#include "portlab/nat/port_table.h"

namespace portlab::nat {
namespace {

using net::Protocol;

SimTime S(int64_t seconds) { return SimTime::FromNanos(seconds * 1'000'000'000); }

TEST_CASE("port table: users, owner and ports in use per address and protocol", "[nat]") {
  PortTable t;
  t.SetAddresses({7, 3});  // address ids 7 and 3 are outside addresses 0 and 1
  CHECK(t.Users(Protocol::kTcp, 7, 5000) == 0);
  CHECK(!t.Owner(Protocol::kTcp, 7, 5000));
  CHECK(t.Users(Protocol::kTcp, 4, 5000) == 0);  // not an outside address
  t.AddUser(Protocol::kTcp, 7, 5000, 11);
  t.AddUser(Protocol::kUdp, 7, 5000, 12);
  t.AddUser(Protocol::kTcp, 3, 5000, 13);
  CHECK(t.Owner(Protocol::kTcp, 7, 5000) == 11u);
  CHECK(t.Owner(Protocol::kUdp, 7, 5000) == 12u);
  CHECK(t.Owner(Protocol::kTcp, 3, 5000) == 13u);
  CHECK(t.InUse(7) == 2);  // TCP and UDP 5000 count once each
  CHECK(t.InUse(3) == 1);
  CHECK(t.InUse(4) == 0);
  // A shared port (port overlapping): the first user leaving leaves no owner.
  t.AddUser(Protocol::kTcp, 7, 5000, 14);
  CHECK(t.Users(Protocol::kTcp, 7, 5000) == 2);
  CHECK(t.Owner(Protocol::kTcp, 7, 5000) == 11u);
  CHECK(t.RemoveUser(Protocol::kTcp, 7, 5000, 11) == 1);
  CHECK(!t.Owner(Protocol::kTcp, 7, 5000));
  CHECK(t.InUse(7) == 2);
  CHECK(t.RemoveUser(Protocol::kTcp, 7, 5000, 14) == 0);
  CHECK(t.InUse(7) == 1);
  // Used again: the new user owns it.
  t.AddUser(Protocol::kTcp, 7, 5000, 15);
  CHECK(t.Owner(Protocol::kTcp, 7, 5000) == 15u);
}

TEST_CASE("port table: hold-down ends at its time, a later hold of the port keeps it", "[nat]") {
  PortTable t;
  t.SetAddresses({1});
  t.Hold(Protocol::kTcp, 1, 6000, S(120));
  t.Hold(Protocol::kTcp, 1, 6001, S(130));
  CHECK(t.Held(Protocol::kTcp, 1, 6000, S(119)));
  CHECK(!t.Held(Protocol::kUdp, 1, 6000, S(119)));
  CHECK(!t.Held(Protocol::kTcp, 1, 6000, S(120)));
  CHECK(!t.Held(Protocol::kTcp, 2, 6000, S(0)));  // not an outside address
  t.Hold(Protocol::kTcp, 1, 6000, S(200));  // held again before the first hold ended
  t.Release(S(125));
  CHECK(t.Held(Protocol::kTcp, 1, 6000, S(125)));
  CHECK(t.Held(Protocol::kTcp, 1, 6001, S(125)));
  t.Release(S(130));
  CHECK(!t.Held(Protocol::kTcp, 1, 6001, S(125)));  // released: gone even for an earlier time
  CHECK(t.Held(Protocol::kTcp, 1, 6000, S(199)));
  t.Release(S(200));
  CHECK(!t.Held(Protocol::kTcp, 1, 6000, S(150)));
}

}  // namespace
}  // namespace portlab::nat
