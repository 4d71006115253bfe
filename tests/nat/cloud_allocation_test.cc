// Cloud NATs' per-VM port allocation: Google Cloud NAT's blocks on any NAT IP
// and its dynamic allocation (blocks that double a VM's ports), and Azure's
// default SNAT (ports per instance by backend pool size, per frontend IP).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "nat_harness.h"
#include "portlab/nat/port_blocks.h"

namespace portlab::nat {
namespace {

using testing::NatHarness;
using testing::Profile;

TEST_CASE("doubling blocks: each new block is as large as all the subscriber holds", "[nat]") {
  // Units of 32 ports over 1024-1535 (16 units); at most 4 blocks.
  PortBlocks blocks(32, 4, 1024, 1535, 1, /*doubling=*/true);
  const net::AddrId vm = 7;
  std::vector<PortBlock> got;
  for (int i = 0; i < 5; ++i) {
    std::optional<PortBlock> b = blocks.Grant(vm, 0);
    if (b) got.push_back(*b);
  }
  REQUIRE(got.size() == 4);  // the limit
  CHECK(got[0] == PortBlock{0, 1024, 1055});  // 32
  CHECK(got[1] == PortBlock{0, 1056, 1087});  // 32: 64 in all
  CHECK(got[2] == PortBlock{0, 1088, 1151});  // 64: 128
  CHECK(got[3] == PortBlock{0, 1152, 1279});  // 128: 256
  // Another VM's blocks come from what is left: 1280-1535 (8 units).
  const net::AddrId other = 8;
  CHECK(blocks.Grant(other, 0) == PortBlock{0, 1280, 1311});
  CHECK(blocks.Grant(other, 0) == PortBlock{0, 1312, 1343});
  CHECK(blocks.Grant(other, 0) == PortBlock{0, 1344, 1407});
  CHECK(blocks.Grant(other, 0) == PortBlock{0, 1408, 1535});
  // Returning a block frees its whole run; the lowest fitting run is used.
  blocks.Return(vm, got[2]);                                  // 1088-1151 free (2 units)
  const net::AddrId third = 9;
  CHECK(blocks.Grant(third, 0) == PortBlock{0, 1088, 1119});  // a single unit fits there
  CHECK(blocks.Grant(third, 0) == PortBlock{0, 1120, 1151});
  CHECK_FALSE(blocks.Grant(third, 0).has_value());            // 64 contiguous ports: none left
}

TEST_CASE("fixed blocks are all the same size", "[nat]") {
  PortBlocks blocks(32, 3, 1024, 1535, 1);
  CHECK(blocks.Grant(1, 0) == PortBlock{0, 1024, 1055});
  CHECK(blocks.Grant(1, 0) == PortBlock{0, 1056, 1087});
  CHECK(blocks.Grant(1, 0) == PortBlock{0, 1088, 1119});
}

TEST_CASE("gcp-cloud-nat-dynamic: a VM's ports grow 32, 64, 128 as it needs them", "[nat]") {
  NatHarness h(Profile("gcp-cloud-nat-dynamic"), {"34.0.0.1"}, {}, "10.0.0.0", 24);
  int ok = 0;
  for (int i = 0; i < 100; ++i) {
    ok += h.Out(h.Tcp("10.0.0.2", static_cast<uint16_t>(40000 + i), "198.51.100.1", 443)).action ==
          NatResult::Action::kToOutside;
  }
  CHECK(ok == 100);
  NatFigures f = h.nat->figures();
  CHECK(f.port_blocks == 3);  // 32 + 32 + 64 = 128 >= 100
  CHECK(f.block_ports == 32);
  // Static allocation stops at 64.
  NatHarness s(Profile("gcp-cloud-nat"), {"34.0.0.1"}, {}, "10.0.0.0", 24);
  ok = 0;
  for (int i = 0; i < 100; ++i) {
    ok += s.Out(s.Tcp("10.0.0.2", static_cast<uint16_t>(40000 + i), "198.51.100.1", 443)).action ==
          NatResult::Action::kToOutside;
  }
  CHECK(ok == 64);
}

TEST_CASE("gcp-cloud-nat-dynamic: max_ports_per_vm is port_block_size << (port_blocks - 1)", "[nat]") {
  NatConfig c = Profile("gcp-cloud-nat-dynamic");
  REQUIRE(SetNatKnob(c, "port_blocks", "3").ok());  // 32, 32, 64: at most 128
  NatHarness h(c, {"34.0.0.1"}, {}, "10.0.0.0", 24);
  int ok = 0;
  NatResult last;
  for (int i = 0; i < 200; ++i) {
    last = h.Out(h.Tcp("10.0.0.2", static_cast<uint16_t>(40000 + i), "198.51.100.1", 443));
    ok += last.action == NatResult::Action::kToOutside;
  }
  CHECK(ok == 128);
  CHECK(last.drop_reason == DropReason::kSubscriberLimit);
}

TEST_CASE("Azure's ports per instance follow the backend pool size", "[nat]") {
  struct Case {
    uint32_t instances;
    uint32_t ports;
  };
  const Case table[] = {{1, 1024},  {50, 1024}, {51, 512},  {100, 512}, {101, 256}, {200, 256},
                        {201, 128}, {400, 128}, {401, 64},  {800, 64},  {801, 32},  {1000, 32}};
  for (const Case& c : table) {
    CAPTURE(c.instances);
    absl::StatusOr<uint32_t> ports = AzurePortsPerInstance(c.instances);
    REQUIRE(ports.ok());
    CHECK(*ports == c.ports);
  }
  CHECK_FALSE(AzurePortsPerInstance(1001).ok());
}

TEST_CASE("azure-snat sizes each instance's block by the hosts behind it, or backend_pool_size", "[nat]") {
  auto block_for = [](uint32_t instances, const char* pool_knob) {
    NatConfig c = Profile("azure-snat");
    if (pool_knob) REQUIRE(SetNatKnob(c, "backend_pool_size", pool_knob).ok());
    net::AddressPool pool;
    NatBoxSpec spec;
    spec.name = "lb";
    spec.config = c;
    spec.outside = {*net::IpAddress::Parse("20.0.0.1")};
    spec.inside_network = *net::IpAddress::Parse("10.1.0.0");
    spec.inside_prefix = 16;
    spec.instances = instances;
    absl::StatusOr<std::unique_ptr<NatBox>> box = NatBox::Create(spec, pool, 1, nullptr);
    REQUIRE(box.ok());
    return (*box)->figures().block_ports;
  };
  CHECK(block_for(0, nullptr) == 1024);  // unknown: one instance
  CHECK(block_for(40, nullptr) == 1024);
  CHECK(block_for(300, nullptr) == 128);
  CHECK(block_for(1000, nullptr) == 32);
  CHECK(block_for(1, "650") == 64);       // one simulated VM of a 650-VM pool
  NatConfig c = Profile("azure-snat");
  CHECK_FALSE(SetNatKnob(c, "backend_pool_size", "lots").ok());
  REQUIRE(SetNatKnob(c, "backend_pool_size", "1500").ok());
  CHECK_FALSE(ValidateNatConfig(c).ok());  // beyond Azure's table
  NatConfig plain;
  REQUIRE(SetNatKnob(plain, "backend_pool_size", "10").ok());
  CHECK_FALSE(ValidateNatConfig(plain).ok());  // needs ports_by_pool_size
  NatConfig doubling;
  REQUIRE(SetNatKnob(doubling, "port_block_growth", "doubling").ok());
  CHECK_FALSE(ValidateNatConfig(doubling).ok());  // needs a first block size
  CHECK_FALSE(SetNatKnob(doubling, "port_block_growth", "tripling").ok());
}

}  // namespace
}  // namespace portlab::nat

namespace portlab::nat {
namespace {

// Each of `vms` inside hosts (10.10.0.10, .11, ...) opens one TCP
// connection; how many the NAT translates.
int CloudVmsServed(NatHarness& h, int vms) {
  int served = 0;
  for (int i = 0; i < vms; ++i) {
    const uint32_t a = net::IpAddress::Parse("10.10.0.10")->v4() + static_cast<uint32_t>(i);
    const std::string vm = net::IpAddress::V4(a).ToString();
    served += h.Out(h.Tcp(vm, 40000, "198.51.100.1", 443)).action == NatResult::Action::kToOutside;
  }
  return served;
}

std::vector<std::string> CloudNatIps(int n) {
  std::vector<std::string> ips;
  for (int i = 0; i < n; ++i) ips.push_back("34.0.0." + std::to_string(i + 1));
  return ips;
}

TEST_CASE("gcp-cloud-nat: 6 VMs, 16,384-port blocks, 2 NAT IPs are all served, whatever the seed", "[nat]") {
  // floor(64,512 / 16,384) = 3 blocks per NAT IP, 6 in all: a VM whose
  // first NAT IP is full gets a block on the other one.
  NatConfig c = Profile("gcp-cloud-nat");
  REQUIRE(SetNatKnob(c, "port_block_size", "16384").ok());
  for (uint64_t seed = 1; seed <= 64; ++seed) {
    CAPTURE(seed);
    NatHarness h(c, CloudNatIps(2), {}, "10.10.0.0", 23, seed);
    CHECK(CloudVmsServed(h, 6) == 6);
    CHECK(h.nat->figures().port_blocks == 6);
    CHECK(CloudVmsServed(h, 7) == 6);  // the seventh VM has no block left
  }
}

TEST_CASE("gcp-cloud-nat: GitLab's 460 VMs at 2,048 ports on 14 NAT IPs, 434 served", "[nat]") {
  // floor(64,512 / 2,048) x 14 = 31 x 14 = 434.
  NatConfig c = Profile("gcp-cloud-nat");
  REQUIRE(SetNatKnob(c, "port_block_size", "2048").ok());
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    NatHarness h(c, CloudNatIps(14), {}, "10.10.0.0", 23, seed);
    CHECK(CloudVmsServed(h, 460) == 434);
    NatFigures f = h.nat->figures();
    CHECK(f.port_blocks == 434);
    CHECK(f.drops[DropReason::kExhausted] == 26);
    for (const auto& [ip, ports] : f.ports_in_use) {
      CAPTURE(ip);
      CHECK(ports == 31);  // 31 VMs on each NAT IP, one connection each
    }
  }
}

TEST_CASE("azure-snat: each frontend IP adds the table's ports, up to 1,024", "[nat]") {
  struct Case {
    int frontends;
    uint32_t pool;
    int ok;
  } cases[] = {{1, 100, 512}, {2, 100, 1024}, {3, 100, 1024}, {2, 10, 1024}, {2, 300, 256}};
  for (const Case& k : cases) {
    CAPTURE(k.frontends, k.pool);
    NatConfig c = Profile("azure-snat");
    REQUIRE(SetNatKnob(c, "backend_pool_size", std::to_string(k.pool)).ok());
    std::vector<std::string> frontends;
    for (int i = 0; i < k.frontends; ++i) frontends.push_back("20.0.0." + std::to_string(i + 1));
    NatHarness h(c, frontends, {}, "10.1.0.0", 16);
    int ok = 0;
    for (int i = 0; i < 1100; ++i) {
      ok += h.Out(h.Tcp("10.1.0.4", static_cast<uint16_t>(30000 + i), "198.51.100.1", 443)).action ==
            NatResult::Action::kToOutside;
    }
    CHECK(ok == k.ok);
    // One block per frontend IP: the ports are spread evenly over them.
    NatFigures f = h.nat->figures();
    CHECK(f.max_subscriber_ports == k.ok);
    const int64_t blocks = f.port_blocks;
    CHECK(blocks == std::min<int64_t>(k.frontends, k.ok / f.block_ports));
    int64_t used = 0;
    for (const auto& [ip, ports] : f.ports_in_use) {
      CHECK((ports == 0 || ports == f.block_ports));
      used += ports;
    }
    CHECK(used == k.ok);
  }
}

}  // namespace
}  // namespace portlab::nat
