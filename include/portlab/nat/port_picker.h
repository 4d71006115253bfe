// PortPicker: the order in which a NAT tries outside ports for a new
// mapping (RFC 4787 §4.2), separate from whether a port is free (a tester
// the NAT supplies), as stack/ephemeral_strategy.h does for hosts.
//
// Preservation tries x' = x first; parity keeps x's parity (REQ-4);
// sequential continues after the last port given on that address; random
// starts anywhere; netfilter is nf_nat_l4proto_unique_tuple: a random
// start, sequential search of min(range, 128) ports, then rounds of 64,
// 32, 16 and 8 from new random starts (at most 248 probes), then failure.
//
// Example:
//   PortPicker picker(config, DeriveSeed(seed, "nat:cgn"));
//   PortPick p = picker.Pick({inside_port, 1024, 65535, addr_index},
//                            [&](uint16_t port) { return IsFree(port); });
//
// Deterministic for a seed. Not thread-safe.
#ifndef PORTLAB_NAT_PORT_PICKER_H_
#define PORTLAB_NAT_PORT_PICKER_H_

#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "portlab/base/rng.h"
#include "portlab/nat/nat_config.h"

namespace portlab::nat {

struct PortRequest {
  uint16_t inside_port = 0;
  uint16_t lo = 1024;  // the range to search, inclusive
  uint16_t hi = 65535;
  uint32_t cursor = 0;  // which sequential cursor (one per outside address)
};

struct PortPick {
  uint16_t port = 0;  // 0: none free
  int64_t probes = 0;
};

class PortPicker {
 public:
  PortPicker(const NatConfig& config, uint64_t seed) : config_(config), rng_(seed) {}
  PortPick Pick(const PortRequest& r, absl::FunctionRef<bool(uint16_t)> is_free);

  // The range a source port's outside port comes from: with `low_ports`,
  // ports below 1024 stay below 1024 (RFC 4787 REQ-3a; netfilter: 1-511
  // and 600-1023), otherwise [port_lo, port_hi].
  static void ClassRange(const NatConfig& c, uint16_t inside_port, uint16_t* lo, uint16_t* hi);

 private:
  PortPick Netfilter(const PortRequest& r, absl::FunctionRef<bool(uint16_t)> is_free);
  const NatConfig& config_;
  Rng rng_;
  std::vector<uint32_t> cursors_;
};

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_PORT_PICKER_H_
