// RandomStrategy: RFC 6056 §3.3.1 Algorithm 1, Simple Port Randomization.
//
//   next = min + random() % num; then try next, next+1, ... wrapping, at
//   most num candidates.
// Cross-checked against NetBSD sys/netinet/portalgo.c (algo_random_start).
#ifndef PORTLAB_STACK_STRATEGIES_RANDOM_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_RANDOM_STRATEGY_H_

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

class RandomStrategy : public EphemeralStrategy {
 public:
  explicit RandomStrategy(uint64_t seed) : rng_(seed) {}
  std::string_view name() const override { return "random"; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  Rng rng_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_RANDOM_STRATEGY_H_
