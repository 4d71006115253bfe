// Tests for counting and indexing free ports (PortBitmap::CountClear,
// NthClear, SelectBit, BitmapTester) against brute force, and for the
// batched draws of the random strategies (candidate_batches.h) through both
// tester paths.
#include "portlab/stack/bitmap_tester.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {
namespace {

// The PortTester defaults over the same bitmap: Usable() and nothing else.
class PlainTester : public PortTester {
 public:
  explicit PlainTester(const PortBitmap& used) : used_(used) {}
  bool Usable(uint16_t port) override { return !used_.Test(port); }

 private:
  const PortBitmap& used_;
};

PortBitmap RandomBitmap(std::mt19937_64& rng, double fill) {
  PortBitmap b;
  std::bernoulli_distribution used(fill);
  for (uint32_t p = 0; p < 65536; ++p) {
    if (used(rng)) b.Set(p);
  }
  return b;
}

TEST_CASE("SelectBit finds the n-th set bit", "[bitmap]") {
  struct Case {
    uint64_t x;
    int n, want;
  };
  const std::vector<Case> cases = {
      {1, 0, 0},
      {0x8000000000000000ULL, 0, 63},
      {0b1011, 1, 1},
      {0b1011, 2, 3},
      {~uint64_t{0}, 37, 37},
      {0xFFFF0000FFFF0000ULL, 16, 48},
      {0x0100000000000100ULL, 1, 56},
  };
  for (const Case& c : cases) {
    INFO(c.x << " " << c.n);
    CHECK(SelectBit(c.x, c.n) == c.want);
  }
}

TEST_CASE("CountClear and NthClear agree with brute force", "[bitmap]") {
  std::mt19937_64 rng(7);
  for (double fill : {0.0, 0.5, 0.99, 1.0}) {
    PortBitmap b = RandomBitmap(rng, fill);
    std::uniform_int_distribution<int> bound(0, 65536);
    for (int round = 0; round < 200; ++round) {
      int lo = bound(rng), hi = bound(rng);
      if (lo > hi) std::swap(lo, hi);
      if (round == 0) lo = 0, hi = 65536;
      if (round == 1) lo = 100, hi = 101;  // inside one word
      std::vector<int> clear;
      for (int p = lo; p < hi; ++p) {
        if (!b.Test(p)) clear.push_back(p);
      }
      INFO("fill " << fill << " [" << lo << ", " << hi << ")");
      REQUIRE(b.CountClear(lo, hi) == static_cast<int>(clear.size()));
      for (int n : {0, 1, static_cast<int>(clear.size()) / 2, static_cast<int>(clear.size()) - 1}) {
        if (n < 0 || n >= static_cast<int>(clear.size())) continue;
        CHECK(b.NthClear(lo, hi, n) == clear[n]);
      }
      CHECK(b.NthClear(lo, hi, static_cast<int>(clear.size())) == -1);
    }
  }
}

TEST_CASE("BitmapTester answers as the PortTester defaults do", "[bitmap]") {
  std::mt19937_64 rng(11);
  for (double fill : {0.1, 0.9, 0.999}) {
    PortBitmap b = RandomBitmap(rng, fill);
    BitmapTester fast(b);
    PlainTester plain(b);
    // Scans with and without a wrap, of step 1 and 2.
    const std::vector<PortScan> scans = {
        {32768, 61000, 28232, 0, 1, 28232},
        {32768, 61000, 28232, 9000, 1, 28232},
        {32768, 61000, 28232, 28231, 1, 28232},
        {32768, 61000, 28232, 5, 2, 14116},
        {1024, 1100, 76, 70, 1, 40},
    };
    for (const PortScan& s : scans) {
      INFO("fill " << fill << " offset " << s.offset << " step " << s.step);
      CHECK(fast.FirstUsable(s) == plain.FirstUsable(s));
      const int count = plain.CountUsable(s);
      CHECK(fast.CountUsable(s) == count);
      for (int n : {0, count / 3, count - 1, count}) {
        if (n < 0) continue;
        CHECK(fast.NthUsable(s, n) == plain.NthUsable(s, n));
      }
      uint16_t batch[5];
      for (int i = 0; i < 5; ++i) batch[i] = static_cast<uint16_t>(s.PortAt(i * 7));
      CHECK(fast.FirstUsableOf(batch, 5) == plain.FirstUsableOf(batch, 5));
    }
  }
}

// random-pick and random-increments through a BitmapTester (candidates
// tested as drawn) and through a plain tester (batches): the same
// algorithm, so the mean probes per allocation at 99 % occupancy is
// num / free for random-pick either way.
TEST_CASE("random strategies draw the same way through either tester path", "[bitmap][strategy]") {
  std::mt19937_64 rng(3);
  PortBitmap b;
  const int lo = 32768, hi = 60999, num = hi - lo + 1;
  std::vector<int> ports;
  for (int p = lo; p <= hi; ++p) ports.push_back(p);
  std::shuffle(ports.begin(), ports.end(), rng);
  const int free_ports = num / 100;
  for (int i = 0; i < num - free_ports; ++i) b.Set(ports[i]);
  PortRequest r;
  r.range = {net::Port(lo), net::Port(hi)};
  for (const char* name : {"random-pick", "random-increments", "bitmap-random"}) {
    for (bool fast_path : {true, false}) {
      INFO(name << (fast_path ? " bitmap tester" : " plain tester"));
      auto s = MakeStrategy(name, 5).value();
      BitmapTester fast(b);
      PlainTester plain(b);
      PortTester& tester = fast_path ? static_cast<PortTester&>(fast) : plain;
      double probes = 0;
      const int calls = 4000;
      for (int i = 0; i < calls; ++i) {
        PortSelection sel = s->Select(r, tester);
        REQUIRE(sel.port.has_value());
        REQUIRE(!b.Test(sel.port->value()));
        probes += static_cast<double>(sel.probes);
      }
      const double mean = probes / calls;
      if (std::string(name) == "bitmap-random") {
        CHECK(mean == 1.0);
      } else {
        // Geometric with p = 1/100 (random-pick); random-increments' walk is
        // close to it on a random fill. The mean of 4,000 is within ~5 %.
        CHECK(mean == Approx(static_cast<double>(num) / free_ports).epsilon(0.1));
      }
    }
  }
}

}  // namespace
}  // namespace portlab::stack
