// Properties every strategy of Strategies() must have, checked over many
// seeds with a PortTester backed by a set of used ports, and the published
// figures of the RFC 6056 §3.3 algorithms and the historical Linux ones:
// Algorithm 3 (hash, linux-2.6) gives consecutive ports to one destination,
// Algorithm 4 (double-hash) keeps a counter per table cell, Algorithm 5
// advances by 1..N, linux-5.12 indexes a 256-cell table.
#include <catch2/catch.hpp>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/strategies/double_hash_strategy.h"
#include "portlab/stack/strategies/hash_strategy.h"
#include "portlab/stack/strategies/linux_strategy.h"
#include "stack/set_tester.h"

namespace portlab::stack {
namespace {

constexpr int kSeeds = 30;
constexpr uint16_t kLo = 40000, kHi = 40099;
constexpr int kSize = kHi - kLo + 1;

using testing::SetTester;

// How a strategy is exercised, and whether one call examines every port of
// the range (so it fails only when all are in use). Algorithms 2 and 5 draw
// candidates that may repeat: a call can fail with ports free, and then it
// has tried exactly num candidates (RFC 6056 §3.3.2, §3.3.5).
struct Config {
  std::string_view strategy;
  PortPurpose purpose;
  bool exhaustive;
};

const Config kConfigs[] = {
    {"linux", PortPurpose::kConnect, true},
    {"sequential", PortPurpose::kConnect, true},
    {"random", PortPurpose::kConnect, true},
    {"random-pick", PortPurpose::kConnect, false},
    {"hash", PortPurpose::kConnect, true},
    {"double-hash", PortPurpose::kConnect, true},
    {"random-increments", PortPurpose::kConnect, false},
    {"bitmap-random", PortPurpose::kConnect, true},
    {"linux-2.6", PortPurpose::kConnect, true},
    {"linux-2.6", PortPurpose::kBind, true},
    {"linux-2.6", PortPurpose::kUdpBind, true},
    {"linux-5.12", PortPurpose::kConnect, true},
    {"linux-5.12", PortPurpose::kBind, true},
    {"linux-5.12", PortPurpose::kUdpBind, true},
};

std::string Label(const Config& c) {
  const char* purpose = c.purpose == PortPurpose::kConnect ? "connect"
                        : c.purpose == PortPurpose::kBind  ? "bind(0)"
                                                           : "UDP";
  return std::string(c.strategy) + " " + purpose;
}

net::IpAddress V4(uint32_t a) { return net::IpAddress::V4(a); }

PortRequest Request(PortPurpose purpose, uint16_t lo, uint16_t hi, uint16_t dport = 80) {
  PortRequest r;
  r.purpose = purpose;
  r.range = {net::Port(lo), net::Port(hi)};
  r.saddr = V4(0x0a000001);  // 10.0.0.1
  r.daddr = V4(0x0a000002);  // 10.0.0.2
  r.dport = net::Port(dport);
  return r;
}

std::unique_ptr<EphemeralStrategy> Make(std::string_view name, uint64_t seed,
                                        const StrategyParams& params = {}) {
  return MakeStrategy(name, seed, params).value();
}

// Selects on an empty range; returns the port.
uint16_t Pick(EphemeralStrategy& s, const PortRequest& r) {
  std::set<uint16_t> none;
  SetTester tester(none);
  PortSelection sel = s.Select(r, tester);
  REQUIRE(sel.port.has_value());
  return sel.port->value();
}

// (b - a) mod num for ports of `r`.
int Distance(const PortRequest& r, uint16_t a, uint16_t b) {
  int num = r.range.size();
  return ((b - a) % num + num) % num;
}

// The RFC 6056 and historical Linux strategies, and the three before them,
// are registered, named and documented. (Strategies modelling other stacks
// have their own tests.)
TEST_CASE("rfc6056 strategies: each is registered with a description and source",
          "[strategy]") {
  for (const Config& c : kConfigs) {
    INFO(c.strategy);
    const StrategyInfo* info = nullptr;
    for (const StrategyInfo& i : Strategies()) {
      if (i.name == c.strategy) info = &i;
    }
    REQUIRE(info != nullptr);
    CHECK(Make(c.strategy, 1)->name() == c.strategy);
    CHECK_FALSE(info->description.empty());
    CHECK_FALSE(info->source.empty());
  }
  CHECK(MakeStrategy("no-such", 1).status().code() == absl::StatusCode::kNotFound);
  StrategyParams bad;
  bad.table_size = 0;
  CHECK(MakeStrategy("double-hash", 1, bad).status().code() ==
        absl::StatusCode::kInvalidArgument);
  bad = {};
  bad.n = 0;
  CHECK(MakeStrategy("random-increments", 1, bad).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("rfc6056 strategies: every port reachable, none twice, then failure",
          "[strategy]") {
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(Label(c) << ", seed " << seed);
      auto s = Make(c.strategy, seed);
      PortRequest r = Request(c.purpose, kLo, kHi);
      std::set<uint16_t> used;
      int calls = 0;
      while (static_cast<int>(used.size()) < kSize) {
        REQUIRE(++calls <= 100 * kSize);
        SetTester tester(used);
        PortSelection sel = s->Select(r, tester);
        REQUIRE(sel.probes >= 1);
        REQUIRE(sel.probes <= kSize);  // at most num candidates per call
        REQUIRE(tester.calls() <= 2 * kSize);  // bitmap-random: draws, then a listing
        if (!sel.port) {
          REQUIRE_FALSE(c.exhaustive);  // only Algorithms 2 and 5 give up early
          REQUIRE(sel.probes == kSize);
          continue;
        }
        uint16_t p = sel.port->value();
        REQUIRE(p >= kLo);
        REQUIRE(p <= kHi);
        REQUIRE(used.count(p) == 0);  // never a port in use
        used.insert(p);
      }
      if (c.exhaustive) CHECK(calls == kSize);
      SetTester tester(used);
      PortSelection sel = s->Select(r, tester);
      CHECK_FALSE(sel.port.has_value());
      CHECK(sel.probes == kSize);
      CHECK(tester.calls() <= 2 * kSize);
    }
  }
}

TEST_CASE("rfc6056 strategies: under churn no port is handed out while in use",
          "[strategy]") {
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(Label(c) << ", seed " << seed);
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
        r.dport = net::Port(static_cast<uint16_t>(80 + rng.Below(4)));
        SetTester tester(used);
        PortSelection sel = s->Select(r, tester);
        if (c.exhaustive) REQUIRE(sel.port.has_value() == (used.size() < kSize));
        if (!sel.port) {
          REQUIRE(sel.probes == kSize);
          continue;
        }
        REQUIRE(used.count(sel.port->value()) == 0);
        REQUIRE(r.range.Contains(*sel.port));
        used.insert(sel.port->value());
      }
    }
  }
}

TEST_CASE("rfc6056 strategies: the same seed gives the same ports and probes",
          "[strategy]") {
  for (const Config& c : kConfigs) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO(Label(c) << ", seed " << seed);
      std::vector<int64_t> runs[2];
      for (std::vector<int64_t>& out : runs) {
        auto s = Make(c.strategy, seed);
        Rng rng(seed);
        PortRequest r = Request(c.purpose, kLo, kHi);
        std::set<uint16_t> used;
        for (int step = 0; step < 300; ++step) {
          if (!used.empty() && rng.Below(3) == 0) {
            used.erase(std::next(used.begin(), rng.Below(static_cast<uint32_t>(used.size()))));
            continue;
          }
          r.daddr = V4(0x0a000002 + rng.Below(3));
          r.now = SimTime::FromNanos(step * int64_t{1'000'000'000});
          SetTester tester(used);
          PortSelection sel = s->Select(r, tester);
          out.push_back(sel.port ? sel.port->value() : -1);
          out.push_back(sel.probes);
          if (sel.port) used.insert(sel.port->value());
        }
      }
      REQUIRE(runs[0] == runs[1]);
    }
  }
}

// RFC 6056 §3.3.3: "the resulting sequence of ephemeral ports for a given
// destination is monotonically increasing" and each destination starts from
// its own point; a connection to another destination in between moves the
// shared counter (the information leak Algorithm 4 fixes).
TEST_CASE("hash: consecutive ports to one destination, own start per destination",
          "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("hash", seed);
    PortRequest a = Request(PortPurpose::kConnect, 32768, 60999);
    PortRequest b = a;
    b.daddr = V4(0x0a000003);
    uint16_t prev = Pick(*s, a);
    for (int k = 0; k < 20; ++k) {
      uint16_t p = Pick(*s, a);
      CHECK(Distance(a, prev, p) == 1);
      prev = p;
    }
    Pick(*s, b);
    CHECK(Distance(a, prev, Pick(*s, a)) == 2);

    std::set<uint16_t> starts;
    for (uint32_t d = 0; d < 10; ++d) {
      PortRequest r = a;
      r.daddr = V4(0x0b000000 + d);
      starts.insert(Pick(*Make("hash", seed), r));
    }
    CHECK(starts.size() >= 9);  // 10 points in 28,232: a collision is rare
  }
}

// linux-2.6: the same Algorithm 3 with `hint += i`, step 1, both parities.
TEST_CASE("linux-2.6 connect: one global hint, consecutive ports, no parity split",
          "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    auto s = Make("linux-2.6", seed);
    PortRequest a = Request(PortPurpose::kConnect, kLo, kHi);
    PortRequest b = a;
    b.daddr = V4(0x0a000003);
    std::set<uint16_t> used;
    std::vector<uint16_t> order;
    for (int k = 0; k < 10; ++k) {
      SetTester tester(used);
      PortSelection sel = s->Select(a, tester);
      REQUIRE(sel.port.has_value());
      CHECK(sel.probes == 1);
      order.push_back(sel.port->value());
      used.insert(sel.port->value());
    }
    int odd = 0;
    for (int k = 1; k < 10; ++k) {
      CHECK(Distance(a, order[k - 1], order[k]) == 1);
      odd += order[k] % 2;
    }
    CHECK(odd > 0);
    CHECK(odd < 9);
    Pick(*s, b);  // hint += 1
    SetTester tester(used);
    PortSelection sel = s->Select(a, tester);
    REQUIRE(sel.port.has_value());
    CHECK(Distance(a, order.back(), sel.port->value()) == 2);
  }
}

// RFC 6056 §3.3.4: destinations in different cells keep separate counters;
// destinations sharing a cell advance one counter between them.
TEST_CASE("double-hash: one counter per table cell", "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    DoubleHashStrategy probe(seed);
    PortRequest a = Request(PortPurpose::kConnect, 32768, 60999);
    // Destinations by port: one in another cell than a, one in the same.
    PortRequest other = a, same = a;
    bool have_other = false, have_same = false;
    for (uint16_t port = 81; !(have_other && have_same); ++port) {
      PortRequest r = a;
      r.dport = net::Port(port);
      if (probe.CellIndex(r) != probe.CellIndex(a)) {
        if (!have_other) other = r;
        have_other = true;
      } else {
        if (!have_same) same = r;
        have_same = true;
      }
    }
    auto s = Make("double-hash", seed);
    uint16_t prev = Pick(*s, a);
    for (int k = 0; k < 10; ++k) {
      Pick(*s, other);
      Pick(*s, other);
      uint16_t p = Pick(*s, a);
      CHECK(Distance(a, prev, p) == 1);  // undisturbed by `other`
      prev = p;
    }
    uint16_t o1 = Pick(*s, other), o2 = Pick(*s, other);
    CHECK(Distance(a, o1, o2) == 1);
    for (int k = 0; k < 10; ++k) {
      Pick(*s, same);
      uint16_t p = Pick(*s, a);
      CHECK(Distance(a, prev, p) == 2);  // interleaved on the shared cell
      prev = p;
    }
  }
}

TEST_CASE("double-hash: table size, increment and rekeying are parameters",
          "[strategy]") {
  int moved = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    StrategyParams p;
    p.table_size = 256;
    DoubleHashStrategy big(seed, p.table_size);
    for (uint16_t port = 1; port < 2000; ++port) {
      CHECK(big.CellIndex(Request(PortPurpose::kConnect, kLo, kHi, port)) < 256);
    }
    p = {};
    p.increment = 3;
    auto s = Make("double-hash", seed, p);
    PortRequest a = Request(PortPurpose::kConnect, 32768, 60999);
    uint16_t p1 = Pick(*s, a), p2 = Pick(*s, a);
    CHECK(Distance(a, p1, p2) == 3);

    p = {};
    p.rekey = Duration::Seconds(10);
    PortRequest later = a;
    later.now = SimTime::FromNanos(Duration::Seconds(25).nanos());
    PortRequest soon = a;
    soon.now = SimTime::FromNanos(Duration::Seconds(5).nanos());
    // Within one key period nothing changes; across periods the offset does.
    CHECK(Pick(*Make("double-hash", seed, p), a) == Pick(*Make("double-hash", seed, p), soon));
    moved += Pick(*Make("double-hash", seed, p), a) != Pick(*Make("double-hash", seed, p), later);
    // Without rekeying, time does not matter.
    CHECK(Pick(*Make("double-hash", seed), a) == Pick(*Make("double-hash", seed), later));
  }
  CHECK(moved >= kSeeds - 2);
}

// RFC 6056 §3.3.5: next_ephemeral += random() % N + 1 per candidate.
TEST_CASE("random-increments: consecutive ports advance by 1..N", "[strategy]") {
  for (int n : {500, 10}) {
    std::set<int> seen;
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      INFO("N " << n << ", seed " << seed);
      StrategyParams p;
      p.n = n;
      auto s = Make("random-increments", seed, p);
      PortRequest a = Request(PortPurpose::kConnect, 32768, 60999);
      uint16_t prev = Pick(*s, a);
      for (int k = 0; k < 50; ++k) {
        a.daddr = V4(0x0a000002 + k % 3);  // the counter is global
        uint16_t port = Pick(*s, a);
        int d = Distance(a, prev, port);
        CHECK(d >= 1);
        CHECK(d <= n);
        seen.insert(d);
        prev = port;
      }
    }
    CHECK(static_cast<int>(seen.size()) > n / 2);  // the increments vary
  }
}

// Linux 5.12 (__inet_hash_connect, INET_TABLE_PERTURB_SHIFT 8): the cell is
// one of 256 and grows by exactly i + 2 on success; port_offset is fixed per
// boot; the parity split is kept.
TEST_CASE("linux-5.12: 256 cells, cell += i + 2, no re-salting", "[strategy]") {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    LinuxStrategy s(seed, kLinux512Options);
    CHECK(s.name() == "linux-5.12");
    PortRequest r = Request(PortPurpose::kConnect, kLo, kHi);
    std::set<uint32_t> cells;
    for (uint32_t d = 0; d < 2000; ++d) {
      uint64_t off = s.PortOffset(r.saddr, V4(0x0b000000 + d), r.dport, r.now);
      uint32_t index = s.TableIndex(off);
      CHECK(index < 256);
      cells.insert(index);
    }
    CHECK(cells.size() > 200);  // the hash spreads over the table
    SimTime later = SimTime::FromNanos(Duration::Seconds(100).nanos());
    CHECK(s.PortOffset(r.saddr, r.daddr, r.dport, r.now) ==
          s.PortOffset(r.saddr, r.daddr, r.dport, later));

    const uint32_t index = s.TableIndex(s.PortOffset(r.saddr, r.daddr, r.dport, r.now));
    std::set<uint16_t> used;
    for (int k = 0; k < 100; ++k) {
      uint32_t before = s.PerturbCell(index);
      SetTester tester(used);
      PortSelection sel = s.Select(r, tester);
      REQUIRE(sel.port.has_value());
      CHECK((sel.port->value() % 2) == (k < 50 ? 0 : 1));  // even half first
      if (k < 50) CHECK(s.PerturbCell(index) - before == 2 * static_cast<uint32_t>(sel.probes));
      used.insert(sel.port->value());
    }
  }
}

// The ideal: every usable port equally likely. Few usable ports in a wide
// range make most calls take the listing fallback; many make the draws hit.
TEST_CASE("bitmap-random: uniform over the usable ports", "[strategy]") {
  PortRequest r = Request(PortPurpose::kConnect, 32768, 33767);
  for (int usable_count : {4, 500}) {
    INFO(usable_count << " usable ports");
    std::set<uint16_t> used;
    for (int p = 32768; p <= 33767; ++p) {
      if ((p - 32768) % (1000 / usable_count) != 0) used.insert(static_cast<uint16_t>(p));
    }
    auto s = Make("bitmap-random", 7);
    std::map<uint16_t, int> hits;
    const int draws = 200 * usable_count;
    for (int k = 0; k < draws; ++k) {
      SetTester tester(used);
      PortSelection sel = s->Select(r, tester);
      REQUIRE(sel.port.has_value());
      REQUIRE(used.count(sel.port->value()) == 0);
      CHECK(sel.probes == 1);
      ++hits[sel.port->value()];
    }
    CHECK(static_cast<int>(hits.size()) == usable_count);
    for (const auto& [port, n] : hits) {
      INFO("port " << port);
      CHECK(n > 120);  // expected 200; 120 is ~5.7 standard deviations off
      CHECK(n < 280);
    }
  }
}

}  // namespace
}  // namespace portlab::stack
