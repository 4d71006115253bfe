// ProbeNat: RFC 5780 NAT behaviour discovery, run from a simulated client
// behind a NatBox against a simulated STUN-like server with two addresses
// (A1, A2) and two ports (P1, P2).
//
//   mapping (§4.3): Test I to A1:P1, Test II to A2:P1, Test III to A2:P2;
//     I == II: endpoint-independent; else II == III: address-dependent;
//     else address-and-port-dependent.
//   filtering (§4.4): after Test I, the server answers from A2:P2 (Test II)
//     and from A1:P2 (Test III): II arrives: endpoint-independent; else III
//     arrives: address-dependent; else address-and-port-dependent.
//   hairpinning (§4.5): the client sends to its own mapped address; it
//     hears itself when the NAT hairpins (and its filter lets it in).
//   binding lifetime (§4.6): binary search of the idle time after which the
//     server's answer to the mapping of Test I no longer arrives.
// The classic RFC 3489 name follows from mapping and filtering
// (reference/nat.md).
//
// Example:
//   ProbeReport r = ProbeNat(FindNatProfile("linux-masquerade")->config, 1);
//   // r.classic == "port-restricted cone"
#ifndef PORTLAB_NAT_NAT_PROBE_H_
#define PORTLAB_NAT_NAT_PROBE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/nat/nat_config.h"
#include "portlab/sim/time.h"

namespace portlab::nat {

struct ProbeReport {
  Dependence mapping = Dependence::kEndpointIndependent;
  Dependence filtering = Dependence::kEndpointIndependent;
  std::string classic;  // "full cone", "restricted cone", "port-restricted cone", "symmetric"
  bool hairpinning = false;
  // The shortest idle time after which the binding was gone (1 s
  // precision), or nullopt when it outlived the search's upper bound.
  std::optional<sim::Duration> binding_lifetime;
  int lifetime_probes = 0;
  std::vector<std::string> log;  // one line per test, for the report
};

// "full cone", "restricted cone", "port-restricted cone" or "symmetric".
std::string_view ClassicName(Dependence mapping, Dependence filtering);

// Runs every test on fresh NATs built from `config` (UDP, one outside
// address). InvalidArgument when the config cannot make a NAT.
absl::StatusOr<ProbeReport> ProbeNat(const NatConfig& config, uint64_t seed);

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_PROBE_H_
