// BitmapRandomStrategy: the ideal every RFC 6056 §3.3 algorithm approximates,
// a uniform choice among the ports that are usable right now.
//
// It models a kernel that keeps a free list (or a bitmap with population
// counts) of the range, so it reports 1 probe for a success and num for a
// failure (the whole list examined and found empty). A PortTester cannot list
// usable ports cheaply, so the choice is computed in two steps that together
// are exactly uniform: up to BitmapRandomDraws(num) uniform draws from the range,
// accepting the first usable one (uniform among usable ports given
// acceptance); if none is, every usable port is collected with
// tester.FirstUsable (a bitmap tester skips used runs) and one is drawn. The
// cost therefore grows with occupancy, although the modelled kernel's would
// not. No OS is known to use it; it is a baseline.
#ifndef PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_
#define PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_

#include <cstdint>
#include <vector>

#include "portlab/sim/rng.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::stack {

// Draws before falling back to listing the usable ports: num / 16, at least
// 64 (or num). Listing through a word-skipping tester costs about one draw
// per 16 ports of the range plus one FirstUsable call per usable port, so
// past this many draws listing is the cheaper way to finish (measured with
// connect_alloc_bench BM_Strategy at 99 and 99.9 % of 28,232 ports).
constexpr int BitmapRandomDraws(int num) { return num / 16 > 64 ? num / 16 : (num < 64 ? num : 64); }

class BitmapRandomStrategy : public EphemeralStrategy {
 public:
  explicit BitmapRandomStrategy(uint64_t seed) : rng_(seed) {}
  std::string_view name() const override { return "bitmap-random"; }
  PortSelection Select(const PortRequest& request, PortTester& tester) override;

 private:
  sim::Rng rng_;
  std::vector<uint16_t> usable_;  // scratch for the fallback, reused
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_BITMAP_RANDOM_STRATEGY_H_
