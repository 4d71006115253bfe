// BitmapTester: a PortTester over one PortBitmap of used ports, for driving
// a strategy without a host (the strategy analysis, the strategy
// benchmarks). A port is usable when its bit is clear. Runs of used ports
// are skipped a word at a time, and free ports are counted and indexed with
// popcounts, so every strategy can be measured at 99.9 % occupancy without
// paying for candidates one by one while still reporting the probes its
// algorithm makes.
//
// Example:
//   PortBitmap used;
//   used.Set(40000);
//   BitmapTester tester(used);
//   PortSelection sel = strategy->Select(request, tester);
//
// Thread safety: reads the bitmap; the caller keeps it alive and unchanged
// during a Select().
#ifndef PORTLAB_STACK_BITMAP_TESTER_H_
#define PORTLAB_STACK_BITMAP_TESTER_H_

#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::stack {

class BitmapTester : public PortTester {
 public:
  explicit BitmapTester(const PortBitmap& used) : used_(used) {}

  bool Usable(uint16_t port) override { return !used_.Test(port); }
  // Steps 1 and 2 a word at a time; other steps candidate by candidate.
  int FirstUsable(const PortScan& scan) override;
  int FirstUsableOf(const uint16_t* ports, int n) override {
    for (int i = 0; i < n; ++i) {
      if (!used_.Test(ports[i])) return i;
    }
    return n;
  }
  bool CanCount() const override { return true; }
  const PortBitmap* UsedBitmap() const override { return &used_; }
  // Step 1 by popcounts; other steps by the defaults.
  int CountUsable(const PortScan& scan) override;
  int NthUsable(const PortScan& scan, int n) override;

 private:
  const PortBitmap& used_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_BITMAP_TESTER_H_
