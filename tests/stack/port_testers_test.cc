// The usability testers (stack/port_testers.h): a table of named cases for
// each tester's answer about one port, then, over a range where every kind
// of holder is mixed, that the word-at-a-time FirstUsable finds exactly the
// candidate the one-by-one walk (PortTester::FirstUsable) finds.
#include "portlab/stack/port_testers.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "portlab/base/rng.h"

namespace portlab::stack {
namespace {

constexpr net::AddrId kTesterLocal = 5, kTesterRemote = 6;
constexpr uint16_t kTesterRport = 80;

// A host's TCP tables, filled by hand as the Host fills them.
struct TesterTables {
  SocketSlots sockets;
  PortTable ports;
  ConnectionTable conns;
  Knobs knobs;

  // A socket on `port` connected toward (kTesterRemote, `rport`): chosen by
  // connect() (in the destination index) unless `explicit_bind`.
  void Connect(uint16_t port, uint16_t rport, bool explicit_bind = false,
               TcpState state = TcpState::kEstablished, int64_t tw_since_ns = 0) {
    const uint32_t i = sockets.Allocate(net::Protocol::kTcp, false);
    Socket& s = sockets[i];
    s.local_addr = kTesterLocal;
    s.remote_addr = kTesterRemote;
    s.local_port = port;
    s.remote_port = rport;
    s.explicit_bind = explicit_bind;
    s.state = state;
    s.time_wait_since = tw_since_ns;
    ports.AddOwner(s, i, /*one_v4=*/false, knobs.sharing == PortSharing::kUniquePort);
    conns.Insert(ConnKey{kTesterLocal, kTesterRemote, port, rport}, i);
    s.connected = true;
    const DestKey key{kTesterLocal, kTesterRemote, rport};
    if (!explicit_bind) ports.AddDest(key, port);
    if (state == TcpState::kTimeWait) ports.SetDestTimeWait(key, port);
  }
  // A socket bound to `port` by bind(), not connected.
  void Bind(uint16_t port) {
    const uint32_t i = sockets.Allocate(net::Protocol::kTcp, false);
    Socket& s = sockets[i];
    s.local_addr = kTesterLocal;
    s.local_port = port;
    s.explicit_bind = true;
    ports.AddOwner(s, i, false, knobs.sharing == PortSharing::kUniquePort);
  }
  void Reserve(const std::set<uint16_t>& reserved) {
    auto bits = std::make_shared<PortBitmap>();
    for (uint16_t p : reserved) bits->Set(p);
    knobs.reserved_ports = bits;
  }
  ConnectTester Tester(bool tw_reuse, SimTime now) const {
    return ConnectTester(ports, conns, sockets, knobs, DestKey{kTesterLocal, kTesterRemote, kTesterRport},
                         tw_reuse, now);
  }
};

struct ConnectTesterCase {
  const char* name;
  PortSharing sharing;
  // What holds port 40000 before the question (the other ports are free).
  enum Holder { kNothing, kReserved, kBound, kLive, kLiveElsewhere, kTimeWait } holder;
  bool tw_reuse;
  int64_t now_ms;  // the TIME-WAIT entered at 0; tcp_tw_reuse_delay is 1 s
  bool usable;
};

TEST_CASE("ConnectTester: may connect() use this port?", "[port_testers]") {
  using C = ConnectTesterCase;
  const PortSharing four = PortSharing::kFourTuple, unique = PortSharing::kUniquePort;
  const std::vector<ConnectTesterCase> cases = {
      {"a free port", four, C::kNothing, false, 0, true},
      {"a reserved port", four, C::kReserved, false, 0, false},
      {"a port bound by bind()", four, C::kBound, false, 0, false},
      {"the 4-tuple held by a live connection", four, C::kLive, true, 5000, false},
      {"the port used toward another destination", four, C::kLiveElsewhere, false, 0, true},
      {"a TIME-WAIT, tcp_tw_reuse off", four, C::kTimeWait, false, 5000, false},
      {"a TIME-WAIT older than tcp_tw_reuse_delay", four, C::kTimeWait, true, 1001, true},
      {"a TIME-WAIT not yet older than tcp_tw_reuse_delay", four, C::kTimeWait, true, 1000, false},
      {"unique ports: used toward another destination", unique, C::kLiveElsewhere, false, 0, false},
      {"unique ports: a TIME-WAIT whatever tcp_tw_reuse says", unique, C::kTimeWait, true, 5000, false},
      {"unique ports: a free port", unique, C::kNothing, false, 0, true},
  };
  for (const ConnectTesterCase& c : cases) {
    SECTION(c.name) {
      TesterTables t;
      t.knobs.sharing = c.sharing;
      constexpr uint16_t kPort = 40000;
      t.Connect(40001, kTesterRport);  // a neighbour, so no answer is about an empty table
      switch (c.holder) {
        case C::kNothing: break;
        case C::kReserved: t.Reserve({kPort}); break;
        case C::kBound: t.Bind(kPort); break;
        case C::kLive: t.Connect(kPort, kTesterRport); break;
        case C::kLiveElsewhere: t.Connect(kPort, 443); break;
        case C::kTimeWait: t.Connect(kPort, kTesterRport, false, TcpState::kTimeWait, 0); break;
      }
      ConnectTester tester = t.Tester(c.tw_reuse, SimTime::FromNanos(c.now_ms * 1000000));
      CHECK(tester.Usable(kPort) == c.usable);
      CHECK(tester.Usable(kPort) == c.usable);  // asking again changes nothing
      CHECK_FALSE(tester.Usable(40001));
      CHECK(tester.UsedTowardDestination(kPort) ==
            (c.sharing == four && (c.holder == C::kLive || c.holder == C::kTimeWait)));
    }
  }
}

struct BindTesterCase {
  const char* name;
  bool reserved;   // port 40000 is reserved
  bool conflicts;  // an owner of 40000 conflicts with the socket
  bool relaxed_conflicts;  // ... under the relaxed rule
  bool relaxed;
  bool usable;
};

TEST_CASE("BindTester: may bind(0) use this port?", "[port_testers]") {
  const std::vector<BindTesterCase> cases = {
      {"a free port", false, false, false, false, true},
      {"a reserved port", true, false, false, false, false},
      {"a conflicting owner", false, true, true, false, false},
      {"an owner only the strict rule refuses, relaxed pass", false, true, false, true, true},
      {"an owner only the strict rule refuses, strict pass", false, true, false, false, false},
      {"a reserved port, relaxed pass", true, false, false, true, false},
  };
  for (const BindTesterCase& c : cases) {
    SECTION(c.name) {
      PortBitmap reserved;
      if (c.reserved) reserved.Set(40000);
      std::vector<std::pair<uint16_t, bool>> asked;
      BindTester tester(&reserved, nullptr, [&](uint16_t port, bool relaxed) {
        asked.emplace_back(port, relaxed);
        return port == 40000 && (relaxed ? c.relaxed_conflicts : c.conflicts);
      });
      tester.SetRelaxed(c.relaxed);
      CHECK(tester.Usable(40000) == c.usable);
      // The conflict rule is asked only about ports not reserved, under the
      // pass's rule.
      if (c.reserved) {
        CHECK(asked.empty());
      } else {
        REQUIRE(asked.size() == 1);
        CHECK(asked[0].second == c.relaxed);
      }
    }
  }
}

// A scan over [lo, hi) from a random offset, `step` ports apart.
PortScan RandomTesterScan(Rng& rng, int lo, int hi, int step) {
  PortScan scan;
  scan.low = lo;
  scan.high = hi;
  scan.span = hi - lo;
  scan.step = step;
  scan.offset = static_cast<int>(rng.Below(static_cast<uint32_t>(scan.span)));
  if (step == 2) scan.offset &= ~1;
  scan.count = 1 + static_cast<int>(rng.Below(static_cast<uint32_t>(scan.span / step)));
  return scan;
}

// 2,000 random scans over [lo, hi), alternately at steps 1 and 2: the
// tester's FirstUsable finds what PortTester's one-by-one walk finds.
void CheckFirstUsableAgreesWithWalk(PortTester& tester, int lo, int hi, uint64_t seed) {
  Rng rng(seed);
  for (int round = 0; round < 2000; ++round) {
    const int step = round % 2 + 1;
    const PortScan scan = RandomTesterScan(rng, lo, hi, step);
    INFO("scan offset " << scan.offset << " step " << step << " count " << scan.count);
    REQUIRE(tester.FirstUsable(scan) == tester.PortTester::FirstUsable(scan));
  }
}

TEST_CASE("ConnectTester::FirstUsable agrees with the one-by-one walk", "[port_testers]") {
  constexpr int kLo = 40000, kHi = 40640;  // ten words
  for (PortSharing sharing : {PortSharing::kFourTuple, PortSharing::kUniquePort}) {
    for (bool tw_reuse : {false, true}) {
      INFO("sharing " << static_cast<int>(sharing) << ", tw_reuse " << tw_reuse);
      TesterTables t;
      t.knobs.sharing = sharing;
      std::set<uint16_t> reserved;
      // Every kind of holder, mixed; past DestUsage's list, so its bits and
      // summaries are read. Whole words 40128-40255 are held (word skips),
      // and from 40512 on only TIME-WAITs old enough to take.
      for (int p = kLo; p < kHi; ++p) {
        const uint16_t port = static_cast<uint16_t>(p);
        if (p >= 40128 && p < 40256) {
          t.Connect(port, kTesterRport);
        } else if (p >= 40512) {
          if (p % 3 != 0) t.Connect(port, kTesterRport, false, TcpState::kTimeWait, 0);
        } else if (p % 11 == 0) {
          reserved.insert(port);
        } else if (p % 7 == 0) {
          t.Bind(port);
        } else if (p % 5 == 0) {
          t.Connect(port, kTesterRport, false, TcpState::kTimeWait, p % 2 ? 0 : int64_t{9} * 1000000000);
        } else if (p % 3 == 0) {
          t.Connect(port, kTesterRport);
        } else if (p % 13 == 0) {
          t.Connect(port, 443);
        }
      }
      t.Reserve(reserved);
      ConnectTester tester = t.Tester(tw_reuse, SimTime::FromNanos(int64_t{10} * 1000000000));
      CheckFirstUsableAgreesWithWalk(tester, kLo, kHi, /*seed=*/7);
    }
  }
}

TEST_CASE("BindTester::FirstUsable agrees with the one-by-one walk", "[port_testers]") {
  constexpr int kLo = 40000, kHi = 40640;
  // Owners bound to the host's one IPv4 address hold `blocked`; others hold
  // ports that conflict only under the strict rule.
  PortBitmap blocked, reserved;
  std::set<uint16_t> strict_only;
  for (int p = kLo; p < kHi; ++p) {
    const uint16_t port = static_cast<uint16_t>(p);
    if ((p >= 40192 && p < 40320) || p % 3 == 0) blocked.Set(port);
    else if (p % 11 == 0) reserved.Set(port);
    else if (p % 7 == 0) strict_only.insert(port);
  }
  auto conflicts = [&](uint16_t port, bool relaxed) {
    return blocked.Test(port) || (!relaxed && strict_only.contains(port));
  };
  for (bool relaxed : {false, true}) {
    for (bool with_blocked : {false, true}) {
      INFO("relaxed " << relaxed << ", blocked bitmap " << with_blocked);
      BindTester tester(&reserved, with_blocked ? &blocked : nullptr, conflicts);
      tester.SetRelaxed(relaxed);
      CheckFirstUsableAgreesWithWalk(tester, kLo, kHi, /*seed=*/11);
    }
  }
}

}  // namespace
}  // namespace portlab::stack
