// StrategyDriver: runs one EphemeralStrategy for connect() without a Host.
//
// The analyses (cost, reuse, predictability, linkability) need nothing of a
// host but "which ports are in use" and a clock. The driver keeps the used
// ports in a PortBitmap, answers the strategy's PortTester questions from it
// (skipping fully used 64-port words, while the strategy still counts every
// candidate it would have examined), and advances a simulated clock by a
// fixed tick before each connect() so time-keyed strategies (Linux re-salts
// its port offset every 10 s) see time pass.
//
// Example:
//   StrategyDriver d(MakeStrategy("linux", seed).value(), range, Millis(1));
//   stack::PortSelection sel = d.Connect(DefaultDestination());
//   if (sel.port) d.Release(*sel.port);
//
// Ownership: the driver owns its strategy. Thread safety: none.
#ifndef PORTLAB_ANALYSIS_STRATEGY_DRIVER_H_
#define PORTLAB_ANALYSIS_STRATEGY_DRIVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "portlab/base/time.h"
#include "portlab/net/ip_address.h"
#include "portlab/net/port.h"
#include "portlab/stack/ephemeral_strategy.h"
#include "portlab/stack/port_bitmap.h"

namespace portlab::analysis {

// Builds a fresh strategy with its own per-boot secrets from `seed`.
using StrategyFactory =
    std::function<absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>>(uint64_t seed)>;

// The factory for a name of stack::Strategies() (stack::MakeStrategy).
StrategyFactory FactoryFor(std::string_view name);

// Linux's default ip_local_port_range (net/ipv4/af_inet.c inet_init_net).
inline constexpr net::PortRange kDefaultRange{net::Port(32768), net::Port(60999)};

// One remote endpoint of a connect().
struct Destination {
  net::IpAddress addr;
  net::Port port;
};

// 192.0.2.1:443 (RFC 5737 TEST-NET-1), the "one destination" of the axes.
Destination DefaultDestination();

class StrategyDriver {
 public:
  // REQUIRES: strategy != nullptr; range.lo > 0.
  StrategyDriver(std::unique_ptr<stack::EphemeralStrategy> strategy, net::PortRange range,
                 Duration tick);

  // Advances the clock by one tick and asks the strategy for a connect()
  // port toward `to` from 10.0.0.1; a chosen port is marked used. Returns
  // the selection (no port when every candidate was in use).
  stack::PortSelection Connect(const Destination& to);
  // Marks `port` free again. REQUIRES: it was handed out by Connect().
  void Release(net::Port port);
  // Moves the clock forward without connecting.
  void Advance(Duration d) { now_ = now_ + d; }

  net::PortRange range() const { return range_; }
  int used_count() const { return used_count_; }

 private:

  std::unique_ptr<stack::EphemeralStrategy> strategy_;
  net::PortRange range_;
  Duration tick_;
  SimTime now_;
  stack::PortBitmap used_;
  int used_count_ = 0;
};

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_STRATEGY_DRIVER_H_
