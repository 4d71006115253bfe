#include "portlab/analysis/strategy_driver.h"

#include <algorithm>
#include <string>

namespace portlab::analysis {

// A port is usable unless its bit is set. FirstUsable jumps over a word of
// 64 used ports at once; the strategy's probe count is unaffected because
// strategies count candidates from the index returned, not from calls.
class StrategyDriver::Tester : public stack::PortTester {
 public:
  explicit Tester(const stack::PortBitmap& used) : used_(used) {}
  bool Usable(uint16_t port) override { return !used_.Test(port); }

  int FirstUsable(const stack::PortScan& scan) override {
    if (scan.step != 1 && scan.step != 2) return PortTester::FirstUsable(scan);
    int i = 0;
    while (i < scan.count) {
      const int p = scan.PortAt(i);
      if (!used_.Test(p)) return i;
      if (used_.word(p >> 6) == ~uint64_t{0}) {
        // Every candidate up to the end of this word (or the wrap point at
        // scan.high) is used: skip them in one go.
        const int word_end = std::min((p | 63) + 1, scan.high);
        const int skip = (word_end - p + scan.step - 1) / scan.step;
        i += skip > 0 ? skip : 1;
      } else {
        ++i;
      }
    }
    return scan.count;
  }

 private:
  const stack::PortBitmap& used_;
};

StrategyFactory FactoryFor(std::string_view name) {
  std::string n(name);
  return [n](uint64_t seed) { return stack::MakeStrategy(n, seed); };
}

Destination DefaultDestination() {
  return {net::IpAddress::V4(0xC0000201), net::Port(443)};
}

StrategyDriver::StrategyDriver(std::unique_ptr<stack::EphemeralStrategy> strategy,
                               net::PortRange range, sim::Duration tick)
    : strategy_(std::move(strategy)), range_(range), tick_(tick) {}

stack::PortSelection StrategyDriver::Connect(const Destination& to) {
  now_ = now_ + tick_;
  stack::PortRequest req;
  req.purpose = stack::PortPurpose::kConnect;
  req.range = range_;
  req.saddr = net::IpAddress::V4(0x0A000001);
  req.daddr = to.addr;
  req.dport = to.port;
  req.now = now_;
  Tester tester(used_);
  stack::PortSelection sel = strategy_->Select(req, tester);
  if (sel.port) {
    used_.Set(sel.port->value());
    ++used_count_;
  }
  return sel;
}

void StrategyDriver::Release(net::Port port) {
  used_.Clear(port.value());
  --used_count_;
}

}  // namespace portlab::analysis
