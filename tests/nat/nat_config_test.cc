#include <catch2/catch.hpp>

#include "portlab/nat/nat_config.h"
#include "portlab/nat/nat_profiles.h"

namespace portlab::nat {
namespace {

TEST_CASE("NAT knobs by name: accepted and refused values", "[nat]") {
  struct Case {
    const char* knob;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"mapping", "address-dependent", true},
      {"mapping", "cone", false},
      {"filtering", "address-and-port-dependent", true},
      {"port_range", "1024 65535", true},
      {"port_range", "0 10", false},
      {"port_range", "2000 1000", false},
      {"udp_timeout", "30s", true},
      {"udp_timeout", "-1s", false},
      {"exhaustion", "icmp-admin-prohibited", true},
      {"exhaustion", "evict", false},
      {"hairpinning", "maybe", false},
      {"port_block_size", "256", true},
      {"port_block_size", "70000", false},
      {"one_block_per_address", "true", true},
      {"one_block_per_address", "sometimes", false},
      {"reset_stale_tcp", "on", true},
      {"reset_stale_tcp", "rst", false},
      {"max_outside_addresses", "8", true},
      {"max_outside_addresses", "257", false},
      {"no_such_knob", "1", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.knob, c.value);
    NatConfig config;
    CHECK(SetNatKnob(config, c.knob, c.value).ok() == c.ok);
  }
}

TEST_CASE("every NAT profile is valid and has a source", "[nat]") {
  CHECK(NatProfiles().size() == 11);
  for (const NatProfile& p : NatProfiles()) {
    CAPTURE(p.name);
    CHECK(ValidateNatConfig(p.config).ok());
    CHECK(!p.source.empty());
    CHECK(FindNatProfile(p.name) == &p);
  }
  CHECK(FindNatProfile("carrier-pigeon") == nullptr);
}

TEST_CASE("configurations the model refuses", "[nat]") {
  NatConfig c;
  c.port_overlapping = true;  // with EIF
  CHECK(!ValidateNatConfig(c).ok());
  c = NatConfig();
  c.port_lo = 1024;
  c.port_hi = 1030;
  c.port_block_size = 64;
  CHECK(!ValidateNatConfig(c).ok());
}

}  // namespace
}  // namespace portlab::nat
