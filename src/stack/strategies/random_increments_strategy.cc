#include "portlab/stack/strategies/random_increments_strategy.h"

#include "portlab/stack/strategies/candidate_batches.h"

namespace portlab::stack {

namespace {

// Algorithm 5's walk: next_ephemeral += random() % N + 1, then the candidate
// min + next_ephemeral % num.
// `offset` is next % num kept by subtraction (a division per candidate was a
// third of the cost), recomputed when the 32-bit counter wraps.
struct Walk {
  uint32_t next, offset;
  uint32_t n, low, num;

  uint16_t Next(uint32_t draw) {
    const uint32_t step = static_cast<uint32_t>((uint64_t{draw} * n) >> 32) + 1;
    const uint32_t before = next;
    next += step;
    if (next < before) {
      offset = next % num;  // the 32-bit counter wrapped
    } else {
      offset += step;
      while (offset >= num) offset -= num;
    }
    return static_cast<uint16_t>(low + offset);
  }
};

}  // namespace

PortSelection RandomIncrementsStrategy::Select(const PortRequest& request,
                                               PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const uint32_t num = r.size();
  Walk walk{next_ephemeral_, next_ephemeral_ % num, n_, r.lo.value(), num};
  const Drawn d = DrawUntilUsable(rng_, walk, num, tester);
  next_ephemeral_ = walk.next;
  PortSelection sel;
  sel.probes = d.draws;
  if (d.port) sel.port = net::Port(*d.port);
  return sel;
}

}  // namespace portlab::stack
