// The most outside ports one subscriber may hold, as the report's reference
// line draws it: the smallest of max_ports_per_subscriber, the port blocks
// (fixed or doubling) and the deterministic share.
#include <catch2/catch.hpp>

#include "nat/nat_harness.h"

namespace portlab::nat::testing {
namespace {

TEST_CASE("a NAT's per-subscriber port limit comes from its knobs", "[nat]") {
  struct Case {
    const char* name;
    NatConfig config;
    int64_t limit;
  };
  NatConfig none = Profile("rfc-recommended");
  NatConfig capped = none;
  capped.max_ports_per_subscriber = 100;
  NatConfig cgnat = Profile("cgnat");  // 4 blocks of 256
  NatConfig two_small_blocks = cgnat;
  two_small_blocks.port_block_size = 64;
  two_small_blocks.port_blocks = 2;
  NatConfig blocks_and_cap = two_small_blocks;
  blocks_and_cap.max_ports_per_subscriber = 100;
  NatConfig doubling = Profile("gcp-cloud-nat-dynamic");  // 32 << 11
  NatConfig deterministic = cgnat;
  deterministic.port_block_size = 0;
  deterministic.deterministic = true;
  deterministic.port_lo = 1024;
  deterministic.port_hi = 1031;  // 8 ports for the /30's 4 subscribers
  const Case cases[] = {
      {"no limit", none, 0},
      {"max_ports_per_subscriber", capped, 100},
      {"port blocks", cgnat, 1024},
      {"two blocks of 64", two_small_blocks, 128},
      {"the smaller of blocks and cap", blocks_and_cap, 100},
      {"doubling blocks", doubling, 65536},
      {"deterministic share", deterministic, 2},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    NatHarness h(c.config, {"203.0.113.1"}, {}, "100.64.0.0", c.config.deterministic ? 30 : 24);
    CHECK(h.nat->SubscriberPortLimit() == c.limit);
  }
}

}  // namespace
}  // namespace portlab::nat::testing
