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
//   hairpinning (§4.5): the client sends to its own mapped address from a
//     different port; it hears itself when the NAT hairpins and its filter
//     lets the hairpinned request in (so only an endpoint-independent
//     filter shows a hairpin).
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
#include "portlab/base/time.h"
#include "portlab/nat/nat_config.h"
#include "portlab/net/ip_address.h"

namespace portlab::nat {

struct ProbeReport {
  Dependence mapping = Dependence::kEndpointIndependent;
  Dependence filtering = Dependence::kEndpointIndependent;
  std::string classic;  // "full cone", "restricted cone", "port-restricted cone", "symmetric"
  bool hairpinning = false;
  // The shortest idle time after which the binding was gone (1 s
  // precision), or nullopt when it outlived the search's upper bound.
  std::optional<Duration> binding_lifetime;
  int lifetime_probes = 0;
  std::vector<std::string> log;  // one line per test, for the report
};

// "full cone", "restricted cone", "port-restricted cone" or "symmetric".
std::string_view ClassicName(Dependence mapping, Dependence filtering);

// Where the probe's client and NAT sit. The defaults are `portlab
// nat-probe`'s; a scenario's nat-probe step puts the client in its NAT's
// inside network and uses the NAT's first outside address (ProbeLabFor).
// The server is always 192.0.2.1 and 192.0.2.2, ports 3478 and 3479.
struct ProbeLab {
  net::IpAddress client = net::IpAddress::V4(0xC0A80164);          // 192.168.1.100
  uint16_t client_port = 5000;
  net::IpAddress outside = net::IpAddress::V4(0xCB007101);         // 203.0.113.1
  net::IpAddress inside_network = net::IpAddress::V4(0xC0A80100);  // 192.168.1.0
  int inside_prefix = 24;
};

// The lab for an IPv4 NAT with this inside network and outside address: the
// client is the network's address + 100 (or its last host address when the
// network is smaller).
ProbeLab ProbeLabFor(const net::IpAddress& inside_network, int inside_prefix, const net::IpAddress& outside);

// Runs every test on fresh NATs built from `config` (UDP, one outside
// address), placed as `lab` says. InvalidArgument when the config cannot
// make a NAT; FailedPrecondition when the NAT drops a test's request.
absl::StatusOr<ProbeReport> ProbeNat(const NatConfig& config, uint64_t seed, const ProbeLab& lab = ProbeLab());

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_PROBE_H_
