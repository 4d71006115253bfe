#include "portlab/stack/port_bitmap.h"

#include <algorithm>

namespace portlab::stack {
namespace {

// Bits of word w that lie in [lo, hi).
uint64_t Window(int w, int lo, int hi) {
  const int first = std::max(lo - w * 64, 0);
  const int last = std::min(hi - w * 64, 64);  // exclusive
  const uint64_t upto = last >= 64 ? ~uint64_t{0} : (uint64_t{1} << last) - 1;
  return upto & (~uint64_t{0} << first);
}

}  // namespace

// Debian builds for baseline x86-64, whose popcount is a libgcc call; these
// two loops are popcounts and little else, so they get a POPCNT clone chosen
// at load time where the CPU has the instruction.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PORTLAB_POPCOUNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define PORTLAB_POPCOUNT_CLONES
#endif

PORTLAB_POPCOUNT_CLONES int PortBitmap::CountClear(int lo, int hi) const {
  if (lo >= hi) return 0;
  const int first = lo >> 6, last = (hi - 1) >> 6;
  if (first == last) return std::popcount(~words_[first] & Window(first, lo, hi));
  int n = std::popcount(~words_[first] & Window(first, lo, hi)) +
          std::popcount(~words_[last] & Window(last, lo, hi));
  // Whole words in between: four independent sums keep the adds off one chain.
  int a = 0, b = 0, c = 0, d = 0;
  int w = first + 1;
  for (; w + 4 <= last; w += 4) {
    a += std::popcount(~words_[w]);
    b += std::popcount(~words_[w + 1]);
    c += std::popcount(~words_[w + 2]);
    d += std::popcount(~words_[w + 3]);
  }
  for (; w < last; ++w) a += std::popcount(~words_[w]);
  return n + a + b + c + d;
}

PORTLAB_POPCOUNT_CLONES int PortBitmap::NthClear(int lo, int hi, int n) const {
  if (lo >= hi || n < 0) return -1;
  const int first = lo >> 6, last = (hi - 1) >> 6;
  auto clear_in = [&](int w) {
    const uint64_t clear = ~words_[w];
    return w == first || w == last ? clear & Window(w, lo, hi) : clear;
  };
  int w = first;
  // Whole blocks of 8 words strictly inside the range go by their total, so
  // the running count is updated once per block rather than once per word.
  if (w < last) {
    const int c = std::popcount(clear_in(w));
    if (n < c) return w * 64 + SelectBit(clear_in(w), n);
    n -= c;
    ++w;
  }
  for (; w + 8 <= last; w += 8) {
    const int c = std::popcount(~words_[w]) + std::popcount(~words_[w + 1]) +
                  std::popcount(~words_[w + 2]) + std::popcount(~words_[w + 3]) +
                  std::popcount(~words_[w + 4]) + std::popcount(~words_[w + 5]) +
                  std::popcount(~words_[w + 6]) + std::popcount(~words_[w + 7]);
    if (n < c) break;
    n -= c;
  }
  for (; w <= last; ++w) {
    const uint64_t clear = clear_in(w);
    const int c = std::popcount(clear);
    if (n < c) return w * 64 + SelectBit(clear, n);
    n -= c;
  }
  return -1;
}

}  // namespace portlab::stack
