// RFC 5452's arithmetic and the Wilson interval, as tables of cases with
// figures worked by hand or taken from published tables.
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "portlab/sim/poisoning_odds.h"

namespace portlab::sim {
namespace {

TEST_CASE("poisoning odds: RFC 5452 section 7 P_s = D F / (N P I)", "[sim][poisoning]") {
  struct Case {
    const char* name;
    SpoofOdds odds;
    double expected;
  };
  const std::vector<Case> cases = {
      {"no forgery", {kDnsIds, 1, 1, 1, 0}, 0.0},
      {"port known, 10,000 forgeries", {kDnsIds, 1, 1, 1, 10000}, 10000.0 / 65536},
      {"port known, one forgery", {kDnsIds, 1, 1, 1, 1}, 1.0 / 65536},
      {"Linux's 28,232 ports", {kDnsIds, 28232, 1, 1, 10000}, 10000.0 / (28232.0 * 65536)},
      {"two servers halve it", {kDnsIds, 1, 2, 1, 10000}, 5000.0 / 65536},
      {"two outstanding queries double it", {kDnsIds, 1, 1, 2, 10000}, 20000.0 / 65536},
      {"more forgeries than IDs: certain", {kDnsIds, 1, 1, 1, 70000}, 1.0},
      {"every (port, ID) pair exactly", {kDnsIds, 4, 1, 1, 4 * 65536}, 1.0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK(SpoofProbability(c.odds) == Approx(c.expected).epsilon(1e-12));
  }
}

TEST_CASE("poisoning odds: windows accumulate as 1 - (1 - P_s)^A", "[sim][poisoning]") {
  struct Case {
    double p;
    int64_t attempts;
    double expected;
  };
  const std::vector<Case> cases = {
      {0.5, 1, 0.5}, {0.5, 2, 0.75}, {0.0, 1000, 0.0}, {1.0, 1, 1.0}, {0.1, 0, 0.0},
  };
  for (const Case& c : cases) {
    INFO("p " << c.p << " attempts " << c.attempts);
    CHECK(CumulativeProbability(c.p, c.attempts) == Approx(c.expected).margin(1e-12));
  }
}

TEST_CASE("poisoning odds: forgeries sent before the answer, F = W R rounded up", "[sim][poisoning]") {
  struct Case {
    int64_t rate;
    int64_t window_ns;
    int64_t expected;
  };
  const std::vector<Case> cases = {
      {100000, 100'000'000, 10000},  // 100 k/s for 100 ms
      {3, 1'000'000'000, 3},         // at 0, 1/3 s, 2/3 s; the one at 1 s is late
      {3, 1'000'000'001, 4},         // ... and now it is in time
      {1, 0, 0},                     // no window: none
      {1, 1, 1},                     // the one sent as the query leaves
      {1000000, 25'000'000, 25000},
  };
  for (const Case& c : cases) {
    INFO("rate " << c.rate << " window " << c.window_ns);
    CHECK(ForgeriesInWindow(c.rate, c.window_ns) == c.expected);
  }
}

TEST_CASE("poisoning odds: the Wilson 95 % interval", "[sim][poisoning]") {
  // The first four are Newcombe's examples (Statistics in Medicine 17,
  // 1998, Table I, method 3: the score interval without correction); the
  // rest are worked from the formula.
  struct Case {
    int64_t successes, trials;
    double lo, hi;
  };
  const std::vector<Case> cases = {
      {81, 263, 0.2553, 0.3662}, {15, 148, 0.0624, 0.1605}, {0, 20, 0.0, 0.1611},
      {1, 29, 0.0061, 0.1718},   {10, 10, 0.7225, 1.0},      {0, 1000, 0.0, 0.003827},
      {152, 1000, 0.1311, 0.1756},
  };
  for (const Case& c : cases) {
    INFO(c.successes << " of " << c.trials);
    const Interval i = WilsonInterval(c.successes, c.trials);
    CHECK(i.lo == Approx(c.lo).margin(1e-4));
    CHECK(i.hi == Approx(c.hi).margin(1e-4));
    CHECK(i.Contains(static_cast<double>(c.successes) / c.trials));
  }
}

}  // namespace
}  // namespace portlab::sim
