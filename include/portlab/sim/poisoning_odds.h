// The arithmetic of the DNS cache-poisoning race (RFC 5452), and the 95 %
// interval a measured success rate is reported with. Pure functions; the
// race itself, with real datagrams through a resolver host, is
// sim/poisoning_race.h.
//
// RFC 5452 §7 (the "Calculation of the Odds of Spoofing"): an off-path
// attacker sends R forged answers per second during the window W between
// the resolver's query and the authentic answer, W x R = F forgeries, each
// guessing the query ID (one of I) and the resolver's source port (one of P)
// for one of N authoritative servers, against D identical outstanding
// queries:
//
//   P_s = (D x F) / (N x P x I)
//
// and over A windows (§7) the chance accumulates as 1 - (1 - P_s)^A.
// The resolver matches an answer by ID and by the port the query left
// from, among its other fields (§9.1); §9.2 is why P should be the whole
// port range and not 1 (a fixed query port, as resolvers had before 2008,
// or a port the attacker can predict from one it saw, as a sequential
// allocator gives).
//
// Example:
//   SpoofOdds o{.ids = 65536, .ports = 1, .forgeries = 10000};
//   double p = SpoofProbability(o);              // 0.1526
//   Interval ci = WilsonInterval(152, 1000);     // about [0.131, 0.177]
//
// Thread safety: none needed (no state).
#ifndef PORTLAB_SIM_POISONING_ODDS_H_
#define PORTLAB_SIM_POISONING_ODDS_H_

#include <cstdint>

namespace portlab::sim {

// The 16-bit DNS message ID (RFC 1035 §4.1.1): I at its maximum.
inline constexpr int64_t kDnsIds = 65536;

// The symbols of RFC 5452 §7. A forgery is one datagram; the attacker sends
// distinct (port, ID) guesses, so at most ports x ids of them can matter.
struct SpoofOdds {
  int64_t ids = kDnsIds;  // I
  int64_t ports = 1;      // P: the ports the attacker must cover
  int64_t servers = 1;    // N: authoritative servers the resolver may ask
  int64_t outstanding = 1;  // D: identical queries outstanding (the birthday attack, §5)
  int64_t forgeries = 0;  // F = W x R
};

// P_s of RFC 5452 §7, capped at 1. REQUIRES: ids, ports, servers,
// outstanding >= 1; forgeries >= 0.
double SpoofProbability(const SpoofOdds& odds);

// RFC 5452 §7: the chance that at least one of `attempts` independent
// windows, each won with probability `p`, is won. REQUIRES: 0 <= p <= 1.
double CumulativeProbability(double p, int64_t attempts);

// The forgeries that arrive before the authentic answer: those sent at
// k / rate seconds (k = 0, 1, ...) strictly before `window_ns` has passed,
// the first as the query leaves (RFC 5452 §7: F = W x R, rounded up).
// REQUIRES: rate_per_second >= 1, window_ns >= 0.
int64_t ForgeriesInWindow(int64_t rate_per_second, int64_t window_ns);

// An interval of a probability.
struct Interval {
  double lo = 0;
  double hi = 0;
  bool Contains(double p) const { return lo <= p && p <= hi; }
};

// The Wilson score interval (Wilson 1927) of `successes` in `trials`
// Bernoulli trials at z = 1.96 (95 %): unlike the normal approximation it
// stays inside [0, 1] and is not empty at 0 or `trials` successes.
// REQUIRES: 0 <= successes <= trials; trials >= 1.
Interval WilsonInterval(int64_t successes, int64_t trials);

}  // namespace portlab::sim

#endif  // PORTLAB_SIM_POISONING_ODDS_H_
