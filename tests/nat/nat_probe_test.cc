// RFC 5780 discovery classifies every NAT profile as its definition says.
#include <catch2/catch.hpp>

#include "portlab/nat/nat_probe.h"
#include "portlab/nat/nat_profiles.h"

namespace portlab::nat {
namespace {

TEST_CASE("nat-probe: every profile classifies as its definition says", "[nat]") {
  for (const NatProfile& p : NatProfiles()) {
    CAPTURE(p.name);
    absl::StatusOr<ProbeReport> r = ProbeNat(p.config, 1);
    REQUIRE(r.ok());
    // Filtering: a mapping-dependent NAT that filters by endpoint still
    // looks APD to the test (the answer from A2:P2 is for a mapping made
    // toward A1:P1), so compare where the test can see.
    CHECK(DependenceName(r->mapping) == DependenceName(p.config.mapping));
    CHECK(DependenceName(r->filtering) == DependenceName(p.config.filtering));
    CHECK(r->classic == p.classic);
    // RFC 5780 §4.5: to its own mapped address from a different port; the
    // hairpinned request comes from the NAT's own outside endpoint, which
    // only an endpoint-independent filter admits.
    CHECK(r->hairpinning == (p.config.hairpinning && p.config.filtering == Dependence::kEndpointIndependent));
    REQUIRE(r->binding_lifetime.has_value());
    CHECK(*r->binding_lifetime == p.config.timeouts.udp);
  }
}

TEST_CASE("nat-probe: knobs change what it finds", "[nat]") {
  struct Case {
    Dependence mapping, filtering;
    const char* classic;
  };
  const Case cases[] = {
      {Dependence::kEndpointIndependent, Dependence::kEndpointIndependent, "full cone"},
      {Dependence::kEndpointIndependent, Dependence::kAddressDependent, "restricted cone"},
      {Dependence::kEndpointIndependent, Dependence::kAddressAndPortDependent, "port-restricted cone"},
      {Dependence::kAddressDependent, Dependence::kAddressDependent, "symmetric"},
      {Dependence::kAddressAndPortDependent, Dependence::kAddressAndPortDependent, "symmetric"},
  };
  for (const Case& c : cases) {
    NatConfig config = FindNatProfile("rfc-recommended")->config;
    config.mapping = c.mapping;
    config.filtering = c.filtering;
    config.timeouts.udp = Duration::Seconds(123);
    absl::StatusOr<ProbeReport> r = ProbeNat(config, 5);
    REQUIRE(r.ok());
    CHECK(r->classic == c.classic);
    CHECK(r->mapping == c.mapping);
    CHECK(r->filtering == c.filtering);
    CHECK(*r->binding_lifetime == Duration::Seconds(123));
  }
}

}  // namespace
}  // namespace portlab::nat
