// ReplayConnectFill: the experiments of connect_latency_record (record.cc)
// replayed with portlab's own Linux strategy, giving the probes portlab
// counts for each call the kernel was timed on. The connect() latency fit
// (fit.cc) and its test (tests/stack/connect_latency_test.cc) pair each
// recorded call with these.
//
// A port is usable for connect() toward a destination when no socket holds
// it toward that destination and no bind() holds it; for bind(0) when
// nothing holds it (no SO_REUSEADDR), as in the namespace the tool makes.
//
// Example:
//   std::vector<ReplayedCall> calls = ReplayConnectFill("connect", 40000, 4096, 32, seed);
#ifndef PORTLAB_BENCH_CONNECT_LATENCY_REPLAY_H_
#define PORTLAB_BENCH_CONNECT_LATENCY_REPLAY_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "portlab/net/ip_address.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::bench {

struct ReplayedCall {
  bool connect = true;  // else bind(0)
  int dest_held = 0;    // ports held toward the call's destination when it began
  bool ok = true;
  int64_t probes = 0;
};

// The held ports of one fill, as the namespace's tables see them.
class ReplayTester : public stack::PortTester {
 public:
  ReplayTester(const std::vector<std::vector<bool>>* toward, const std::vector<bool>* bound, int dest)
      : toward_(toward), bound_(bound), dest_(dest) {}
  bool Usable(uint16_t port) override {
    if ((*bound_)[port]) return false;
    if (dest_ >= 0) return !(*toward_)[dest_][port];
    for (const std::vector<bool>& t : *toward_) {
      if (t[port]) return false;
    }
    return true;
  }

 private:
  const std::vector<std::vector<bool>>* toward_;
  const std::vector<bool>* bound_;
  int dest_;  // -1: bind(0)
};

// The calls of `experiment` ("connect", "connect-4dst", "bind-connect") on
// [lo, lo + ports), `failures` failing calls after the range is full, as
// record.cc makes them.
inline std::vector<ReplayedCall> ReplayConnectFill(std::string_view experiment, int lo, int ports, int failures,
                                                   uint64_t seed) {
  std::unique_ptr<stack::EphemeralStrategy> strategy = stack::MakeStrategy("linux", seed).value();
  const int destinations = experiment == "connect-4dst" ? 4 : 1;
  std::vector<std::vector<bool>> toward(destinations, std::vector<bool>(65536, false));
  std::vector<bool> bound(65536, false);
  std::vector<int> held(destinations, 0);
  std::vector<ReplayedCall> calls;
  stack::PortRequest r;
  r.range = net::PortRange{net::Port(static_cast<uint16_t>(lo)), net::Port(static_cast<uint16_t>(lo + ports - 1))};
  r.saddr = net::IpAddress::V4(0x0a4d0001);  // 10.77.0.1
  r.dport = net::Port(9);
  auto connect = [&](int d) {
    r.purpose = stack::PortPurpose::kConnect;
    r.daddr = net::IpAddress::V4(0x0a4d0002 + static_cast<uint32_t>(d));  // 10.77.0.2..
    ReplayTester tester(&toward, &bound, d);
    stack::PortSelection sel = strategy->Select(r, tester);
    calls.push_back({true, held[d], sel.port.has_value(), sel.probes});
    if (sel.port) {
      toward[d][sel.port->value()] = true;
      ++held[d];
    }
    return sel.port.has_value();
  };
  if (experiment == "bind-connect") {
    for (int i = 0; i < ports / 2; ++i) {
      ReplayTester tester(&toward, &bound, -1);
      r.purpose = stack::PortPurpose::kBind;
      stack::PortSelection sel = strategy->Select(r, tester);
      calls.push_back({false, i, sel.port.has_value(), sel.probes});
      if (sel.port) bound[sel.port->value()] = true;
    }
  }
  if (destinations == 1) {
    while (connect(0)) {}
    for (int i = 1; i < failures; ++i) connect(0);
  } else {
    std::vector<bool> done(destinations, false);
    for (int left = destinations; left > 0;) {
      for (int d = 0; d < destinations; ++d) {
        if (!done[d] && !connect(d)) {
          done[d] = true;
          --left;
        }
      }
    }
  }
  return calls;
}

}  // namespace portlab::bench

#endif  // PORTLAB_BENCH_CONNECT_LATENCY_REPLAY_H_
