// BitmapRandomStrategy: the ideal every RFC 6056 §3.3 algorithm approximates,
// a uniform choice among the ports that are usable right now.
//
// It models a kernel that keeps a free list (or a bitmap with population
// counts) of the range, so it reports 1 probe for a success and num for a
// failure (the whole list examined and found empty). The choice is computed
// in two steps that together are exactly uniform: a few uniform draws from
// the range, accepting the first usable one (uniform among usable ports
// given acceptance); if none is, one of the usable ports is taken uniformly:
// counted and indexed with popcounts by a tester that can
// (PortTester::CanCount, CountUsable, NthUsable), which therefore gets only
// kCountingDraws draws first; listed with FirstUsable by others, which get
// BitmapRandomDraws(num). No OS is known to use it; it is a
// baseline.
#ifndef PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_

#include <cstdint>
#include <vector>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/strategies/candidate_batches.h"

namespace portlab::stack {

// Draws before counting the usable ports with a tester that cannot count
// cheaply: num / 16, at least 64 (or num). Counting through a word-skipping
// tester costs about one draw per 16 ports of the range plus one FirstUsable
// call per usable port, so past this many draws counting is the cheaper way
// to finish (measured with
// connect_alloc_bench BM_Strategy at 99 and 99.9 % of 28,232 ports).
constexpr int BitmapRandomDraws(int num) { return num / 16 > 64 ? num / 16 : (num < 64 ? num : 64); }

class BitmapRandomStrategy : public EphemeralStrategy {
 public:
  // Draws before a counting tester is asked to count: counting 28,232 ports
  // with popcounts costs about as much as 256 draws.
  static constexpr int kCountingDraws = 256;

  explicit BitmapRandomStrategy(uint64_t seed) : rng_(seed) {}
  std::string_view name() const override { return "bitmap-random"; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  Rng rng_;
  std::vector<uint16_t> usable_;  // scratch for a tester that cannot count
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_
