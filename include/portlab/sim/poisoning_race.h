// The DNS cache-poisoning race: an off-path attacker against a resolver's
// query, with every forged answer a real datagram through the resolver
// host's stack. The arithmetic it is held against is sim/poisoning_odds.h.
//
// One trial, on a fresh stack::Host (the given OS profile and knobs, its
// own seed: its own per-boot secrets and query IDs):
//  1. What the attacker learns. It asks the resolver for three names in a
//     zone it serves itself, 1 ms apart, and sees the source port of each
//     query arrive at its own name server (the classic first move: RFC 5452
//     §9.2, Kaminsky 2008). It knows the port range the resolver is
//     configured with (public defaults, as a rule), but none of its
//     secrets: the per-boot keys, the query IDs.
//  2. The query. 1 ms later it makes the resolver ask the victim zone's
//     server: a new UDP socket, sendto(), so the port is whatever the host's
//     allocator gives a UDP autobind (the profile's UDP strategy, or the
//     `udp_strategy` knob), or the fixed query port of a pre-2008 resolver
//     (one socket bound to it, used for every query). The query ID is
//     drawn uniformly from 16 bits (RFC 5452 §9.2).
//  3. The race. From the instant the query leaves, the attacker sends
//     forged answers at `rate` per second, each from the victim server's
//     address and port 53 to the resolver, until the authentic answer
//     arrives one round trip (`window`) later. Its guesses: if the three
//     ports it saw keep one stride (0 for a fixed port, 1 for a sequential
//     cursor), every forgery goes to the next port of that stride with a
//     different ID; otherwise it covers the range from a random port on,
//     one forgery per port (all with one random ID, then the next ID).
//  4. The verdict. Each forgery is delivered with Host::Receive: a port
//     with no socket gets what the host sends (ICMP port unreachable,
//     counted); a forgery reaching the query's socket is read by the
//     resolver, which keeps it only when its ID is the query's (RFC 5452
//     §9.1) and discards it otherwise. The trial is poisoned when one is
//     kept before the authentic answer.
//
// The analytic figure is RFC 5452 §7's P_s with P = 1 for the trials where
// the attacker bet on one port and P = the range size for the others,
// averaged over trials; the measured rate comes with its Wilson 95 %
// interval.
//
// Example:
//   PoisonOptions o;
//   o.profile = stack::FindProfile("linux");
//   o.knobs = {{"udp_strategy", "sequential"}};
//   PoisonFigures f = RunPoisoningRace(o).value();
//   // f.poisoned / f.trials near f.analytic = 10000 / 65536
//
// Deterministic: the same options give the same figures. No I/O.
#ifndef PORTLAB_SIM_POISONING_RACE_H_
#define PORTLAB_SIM_POISONING_RACE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/net/port.h"
#include "portlab/sim/poisoning_odds.h"
#include "portlab/stack/os_profile.h"

namespace portlab::sim {

struct PoisonOptions {
  const stack::OsProfile* profile = nullptr;  // the resolver's OS; required
  // Knobs set on every resolver host, in order, by their OS's names.
  std::vector<std::pair<std::string, std::string>> knobs;
  // A fixed query port (pre-2008 resolvers: BIND's `query-source port 53`);
  // unset: a fresh socket per query, its port from the allocator.
  std::optional<net::Port> query_port;
  int64_t rate = 100000;                    // forged answers per second
  Duration window = Duration::Millis(100);  // query to authentic answer
  int64_t trials = 1000;
  uint64_t seed = 1;
};

// At most this many forgeries in a run (trials x forgeries per trial).
inline constexpr int64_t kMaxForgeries = 200'000'000;

struct PoisonFigures {
  int64_t trials = 0;
  int64_t forgeries = 0;       // F per trial (RFC 5452 §7: W x R)
  int64_t range_ports = 0;     // P when the attacker must cover the range
  int64_t poisoned = 0;        // trials where a forgery was kept
  int64_t predicted = 0;       // trials where the attacker bet on one port
  int64_t port_covered = 0;    // trials where a forgery went to the query's port
  int64_t reached = 0;         // forgeries read by the resolver (right port), in all
  int64_t icmp = 0;            // ICMP errors the resolver host sent back, in all
  double analytic = 0;         // RFC 5452 §7, averaged over the trials
  Interval interval;           // Wilson 95 % of poisoned / trials

  double rate() const { return trials ? static_cast<double>(poisoned) / trials : 0; }
  // Whether the analytic figure lies inside the measured interval.
  bool agrees() const { return interval.Contains(analytic); }
};

// InvalidArgument for a missing profile, a knob the profile refuses, rate
// < 1, a window <= 0, trials < 1 or a fixed query port the resolver cannot
// bind; ResourceExhausted past kMaxForgeries.
absl::StatusOr<PoisonFigures> RunPoisoningRace(const PoisonOptions& options);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_POISONING_RACE_H_
