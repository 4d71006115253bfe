#include "portlab/stack/strategies/random_increments_strategy.h"

#include "portlab/stack/strategies/candidate_batches.h"

namespace portlab::stack {

namespace {

// The counter and its candidate, advanced by one increment at a time.
// `offset` is next % num kept by subtraction (a division per candidate was a
// third of the cost), recomputed when the 32-bit counter wraps.
struct Walk {
  uint32_t next, offset;
  uint32_t n, low, num;

  uint16_t Advance(uint32_t draw) {
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

// Algorithm 5's candidates: next_ephemeral += random() % N + 1, then
// min + next_ephemeral % num, two increments per 64-bit draw.
struct IncrementCandidates {
  IncrementCandidates(sim::Rng& r, uint32_t next_ephemeral, uint32_t n, uint32_t low,
                      uint32_t num)
      : rng(r), walk{next_ephemeral, next_ephemeral % num, n, low, num} {}

  sim::Rng& rng;
  Walk walk;
  // The walk after each candidate of the last Fill (not initialised: Keep
  // reads only what Fill wrote).
  uint32_t nexts[kMaxCandidateBatch];
  uint32_t offsets[kMaxCandidateBatch];

  template <class Usable>
  Drawn Scan(int64_t max_draws, Usable usable) {
    // Local copies keep the generator and the walk in registers.
    sim::Rng gen = rng;
    Walk w = walk;
    Drawn d{max_draws, std::nullopt};
    for (int64_t i = 0; i < max_draws; i += 2) {
      const uint64_t bits = gen.Next64();
      const uint16_t first = w.Advance(static_cast<uint32_t>(bits >> 32));
      if (usable(first)) {
        d = {i + 1, first};
        break;
      }
      if (i + 1 == max_draws) break;
      const uint16_t second = w.Advance(static_cast<uint32_t>(bits));
      if (usable(second)) {
        d = {i + 2, second};
        break;
      }
    }
    rng = gen;
    walk = w;
    return d;
  }
  void Fill(uint16_t* out, int count) {
    for (int i = 0; i < count; i += 2) {
      const uint64_t bits = rng.Next64();
      out[i] = walk.Advance(static_cast<uint32_t>(bits >> 32));
      nexts[i] = walk.next;
      offsets[i] = walk.offset;
      out[i + 1] = walk.Advance(static_cast<uint32_t>(bits));
      nexts[i + 1] = walk.next;
      offsets[i + 1] = walk.offset;
    }
  }
  void Keep(int i) {
    walk.next = nexts[i];
    walk.offset = offsets[i];
  }
};

}  // namespace

PortSelection RandomIncrementsStrategy::Select(const PortRequest& request,
                                               PortTester& tester) {
  net::PortRange r = EffectiveRange(request);
  const uint32_t num = r.size();
  IncrementCandidates gen(rng_, next_ephemeral_, n_, r.lo.value(), num);
  const Drawn d = DrawUntilUsable(gen, num, tester);
  next_ephemeral_ = gen.walk.next;
  PortSelection sel;
  sel.probes = d.draws;
  if (d.port) sel.port = net::Port(*d.port);
  return sel;
}

}  // namespace portlab::stack
