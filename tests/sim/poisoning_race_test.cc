// The poisoning race over 1,000 seeds per resolver: for a fixed query port,
// a sequential allocator, RFC 6056's random start and Linux's UDP autobind,
// the measured rate's Wilson 95 % interval holds RFC 5452's figure, and the
// predictable ports lose where the random ones hold.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "portlab/sim/poisoning_race.h"
#include "portlab/stack/os_profile.h"

namespace portlab::sim {
namespace {

PoisonOptions RaceOn(const char* udp_strategy, std::optional<uint16_t> fixed_port) {
  PoisonOptions o;
  // Linux's stack; the custom profile takes any strategy for UDP.
  o.profile = stack::FindProfile(udp_strategy ? "custom" : "linux");
  if (udp_strategy) o.knobs = {{"udp_strategy", udp_strategy}};
  if (fixed_port) o.query_port = net::Port(*fixed_port);
  // 2,000 forgeries a window: 20,000 per second for 100 ms.
  o.rate = 20000;
  o.window = Duration::Millis(100);
  o.trials = 1000;
  o.seed = 1;
  return o;
}

TEST_CASE("poisoning race: every resolver within RFC 5452's odds over 1000 seeds",
          "[sim][poisoning]") {
  struct Case {
    const char* name;
    const char* udp_strategy;  // nullptr: the profile's (linux)
    std::optional<uint16_t> fixed_port;
    bool predictable;          // the attacker bets on one port, and is right
  };
  const std::vector<Case> cases = {
      {"fixed port 53", nullptr, 53, true},
      {"sequential", "sequential", std::nullopt, true},
      {"random", "random", std::nullopt, false},
      {"linux", nullptr, std::nullopt, false},
      {"lwip-udp-rand: a random start, then a cursor", "lwip-udp-rand", std::nullopt, true},
      {"bitmap-random", "bitmap-random", std::nullopt, false},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const PoisonFigures f = RunPoisoningRace(RaceOn(c.udp_strategy, c.fixed_port)).value();
    INFO("poisoned " << f.poisoned << " of " << f.trials << ", interval [" << f.interval.lo
                     << ", " << f.interval.hi << "], analytic " << f.analytic);
    CHECK(f.trials == 1000);
    CHECK(f.forgeries == 2000);
    CHECK(f.agrees());
    if (c.predictable) {
      CHECK(f.predicted == f.trials);
      CHECK(f.port_covered == f.trials);
      CHECK(f.analytic == Approx(2000.0 / 65536));
      CHECK(f.poisoned > 0);
      // Every forgery that did not win reached the resolver and was
      // discarded for its ID; none drew an ICMP error.
      CHECK(f.icmp == 0);
    } else {
      CHECK(f.predicted <= 1);
      CHECK(f.analytic < 1e-5);
      CHECK(f.poisoned == 0);
      // Almost every forgery missed the port: the host answered it with ICMP.
      CHECK(f.icmp + f.reached == f.forgeries * f.trials);
      CHECK(f.icmp > f.forgeries * f.trials * 9 / 10);
    }
  }
}

TEST_CASE("poisoning race: the same options give the same figures", "[sim][poisoning]") {
  PoisonOptions o = RaceOn("sequential", std::nullopt);
  o.trials = 200;
  const PoisonFigures a = RunPoisoningRace(o).value();
  const PoisonFigures b = RunPoisoningRace(o).value();
  CHECK(a.poisoned == b.poisoned);
  CHECK(a.reached == b.reached);
  o.seed = 20;
  const PoisonFigures c = RunPoisoningRace(o).value();
  CHECK(c.reached != a.reached);  // other IDs, other races
}

TEST_CASE("poisoning race: options it refuses", "[sim][poisoning]") {
  struct Case {
    const char* name;
    void (*edit)(PoisonOptions&);
    absl::StatusCode code;
  };
  const std::vector<Case> cases = {
      {"no profile", [](PoisonOptions& o) { o.profile = nullptr; }, absl::StatusCode::kInvalidArgument},
      {"rate 0", [](PoisonOptions& o) { o.rate = 0; }, absl::StatusCode::kInvalidArgument},
      {"no window", [](PoisonOptions& o) { o.window = Duration(); }, absl::StatusCode::kInvalidArgument},
      {"no trials", [](PoisonOptions& o) { o.trials = 0; }, absl::StatusCode::kInvalidArgument},
      {"a knob the profile lacks",
       [](PoisonOptions& o) { o.knobs = {{"net.inet.ip.portrange.first", "1024"}}; },
       absl::StatusCode::kInvalidArgument},
      {"too many datagrams", [](PoisonOptions& o) { o.rate = 1'000'000'000; },
       absl::StatusCode::kResourceExhausted},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    PoisonOptions o = RaceOn("sequential", std::nullopt);
    c.edit(o);
    CHECK(RunPoisoningRace(o).status().code() == c.code);
  }
}

}  // namespace
}  // namespace portlab::sim
