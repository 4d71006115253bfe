// DestUsage against a plain model (a map port -> in TIME-WAIT): the same
// answers while it is a short list, across the move to bits, and in bits,
// including NextOpenWord's skipping of full words.
#include "portlab/stack/dest_usage.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

namespace portlab::stack {
namespace {

struct Model {
  std::map<int, bool> ports;  // port -> in TIME-WAIT

  bool Blocks(int port, bool live_only) const {
    auto it = ports.find(port);
    return it != ports.end() && !(live_only && it->second);
  }
  // NextOpenWord by definition: the first word in [w, end) with a port of
  // the parities not blocking.
  int NextOpenWord(int w, int end, int parities, bool live_only) const {
    for (; w < end; ++w) {
      for (int port = w * 64; port < w * 64 + 64; ++port) {
        if ((parities >> (port & 1) & 1) && !Blocks(port, live_only)) return w;
      }
    }
    return end;
  }
};

// Returns how many NextOpenWord answers skipped a word (to show the case
// exercised skipping).
int CheckSame(const DestUsage& d, const Model& m, std::mt19937& rng) {
  REQUIRE(d.count() == static_cast<int>(m.ports.size()));
  int tw = 0;
  for (const auto& [port, in_tw] : m.ports) {
    tw += in_tw;
    REQUIRE(d.Used(static_cast<uint16_t>(port)));
  }
  REQUIRE(d.time_wait_count() == tw);
  if (!d.has_bits()) {
    // The list holds the ports in ascending order, and only those.
    std::vector<uint16_t> want;
    for (const auto& entry : m.ports) want.push_back(static_cast<uint16_t>(entry.first));
    REQUIRE(std::vector<uint16_t>(d.listed_ports().begin(), d.listed_ports().end()) == want);
    for (int port = 39990; port < 43010; port += 7) {
      REQUIRE(d.Used(static_cast<uint16_t>(port)) == (m.ports.count(port) > 0));
    }
    return 0;
  }
  for (int w = 0; w < 1024; ++w) {
    uint64_t used = 0, in_tw = 0;
    for (int b = 0; b < 64; ++b) {
      auto it = m.ports.find(w * 64 + b);
      if (it == m.ports.end()) continue;
      used |= uint64_t{1} << b;
      if (it->second) in_tw |= uint64_t{1} << b;
    }
    REQUIRE(d.used_word(w) == used);
    REQUIRE(d.tw_word(w) == in_tw);
    REQUIRE(d.blocking_word(w, true) == (used & ~in_tw));
  }
  std::uniform_int_distribution<int> word(600, 700);
  int skipped = 0;
  for (int i = 0; i < 40; ++i) {
    int w = word(rng), end = word(rng);
    if (end < w) std::swap(w, end);
    for (int parities = 0; parities < 4; ++parities) {
      for (bool live_only : {false, true}) {
        INFO("w " << w << " end " << end << " parities " << parities << " live_only " << live_only);
        const int open = m.NextOpenWord(w, end, parities, live_only);
        REQUIRE(d.NextOpenWord(w, end, parities, live_only) == open);
        skipped += open > w && parities != 0;
      }
    }
  }
  return skipped;
}

TEST_CASE("DestUsage answers as a plain map of ports, as a list and as bits", "[stack]") {
  std::mt19937 rng(7);
  DestUsage d;
  Model m;
  int skipped = 0;
  // Ports crowd 40,000-42,999 (words 625-671): a missing port is added when
  // drawn, a present one leaves 1 time in 50 and flips TIME-WAIT 14 times in
  // 50, so many words fill up for one parity or both (and none counting
  // only live ports) and NextOpenWord has full words of each kind to skip.
  std::uniform_int_distribution<int> port(40000, 42999), op(0, 49);
  for (int step = 0; step < 20000; ++step) {
    const uint16_t p = static_cast<uint16_t>(port(rng));
    const int o = op(rng);
    auto it = m.ports.find(p);
    if (it == m.ports.end()) {
      d.Add(p);
      m.ports[p] = false;
    } else if (o < 1) {
      d.Remove(p);
      m.ports.erase(it);
    } else if (o < 15) {
      d.SetTimeWait(p, !it->second);
      it->second = !it->second;
    }
    if (step < 200 || step % 1000 == 0) skipped += CheckSame(d, m, rng);
  }
  CheckSame(d, m, rng);
  CHECK(d.has_bits());
  CHECK(d.count() > 2500);
  CHECK(skipped > 20);
}

TEST_CASE("DestUsage keeps TIME-WAIT marks across the move from a list to bits", "[stack]") {
  DestUsage d;
  for (uint16_t p = 50000; p < 50010; ++p) d.Add(p);
  d.SetTimeWait(50003, true);
  d.SetTimeWait(50003, true);  // twice: counted once
  CHECK_FALSE(d.has_bits());
  CHECK(d.time_wait_count() == 1);
  for (uint16_t p = 50010; p < 50200; ++p) d.Add(p);  // past the list's 128
  REQUIRE(d.has_bits());
  const int w = 50003 / 64;
  CHECK(d.tw_word(w) == uint64_t{1} << (50003 % 64));
  CHECK(d.time_wait_count() == 1);
  d.Remove(50003);
  CHECK(d.time_wait_count() == 0);
  CHECK_FALSE(d.Used(50003));
  CHECK(d.Used(50004));
  CHECK(d.count() == 199);
  // Words 0 .. 700 hold none of these ports: the first is open.
  CHECK(d.NextOpenWord(0, 700, 3, false) == 0);
}

}  // namespace
}  // namespace portlab::stack
