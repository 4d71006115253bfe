// Properties every ephemeral port strategy must have, and the shape of the
// Linux one, checked over many seeds with a PortTester backed by a set of
// used ports. Includes gVisor's PickEphemeralPort cases
// (pkg/tcpip/ports/ports_test.go) and a check that the host's bitmap fast
// path (ConnectTester::FirstUsable, stack/port_testers.h) picks what a plain
// scan picks.
#include <catch2/catch.hpp>
#include <cstdint>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/host.h"
#include "portlab/stack/strategies/linux_strategy.h"
#include "stack/set_tester.h"
#include "stack/two_hosts.h"

namespace portlab::stack {
namespace {

using testing::Ep;
using testing::Ip;
using testing::TestNetwork;

constexpr int kSeeds = 50;

using testing::SetTester;

// Accepts exactly the ports in `ok`.
class OnlyTester : public PortTester {
 public:
  explicit OnlyTester(std::set<uint16_t> ok) : ok_(std::move(ok)) {}
  bool Usable(uint16_t port) override { return ok_.count(port) > 0; }

 private:
  std::set<uint16_t> ok_;
};

struct Config {
  const char* strategy;
  PortPurpose purpose;
  const char* label;
};

const Config kConfigs[] = {
    {"linux", PortPurpose::kConnect, "linux connect"},
    {"linux", PortPurpose::kBind, "linux bind(0)"},
    {"linux", PortPurpose::kUdpBind, "linux UDP autobind"},
    {"sequential", PortPurpose::kConnect, "sequential"},
    {"random", PortPurpose::kConnect, "random"},
};

PortRequest Request(PortPurpose purpose, uint16_t lo, uint16_t hi) {
  PortRequest r;
  r.purpose = purpose;
  r.range = {net::Port(lo), net::Port(hi)};
  r.saddr = Ip("10.0.0.1");
  r.daddr = Ip("10.0.0.2");
  r.dport = net::Port(80);
  return r;
}

std::unique_ptr<EphemeralStrategy> Make(const char* name, uint64_t seed) {
  return MakeStrategy(name, seed).value();
}

// Allocates until the strategy fails; returns the ports in order.
std::vector<uint16_t> Fill(EphemeralStrategy& s, const PortRequest& r,
                           std::set<uint16_t>& used, int max_allocations) {
  std::vector<uint16_t> order;
  for (int k = 0; k < max_allocations; ++k) {
    SetTester tester(used);
    PortSelection sel = s.Select(r, tester);
    if (!sel.port) break;
    order.push_back(sel.port->value());
    used.insert(sel.port->value());
  }
  return order;
}

TEST_CASE(
    "strategies: every port of the range is reachable, once, then failure",
    "[strategy]") {
  constexpr uint16_t kLo = 40000, kHi = 40099;
  constexpr int kSize = kHi - kLo + 1;
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(c.label << ", seed " << seed);
      auto s = Make(c.strategy, seed);
      PortRequest r = Request(c.purpose, kLo, kHi);
      std::set<uint16_t> used;
      for (int k = 0; k < kSize; ++k) {
        SetTester tester(used);
        PortSelection sel = s->Select(r, tester);
        REQUIRE(sel.port.has_value());
        uint16_t p = sel.port->value();
        REQUIRE(p >= kLo);
        REQUIRE(p <= kHi);
        REQUIRE(used.count(p) == 0);  // never a port in use
        // One pass structure: no candidate is examined twice.
        REQUIRE(sel.probes >= 1);
        REQUIRE(sel.probes <= kSize);
        REQUIRE(tester.calls() <= kSize);
        used.insert(p);
      }
      SetTester tester(used);
      PortSelection sel = s->Select(r, tester);
      CHECK_FALSE(sel.port.has_value());
      // A failed selection examined every candidate exactly once.
      CHECK(sel.probes == kSize);
      CHECK(tester.calls() <= kSize);
    }
  }
}

TEST_CASE("strategies: under churn no port is handed out while in use",
          "[strategy]") {
  constexpr uint16_t kLo = 40000, kHi = 40099;
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(c.label << ", seed " << seed);
      auto s = Make(c.strategy, seed);
      Rng rng(seed * 7919);
      PortRequest r = Request(c.purpose, kLo, kHi);
      std::set<uint16_t> used;
      for (int step = 0; step < 1000; ++step) {
        if (!used.empty() && rng.Below(3) == 0) {
          auto it = used.begin();
          std::advance(it, rng.Below(static_cast<uint32_t>(used.size())));
          used.erase(it);
          continue;
        }
        SetTester tester(used);
        PortSelection sel = s->Select(r, tester);
        // A selection fails only when the whole range is in use.
        REQUIRE(sel.port.has_value() == (used.size() < 100));
        if (!sel.port) continue;
        REQUIRE(used.count(sel.port->value()) == 0);
        REQUIRE(r.range.Contains(*sel.port));
        used.insert(sel.port->value());
      }
    }
  }
}

TEST_CASE("sequential: 40000, 40001, ... after boot, wrapping at the top",
          "[strategy]") {
  auto s = Make("sequential", 1);
  PortRequest r = Request(PortPurpose::kConnect, 40000, 40099);
  std::set<uint16_t> used;
  std::vector<uint16_t> order = Fill(*s, r, used, 100);
  REQUIRE(order.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(order[i] == 40000 + i);
  used.erase(40007);
  used.erase(40003);
  SetTester tester(used);
  PortSelection sel = s->Select(r, tester);
  REQUIRE(sel.port.has_value());
  CHECK(sel.port->value() == 40003);  // the cursor wrapped to the low end
  CHECK(sel.probes == 4);             // 40000, 40001, 40002, 40003
}

TEST_CASE("linux connect: the first pass is of low's parity (even), then odd",
          "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("linux", seed);
    std::set<uint16_t> used;
    std::vector<uint16_t> order =
        Fill(*s, Request(PortPurpose::kConnect, 40000, 40099), used, 100);
    REQUIRE(order.size() == 100);
    for (int i = 0; i < 50; ++i) CHECK(order[i] % 2 == 0);
    for (int i = 50; i < 100; ++i) CHECK(order[i] % 2 == 1);
  }
}

TEST_CASE("linux bind(0): odd ports first, then even", "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("linux", seed);
    std::set<uint16_t> used;
    std::vector<uint16_t> order =
        Fill(*s, Request(PortPurpose::kBind, 40000, 40099), used, 100);
    REQUIRE(order.size() == 100);
    for (int i = 0; i < 50; ++i) CHECK(order[i] % 2 == 1);
    for (int i = 50; i < 100; ++i) CHECK(order[i] % 2 == 0);
  }
}

// inet_csk_find_open_port with SO_REUSEADDR and >= 4 ports: the lower half
// first (odd, then even), then the upper half.
TEST_CASE("linux bind(0) with SO_REUSEADDR: lower half first", "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("linux", seed);
    PortRequest r = Request(PortPurpose::kBind, 40000, 40099);
    r.reuseaddr = true;
    std::set<uint16_t> used;
    std::vector<uint16_t> order = Fill(*s, r, used, 100);
    REQUIRE(order.size() == 100);
    for (int i = 0; i < 50; ++i) CHECK(order[i] < 40050);
    for (int i = 0; i < 25; ++i) CHECK(order[i] % 2 == 1);
    for (int i = 25; i < 50; ++i) CHECK(order[i] % 2 == 0);
    for (int i = 50; i < 100; ++i) CHECK(order[i] >= 40050);
  }
}

// __inet_hash_connect with IP_LOCAL_PORT_RANGE: step 1, no parity split.
TEST_CASE("linux connect with IP_LOCAL_PORT_RANGE: step 1, both parities early",
          "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("linux", seed);
    PortRequest r = Request(PortPurpose::kConnect, 32768, 60999);
    r.socket_range_lo = 40000;
    r.socket_range_hi = 40099;
    std::set<uint16_t> used;
    std::vector<uint16_t> order = Fill(*s, r, used, 101);
    REQUIRE(order.size() == 100);
    int odd = 0;
    for (int i = 0; i < 50; ++i) odd += order[i] % 2;
    CHECK(odd > 0);
    CHECK(odd < 50);
    for (uint16_t p : order) CHECK((p >= 40000 && p <= 40099));
  }
}

// gVisor pkg/tcpip/ports/ports_test.go TestPickEphemeralPort (range
// 32000-33000) and TestPickEphemeralPortStable's top-of-range offsets.
TEST_CASE("gVisor ports_test.go: ephemeral picking", "[strategy]") {
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(c.label << ", seed " << seed);
      {  // no-port-available: a tester that rejects everything
        auto s = Make(c.strategy, seed);
        OnlyTester none({});
        PortSelection sel = s->Select(Request(c.purpose, 32000, 33000), none);
        CHECK_FALSE(sel.port.has_value());
        CHECK(sel.probes <= 1001);
      }
      {  // only-port-42-available
        auto s = Make(c.strategy, seed);
        OnlyTester only({32042});
        PortSelection sel = s->Select(Request(c.purpose, 32000, 33000), only);
        REQUIRE(sel.port.has_value());
        CHECK(sel.port->value() == 32042);
      }
      {  // a 50-port range at the top of the 16-bit space
        auto s = Make(c.strategy, seed);
        std::set<uint16_t> used;
        std::vector<uint16_t> order =
            Fill(*s, Request(c.purpose, 65486, 65535), used, 51);
        CHECK(order.size() == 50);
        for (uint16_t p : order) CHECK(p >= 65486);
      }
    }
  }
}

// The host's connect() tester skips blocked candidates 64 ports at a time
// (ConnectTester::FirstUsable, stack/port_testers.h, over the reserved,
// explicitly bound and per-destination bitmaps). It must choose exactly the
// candidate a plain Usable() scan would, and report the same probe count.
// The reference is a LinuxStrategy with the seed the host gives its TCP strategy
// (DeriveSeed(seed, "strategy-tcp"), src/stack/host.cc), asked with the
// default PortTester::FirstUsable over the same state: reserved ports, one
// explicitly bound port, and the ports already connected toward the one
// destination. Both draw the same random numbers as long as they agree, so
// the whole fill must match port for port. The range holds well over the 24
// connections after which the host switches that destination to bitmaps.
TEST_CASE("linux host connect(): bitmap fast path agrees with a plain scan",
          "[strategy]") {
  constexpr uint16_t kLo = 40000, kHi = 40199;
  const std::set<uint16_t> kReserved = {40001, 40002, 40064,
                                        40065, 40130, 40199};
  constexpr uint16_t kBound = 40100;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("host seed " << seed);
    TestNetwork net;
    Host& h = net.AddHost("client", {"10.0.0.1"}, seed);
    REQUIRE(h.SetSysctl("net.ipv4.ip_local_port_range", "40000 40199").ok());
    REQUIRE(h.SetSysctl("net.ipv4.ip_local_reserved_ports",
                        "40001-40002,40064-40065,40130,40199")
                .ok());
    SocketId bound = h.OpenSocket(net::Protocol::kTcp, false);
    REQUIRE(h.Bind(bound, Ep("10.0.0.1", kBound)) == Errno::kOk);

    LinuxStrategy reference(DeriveSeed(seed, "strategy-tcp"));
    std::set<uint16_t> blocked = kReserved;
    blocked.insert(kBound);
    PortRequest r = Request(PortPurpose::kConnect, kLo, kHi);
    r.saddr = Ip("10.0.0.1");
    r.daddr = Ip("10.0.0.2");
    r.dport = net::Port(80);
    const int free_ports = (kHi - kLo + 1) - static_cast<int>(blocked.size());
    for (int k = 0; k <= free_ports; ++k) {
      INFO("connect " << k);
      SetTester tester(blocked);
      PortSelection want = reference.Select(r, tester);
      SocketId s = h.OpenSocket(net::Protocol::kTcp, false);
      Errno e = h.Connect(s, Ep("10.0.0.2", 80));
      if (!want.port) {
        CHECK(e == Errno::kEADDRNOTAVAIL);
        CHECK(h.last_probes() == want.probes);
        CHECK(k == free_ports);
        break;
      }
      REQUIRE(e == Errno::kEINPROGRESS);
      REQUIRE(h.LocalEndpoint(s).port == *want.port);
      REQUIRE(h.last_probes() == want.probes);
      blocked.insert(want.port->value());
    }
  }
}

}  // namespace
}  // namespace portlab::stack
