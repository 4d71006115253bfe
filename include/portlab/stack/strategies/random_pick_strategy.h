// RandomPickStrategy: RFC 6056 §3.3.2 Algorithm 2, Simple Port
// Randomization II.
//
//   each try: next = min + random() % num; at most num tries.
//
// No state is kept between candidates, so a call may examine a port twice
// and fail while ports are still free ("we might actually give up before
// exhausting the free ports", NetBSD sys/netinet/portalgo.c
// algo_random_pick). Every candidate is drawn and tested: the order cannot
// be expressed as a PortScan, so a bitmap tester cannot skip. Candidates
// reach the tester in batches, two per 64-bit draw (candidate_batches.h).
#ifndef PORTLAB_STACK_STRATEGIES_RANDOM_PICK_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_RANDOM_PICK_STRATEGY_H_

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/strategies/candidate_batches.h"

namespace portlab::stack {

class RandomPickStrategy : public EphemeralStrategy {
 public:


  explicit RandomPickStrategy(uint64_t seed) : rng_(seed) {}
  std::string_view name() const override { return "random-pick"; }
  // probes: the candidates drawn; exactly num on failure.
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  Rng rng_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_RANDOM_PICK_STRATEGY_H_
