// SequentialStrategy: a cursor that counts up through the range.
//
// The first port after boot is the range's low end; each allocation starts
// one past the last port handed out, wrapping at the top, and tries up to
// the whole range. One cursor per strategy instance (a host keeps one per
// protocol). The classic BSD/lwIP/ns-3 behaviour that RFC 6056 §2.2 warns
// about: trivially predictable.
#ifndef PORTLAB_STACK_STRATEGIES_SEQUENTIAL_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_SEQUENTIAL_STRATEGY_H_

#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

class SequentialStrategy : public EphemeralStrategy {
 public:
  std::string_view name() const override { return "sequential"; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  int next_ = -1;  // the next candidate; -1 until the first call
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_SEQUENTIAL_STRATEGY_H_
