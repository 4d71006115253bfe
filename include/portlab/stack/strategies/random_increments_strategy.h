// RandomIncrementsStrategy: RFC 6056 §3.3.5 Algorithm 5, Random-Increments.
//
//   next_ephemeral = random() at boot;
//   each try: next_ephemeral += random() % N + 1;
//             port = min + next_ephemeral % num; at most num tries.
//
// One counter per strategy instance. N trades predictability (small N: the
// next port is close to the last) against wrap-around frequency; the RFC and
// NetBSD (sys/netinet/portalgo.c algo_randinc) use 500. Candidates may repeat
// within a call, so a call can fail while ports are free; each candidate is
// drawn and tested (no PortScan, a bitmap tester cannot skip), in batches,
// two increments per 64-bit draw (candidate_batches.h).
// The counter is 32 bits (NetBSD: 16; the RFC leaves the width open).
#ifndef PORTLAB_STACK_STRATEGIES_RANDOM_INCREMENTS_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_RANDOM_INCREMENTS_STRATEGY_H_

#include <cstdint>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/strategies/candidate_batches.h"

namespace portlab::stack {

// RFC 6056 §3.3.5: "N = 500".
inline constexpr int kRfc6056RandomIncrementsN = 500;

class RandomIncrementsStrategy : public EphemeralStrategy {
 public:
  // REQUIRES: n >= 1.
  explicit RandomIncrementsStrategy(uint64_t seed, int n = kRfc6056RandomIncrementsN)
      : rng_(seed), n_(static_cast<uint32_t>(n)) {
    next_ephemeral_ = rng_.Next32();
  }
  std::string_view name() const override { return "random-increments"; }
  // probes: the candidates tried; exactly num on failure.
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

  uint32_t next_ephemeral() const { return next_ephemeral_; }

 private:
  Rng rng_;
  uint32_t n_;
  uint32_t next_ephemeral_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_RANDOM_INCREMENTS_STRATEGY_H_
