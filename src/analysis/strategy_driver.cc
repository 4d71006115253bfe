#include "portlab/analysis/strategy_driver.h"

#include <algorithm>
#include <string>

#include "portlab/stack/bitmap_tester.h"

namespace portlab::analysis {

StrategyFactory FactoryFor(std::string_view name) {
  std::string n(name);
  return [n](uint64_t seed) { return stack::MakeStrategy(n, seed); };
}

Destination DefaultDestination() {
  return {net::IpAddress::V4(0xC0000201), net::Port(443)};
}

StrategyDriver::StrategyDriver(std::unique_ptr<stack::EphemeralStrategy> strategy,
                               net::PortRange range, Duration tick)
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
  stack::BitmapTester tester(used_);
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
