// DrawUntilUsable: asks a PortTester about candidates that a generator draws
// at random (random-pick, random-increments, bitmap-random), a batch at a
// time: one virtual call per batch, and a bitmap tester tests a batch in a
// tight loop. Batches grow 2, 4, 8, 16, 32, so a call that finds a port at
// once (low occupancy) draws little beyond it.
//
// Gen has `void Fill(uint16_t* out, int n)` (n even: generators take two
// 32-bit draws from each 64-bit one) and `void Keep(int i)`, which leaves
// the generator as if drawing had stopped after out[i] of the last Fill.
// With a tester that is one bitmap of used ports (PortTester::UsedBitmap),
// each candidate is tested as it is drawn instead (Gen::Scan), with no
// virtual call and no batch.
// Candidates drawn after the usable one are dropped: they were independent
// randomness, so the ports, the probe counts and the algorithm's own state
// (Keep) are those of drawing one by one, from a different stream.
#ifndef PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_
#define PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_

#include <algorithm>
#include <cstdint>
#include <optional>

#include "portlab/sim/rng.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {

inline constexpr int kMaxCandidateBatch = 32;

struct Drawn {
  int64_t draws = 0;             // candidates drawn, the usable one included
  std::optional<uint16_t> port;  // nothing: none of max_draws was usable
};

// The batch path, out of line: the bitmap path stays small enough to
// inline into Select.
template <class Gen>
[[gnu::noinline]] Drawn DrawInBatches(Gen& gen, int64_t max_draws, PortTester& tester) {
  uint16_t batch[kMaxCandidateBatch];
  int64_t drawn = 0;
  int size = 2;
  while (drawn < max_draws) {
    const int n = static_cast<int>(std::min<int64_t>(size, max_draws - drawn));
    gen.Fill(batch, (n + 1) & ~1);
    size = std::min(size * 2, kMaxCandidateBatch);
    const int hit = tester.FirstUsableOf(batch, n);
    if (hit < n) {
      gen.Keep(hit);
      return {drawn + hit + 1, batch[hit]};
    }
    gen.Keep(n - 1);
    drawn += n;
  }
  return {drawn, std::nullopt};
}

template <class Gen>
Drawn DrawUntilUsable(Gen& gen, int64_t max_draws, PortTester& tester) {
  if (const PortBitmap* used = tester.UsedBitmap()) {
    return gen.Scan(max_draws, [used](uint16_t port) { return !used->Test(port); });
  }
  return DrawInBatches(gen, max_draws, tester);
}

// The i.i.d. candidates of random-pick and bitmap-random: low + a uniform
// draw below num, two per 64-bit draw (high half, then low half).
struct UniformCandidates {
  sim::Rng& rng;
  uint32_t low, num;

  uint16_t At(uint32_t draw) const {
    return static_cast<uint16_t>(low + ((uint64_t{draw} * num) >> 32));
  }
  template <class Usable>
  Drawn Scan(int64_t max_draws, Usable usable) {
    sim::Rng gen = rng;  // a local copy stays in registers
    Drawn d{max_draws, std::nullopt};
    for (int64_t i = 0; i < max_draws; i += 2) {
      const uint64_t w = gen.Next64();
      const uint16_t first = At(static_cast<uint32_t>(w >> 32));
      if (usable(first)) {
        d = {i + 1, first};
        break;
      }
      if (i + 1 == max_draws) break;
      const uint16_t second = At(static_cast<uint32_t>(w));
      if (usable(second)) {
        d = {i + 2, second};
        break;
      }
    }
    rng = gen;
    return d;
  }
  void Fill(uint16_t* out, int n) {
    for (int i = 0; i < n; i += 2) {
      const uint64_t w = rng.Next64();
      out[i] = At(static_cast<uint32_t>(w >> 32));
      out[i + 1] = At(static_cast<uint32_t>(w));
    }
  }
  void Keep(int) {}
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_STRATEGIES_CANDIDATE_BATCHES_H_
