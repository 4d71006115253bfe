// DrawUntilUsable: draws candidates at random (random-pick, random-increments,
// bitmap-random), two from each 64-bit draw of the generator, until the
// tester accepts one or `max_draws` were drawn.
//
// Walk is a small copyable value: `uint16_t Next(uint32_t draw)` advances it
// by one candidate made from a 32-bit draw (a uniform port, or Algorithm 5's
// counter plus an increment). With a tester that is one bitmap of used ports
// (PortTester::UsedBitmap) each candidate is tested as it is drawn, the
// generator and the walk kept in registers. Other testers get the candidates
// in batches of 2, 4, 8, 16, 32 (one virtual call each, so a call that finds
// a port at once draws little beyond it), and the walk is set back to where
// it stood after the accepted candidate.
//
// Draws past the accepted candidate are dropped: they were independent
// randomness, so the ports, the probe counts and the walk are those of
// drawing one by one, from a different stream.
#ifndef PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_
#define PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_

#include <algorithm>
#include <cstdint>
#include <optional>

#include "portlab/base/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {

inline constexpr int kMaxCandidateBatch = 32;

struct Drawn {
  int64_t draws = 0;             // candidates drawn, the usable one included
  std::optional<uint16_t> port;  // nothing: none of max_draws was usable
};

namespace internal {

template <class Walk>
Drawn DrawTestingEach(Rng& rng, Walk& walk, int64_t max_draws, const PortBitmap& used) {
  Rng gen = rng;  // local copies stay in registers
  Walk w = walk;
  Drawn d{max_draws, std::nullopt};
  for (int64_t i = 0; i < max_draws; i += 2) {
    const uint64_t bits = gen.Next64();
    const uint16_t first = w.Next(static_cast<uint32_t>(bits >> 32));
    if (!used.Test(first)) {
      d = {i + 1, first};
      break;
    }
    if (i + 1 == max_draws) break;
    const uint16_t second = w.Next(static_cast<uint32_t>(bits));
    if (!used.Test(second)) {
      d = {i + 2, second};
      break;
    }
  }
  rng = gen;
  walk = w;
  return d;
}

template <class Walk>
[[gnu::noinline]] Drawn DrawInBatches(Rng& rng, Walk& walk, int64_t max_draws,
                                      PortTester& tester) {
  uint16_t batch[kMaxCandidateBatch];
  Walk after[kMaxCandidateBatch];  // the walk after each candidate
  int64_t drawn = 0;
  int size = 2;
  while (drawn < max_draws) {
    const int n = static_cast<int>(std::min<int64_t>(size, max_draws - drawn));
    size = std::min(size * 2, kMaxCandidateBatch);
    for (int i = 0; i < n; i += 2) {
      const uint64_t bits = rng.Next64();
      batch[i] = walk.Next(static_cast<uint32_t>(bits >> 32));
      after[i] = walk;
      if (i + 1 < n) {
        batch[i + 1] = walk.Next(static_cast<uint32_t>(bits));
        after[i + 1] = walk;
      }
    }
    const int hit = tester.FirstUsableOf(batch, n);
    if (hit < n) {
      walk = after[hit];
      return {drawn + hit + 1, batch[hit]};
    }
    drawn += n;
  }
  return {drawn, std::nullopt};
}

}  // namespace internal

template <class Walk>
Drawn DrawUntilUsable(Rng& rng, Walk& walk, int64_t max_draws, PortTester& tester) {
  if (const PortBitmap* used = tester.UsedBitmap()) {
    return internal::DrawTestingEach(rng, walk, max_draws, *used);
  }
  return internal::DrawInBatches(rng, walk, max_draws, tester);
}

// The i.i.d. candidates of random-pick and bitmap-random: low + a uniform
// draw below num.
struct UniformWalk {
  uint32_t low, num;
  uint16_t Next(uint32_t draw) const {
    return static_cast<uint16_t>(low + ((uint64_t{draw} * num) >> 32));
  }
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_
