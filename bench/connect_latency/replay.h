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

// The held ports of one fill, as the namespace's tables see them: one byte
// a port (not std::vector<bool>, whose every access is a call in the
// unoptimised sanitizer build, where the test's billion probes took four
// minutes).
using PortFlags = std::vector<uint8_t>;

class ReplayTester : public stack::PortTester {
 public:
  ReplayTester(const std::vector<PortFlags>* toward, const PortFlags* bound, int dest)
      : toward_(toward), bound_(bound->data()),
        toward_dest_(dest >= 0 ? (*toward)[static_cast<size_t>(dest)].data() : nullptr) {}
  bool Usable(uint16_t port) override {
    if (bound_[port]) return false;
    if (toward_dest_) return !toward_dest_[port];
    for (const PortFlags& t : *toward_) {
      if (t.data()[port]) return false;
    }
    return true;
  }

 private:
  const std::vector<PortFlags>* toward_;
  const uint8_t* bound_;
  const uint8_t* toward_dest_;  // nullptr: bind(0), usable when no destination holds it
};

// The calls of `experiment` ("connect", "connect-4dst", "bind-connect") on
// [lo, lo + ports), `failures` failing calls after the range is full, as
// record.cc makes them.
inline std::vector<ReplayedCall> ReplayConnectFill(std::string_view experiment, int lo, int ports, int failures,
                                                   uint64_t seed) {
  std::unique_ptr<stack::EphemeralStrategy> strategy = stack::MakeStrategy("linux", seed).value();
  const int destinations = experiment == "connect-4dst" ? 4 : 1;
  std::vector<PortFlags> toward(destinations, PortFlags(65536, 0));
  PortFlags bound(65536, 0);
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
      toward[d][sel.port->value()] = 1;
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
      if (sel.port) bound[sel.port->value()] = 1;
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
