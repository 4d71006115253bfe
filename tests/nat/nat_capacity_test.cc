// NatCapacity (nat/nat_capacity.h): the providers' documented arithmetic,
// one row per figure a provider's documentation gives.
#include "portlab/nat/nat_capacity.h"

#include <catch2/catch.hpp>

#include <string>

#include "portlab/nat/nat_profiles.h"

namespace portlab::nat {
namespace {

struct CapacityCase {
  const char* what;
  const char* profile;
  const char* block_size;  // port_block_size knob, or nullptr for the profile's
  uint32_t addresses;
  uint32_t instances;
  uint32_t block_ports;
  uint32_t blocks_per_address;
  uint32_t max_blocks;
  int64_t ports_per_subscriber;
  int64_t served;
  uint32_t per_destination;
};

TEST_CASE("NAT capacity: each provider's documented arithmetic", "[nat]") {
  const CapacityCase cases[] = {
      // GCP: floor(64,512 / ports per VM) VMs per NAT IP, a block never on two IPs.
      {"GitLab: 2,048 ports per VM on 14 NAT IPs", "gcp-cloud-nat", "2048", 14, 460, 2048, 31, 1, 2048, 434, 0},
      {"6 VMs, 16,384-port blocks, 2 NAT IPs", "gcp-cloud-nat", "16384", 2, 6, 16384, 3, 1, 16384, 6, 0},
      {"the default 64 ports per VM: 1,008 VMs per NAT IP", "gcp-cloud-nat", nullptr, 1, 1, 64, 1008, 1, 64, 1008, 0},
      {"dynamic: 32 to 65,536 ports per VM", "gcp-cloud-nat-dynamic", nullptr, 1, 1, 32, 2016, 12, 65536, 2016, 0},
      // Azure: MIN(table(pool) x frontend IPs, 1024), 64,000 ports per IP.
      {"Azure, pool of 100, one frontend: 512", "azure-snat", nullptr, 1, 100, 512, 125, 1, 512, 125, 0},
      {"Azure, pool of 100, two frontends: 1,024", "azure-snat", nullptr, 2, 100, 512, 125, 2, 1024, 250, 0},
      {"Azure, pool of 100, three frontends: still 1,024", "azure-snat", nullptr, 3, 100, 512, 125, 2, 1024, 375, 0},
      {"Azure, pool of 10, two frontends: 1,024", "azure-snat", nullptr, 2, 10, 1024, 62, 1, 1024, 124, 0},
      {"Azure, pool of 300, two frontends: 256", "azure-snat", nullptr, 2, 300, 128, 500, 2, 256, 1000, 0},
      {"Azure, pool of 1,000, sixteen frontends: 512", "azure-snat", nullptr, 16, 1000, 32, 2000, 16, 512, 32000, 0},
      // AWS: no blocks; 55,000 per destination per address.
      {"AWS, one address", "aws-nat-gateway", nullptr, 1, 1, 0, 0, 0, 0, 0, 55000},
      {"AWS, eight addresses", "aws-nat-gateway", nullptr, 8, 1, 0, 0, 0, 0, 0, 55000},
      {"CGNAT: 4 blocks of 256", "cgnat", nullptr, 1, 1, 256, 252, 4, 1024, 252, 0},
  };
  for (const CapacityCase& k : cases) {
    CAPTURE(k.what);
    NatConfig c = FindNatProfile(k.profile)->config;
    if (k.block_size) REQUIRE(SetNatKnob(c, "port_block_size", k.block_size).ok());
    absl::StatusOr<NatCapacity> cap = ComputeNatCapacity(c, k.addresses, k.instances, 256);
    REQUIRE(cap.ok());
    CHECK(cap->addresses == k.addresses);
    CHECK(cap->block_ports == k.block_ports);
    CHECK(cap->blocks_per_address == k.blocks_per_address);
    CHECK(cap->max_blocks_per_subscriber == k.max_blocks);
    CHECK(cap->ports_per_subscriber == k.ports_per_subscriber);
    CHECK(cap->subscribers_served == k.served);
    CHECK(cap->per_destination == k.per_destination);
  }
}

TEST_CASE("NAT capacity: ports per address by profile", "[nat]") {
  const std::pair<const char*, uint32_t> cases[] = {
      {"gcp-cloud-nat", 64512},  // "64,512 TCP source ports" per NAT IP
      {"aws-nat-gateway", 64512},  // "ports 1024-65535"
      {"azure-snat", 64000},  // "Each IP address provides 64,000 ports"
  };
  for (const auto& [profile, ports] : cases) {
    CAPTURE(profile);
    absl::StatusOr<NatCapacity> cap = ComputeNatCapacity(FindNatProfile(profile)->config, 1, 1, 256);
    REQUIRE(cap.ok());
    CHECK(cap->ports_per_address == ports);
  }
}

TEST_CASE("Azure's default ports: the table per frontend IP, at most 1,024", "[nat]") {
  struct Case {
    uint32_t instances, frontends, ports;
  } cases[] = {{1, 1, 1024},  {50, 4, 1024},  {51, 1, 512},  {100, 2, 1024}, {100, 3, 1024},
               {101, 2, 512}, {201, 3, 384},  {400, 8, 1024}, {401, 2, 128}, {1000, 1, 32}, {1000, 40, 1024}};
  for (const Case& k : cases) {
    CAPTURE(k.instances, k.frontends);
    absl::StatusOr<uint32_t> ports = AzureDefaultPorts(k.instances, k.frontends);
    REQUIRE(ports.ok());
    CHECK(*ports == k.ports);
  }
  CHECK_FALSE(AzureDefaultPorts(1001, 1).ok());
}

TEST_CASE("NAT capacity: deterministic NAT's range and the subscriber limit", "[nat]") {
  NatConfig c = FindNatProfile("rfc-recommended")->config;
  REQUIRE(SetNatKnob(c, "deterministic", "true").ok());
  absl::StatusOr<NatCapacity> cap = ComputeNatCapacity(c, 1, 1, 256);
  REQUIRE(cap.ok());
  CHECK(cap->ports_per_subscriber == 64512 / 256);
  REQUIRE(SetNatKnob(c, "max_ports_per_subscriber", "100").ok());
  cap = ComputeNatCapacity(c, 1, 1, 256);
  REQUIRE(cap.ok());
  CHECK(cap->ports_per_subscriber == 100);
  NatConfig bad = FindNatProfile("gcp-cloud-nat")->config;
  bad.port_block_size = 70000;  // larger than the range
  CHECK_FALSE(ComputeNatCapacity(bad, 1, 1, 256).ok());
}

}  // namespace
}  // namespace portlab::nat
