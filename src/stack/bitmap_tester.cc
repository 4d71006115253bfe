#include "portlab/stack/bitmap_tester.h"

#include <algorithm>
#include <bit>

namespace portlab::stack {
namespace {

// A step-1 scan is at most two runs of consecutive ports: from low + offset
// up to high, then from low after the wrap.
struct Runs {
  int first_lo, first_len;
  int second_lo, second_len;
};

Runs RunsOf(const PortScan& scan) {
  const int start = scan.PortAt(0);
  const int first = std::min(scan.count, scan.high - start);
  return {start, first, scan.low, scan.count - first};
}

}  // namespace

int BitmapTester::FirstUsable(const PortScan& scan) {
  if (scan.step != 1 && scan.step != 2) return PortTester::FirstUsable(scan);
  const uint64_t pattern = scan.step == 1 ? ~uint64_t{0} : 0x5555555555555555ULL;
  int i = 0;
  while (i < scan.count) {
    int p = scan.PortAt(i);
    // Candidates from i continue linearly until the port reaches `high`.
    const int run_end = std::min(scan.count, i + (scan.high - p + scan.step - 1) / scan.step);
    while (i < run_end) {
      const int bit = p & 63;
      const uint64_t blocked = used_.word(p >> 6) >> bit;
      const int in_word = std::min(run_end - i, (64 - bit + scan.step - 1) / scan.step);
      const int span_bits = (in_word - 1) * scan.step + 1;
      const uint64_t window = span_bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << span_bits) - 1);
      const uint64_t free = ~blocked & pattern & window;
      if (free) return i + std::countr_zero(free) / scan.step;
      i += in_word;
      p += in_word * scan.step;
    }
  }
  return scan.count;
}

int BitmapTester::CountUsable(const PortScan& scan) {
  if (scan.step != 1 || scan.count <= 0) return PortTester::CountUsable(scan);
  const Runs r = RunsOf(scan);
  return used_.CountClear(r.first_lo, r.first_lo + r.first_len) +
         used_.CountClear(r.second_lo, r.second_lo + r.second_len);
}

int BitmapTester::NthUsable(const PortScan& scan, int n) {
  if (scan.step != 1 || scan.count <= 0) return PortTester::NthUsable(scan, n);
  const Runs r = RunsOf(scan);
  if (r.second_len == 0) {
    const int port = used_.NthClear(r.first_lo, r.first_lo + r.first_len, n);
    return port < 0 ? scan.count : port - r.first_lo;
  }
  const int in_first = used_.CountClear(r.first_lo, r.first_lo + r.first_len);
  if (n < in_first) return used_.NthClear(r.first_lo, r.first_lo + r.first_len, n) - r.first_lo;
  const int port = used_.NthClear(r.second_lo, r.second_lo + r.second_len, n - in_first);
  return port < 0 ? scan.count : r.first_len + (port - r.second_lo);
}

}  // namespace portlab::stack
