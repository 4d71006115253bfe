// The testers' word-at-a-time scans (stack/port_testers.h).
#include "portlab/stack/port_testers.h"

#include <algorithm>
#include <bit>

namespace portlab::stack {
namespace {

// The candidates a scan takes within one bitmap word: from index `i` (port
// `p`, bit `bit` of its word) the next `in_word` ones, `step` ports apart
// (1 or 2; `shift` = step - 1, `pattern` the step's bits). `blocked` is the
// word's blocked ports. Returns the index of the first candidate neither
// blocked nor refused by `usable`, or -1. Both testers' word scans end here.
template <typename UsableFn>
int FirstUsableInTesterWord(uint64_t blocked, int bit, int in_word, int step, int shift,
                            uint64_t pattern, int i, int p, UsableFn&& usable) {
  const int span_bits = (in_word - 1) * step + 1;
  const uint64_t window = span_bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << span_bits) - 1);
  uint64_t free = ~(blocked >> bit) & pattern & window;
  while (free) {
    const int b = std::countr_zero(free);
    if (usable(static_cast<uint16_t>(p + b))) return i + (b >> shift);
    free &= free - 1;
  }
  return -1;
}

}  // namespace

int BindTester::FirstUsable(const PortScan& scan) {
  if (relaxed_ || !blocked_ || scan.step > 2) return PortTester::FirstUsable(scan);
  const uint64_t pattern = scan.step == 1 ? ~uint64_t{0} : 0x5555555555555555ULL;
  const int shift = scan.step - 1;  // divide by the step (1 or 2)
  int i = 0;
  while (i < scan.count) {
    int p = scan.PortAt(i);
    // Candidates from i continue linearly until the port reaches `high`.
    const int run_end = std::min(scan.count, i + ((scan.high - p + scan.step - 1) >> shift));
    while (i < run_end) {
      const int bit = p & 63, w = p >> 6;
      uint64_t blocked = blocked_->word(w);
      if (reserved_) blocked |= reserved_->word(w);
      const int in_word = std::min(run_end - i, (64 - bit + scan.step - 1) >> shift);
      const int found = FirstUsableInTesterWord(blocked, bit, in_word, scan.step, shift, pattern, i, p,
                                                [this](uint16_t port) { return Usable(port); });
      if (found >= 0) return found;
      i += in_word;
      p += in_word * scan.step;
    }
  }
  return scan.count;
}

int ConnectTester::FirstUsable(const PortScan& scan) {
  if (scan.step > 2) return PortTester::FirstUsable(scan);
  const bool used = dest_ && dest_->has_bits();
  const uint64_t pattern = scan.step == 1 ? ~uint64_t{0} : 0x5555555555555555ULL;
  // Divide by the step (1 or 2) with a shift: an idiv per word was ~40 %
  // of a scan over a full parity half.
  const int shift = scan.step - 1;
  const int per_word_log2 = 6 - shift;  // 64 or 32 candidates in a whole word
  auto blocked_word = [&](int w) {
    uint64_t b = explicit_->word(w);
    if (reserved_) b |= reserved_->word(w);
    if (used) b |= dest_->blocking_word(w, tw_reuse_);
    return b;
  };
  int i = 0;
  while (i < scan.count) {
    int p = scan.PortAt(i);
    // Candidates from i continue linearly until the port reaches `high`.
    int run_end = std::min(scan.count, i + ((scan.high - p + scan.step - 1) >> shift));
    while (i < run_end) {
      int bit = p & 63, w = p >> 6;
      if (bit <= shift) {
        // Aligned (bit 0, or bit 1 for odd ports at step 2): skip whole
        // words without a free candidate in a tight loop, the common case
        // once a parity half is full.
        const uint64_t mask = pattern << bit;
        const int w_end = w + ((run_end - i) >> per_word_log2);
        // Parities the scan visits: step 1 both, step 2 the one of p.
        const int parities = scan.step == 1 ? 3 : 1 << bit;
        int v = w;
        while (v < w_end) {
          // Words full toward this destination are skipped 64 at a time
          // by the summary; a word the summary calls open may still be
          // blocked by explicit binds or reserved ports.
          if (used) v = dest_->NextOpenWord(v, w_end, parities, tw_reuse_);
          if (v >= w_end || (~blocked_word(v) & mask)) break;
          ++v;
        }
        i += (v - w) << per_word_log2;
        p += (v - w) * 64;
        w = v;
        if (i >= run_end) break;
      }
      int in_word = std::min(run_end - i, (64 - bit + scan.step - 1) >> shift);
      const int found = FirstUsableInTesterWord(blocked_word(w), bit, in_word, scan.step, shift, pattern, i, p,
                                                [this](uint16_t port) { return Usable(port); });
      if (found >= 0) return found;
      i += in_word;
      p += in_word * scan.step;
    }
  }
  return scan.count;
}

}  // namespace portlab::stack
