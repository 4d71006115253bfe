#include "portlab/nat/nat_capacity.h"

#include <algorithm>

#include "portlab/nat/port_blocks.h"

namespace portlab::nat {

absl::StatusOr<NatCapacity> ComputeNatCapacity(const NatConfig& c, uint32_t addresses, uint32_t instances,
                                               uint32_t inside_addresses) {
  if (absl::Status s = ValidateNatConfig(c); !s.ok()) return s;
  NatCapacity cap;
  cap.addresses = addresses;
  cap.ports_per_address = uint32_t{c.port_hi} - c.port_lo + 1;
  cap.per_destination = c.max_per_destination;
  cap.block_ports = c.port_block_size;
  cap.max_blocks_per_subscriber = c.port_block_size > 0 ? c.port_blocks : 0;
  if (c.port_block_size == 0 && c.ports_by_pool_size) {
    // Azure: a block of the table's size per frontend address, up to 1024
    // ports in all (AzureDefaultPorts).
    const uint32_t pool = c.backend_pool_size > 0 ? c.backend_pool_size : std::max<uint32_t>(1, instances);
    absl::StatusOr<uint32_t> per_frontend = AzurePortsPerInstance(pool);
    if (!per_frontend.ok()) return per_frontend.status();
    absl::StatusOr<uint32_t> total = AzureDefaultPorts(pool, addresses);
    if (!total.ok()) return total.status();
    cap.block_ports = std::min(*per_frontend, cap.ports_per_address);
    cap.max_blocks_per_subscriber = std::max<uint32_t>(1, *total / *per_frontend);
  }
  auto lower = [&cap](int64_t n) {
    cap.ports_per_subscriber = cap.ports_per_subscriber == 0 ? n : std::min(cap.ports_per_subscriber, n);
  };
  if (c.max_ports_per_subscriber > 0) lower(c.max_ports_per_subscriber);
  if (cap.block_ports > 0) {
    cap.blocks_per_address = cap.ports_per_address / cap.block_ports;
    cap.subscribers_served = int64_t{cap.blocks_per_address} * addresses;
    if (c.block_growth == BlockGrowth::kDoubling) {
      // max_ports_per_vm: the first block doubled (port_blocks - 1) times.
      const uint32_t doublings = std::min<uint32_t>(cap.max_blocks_per_subscriber - 1, 32);
      lower(int64_t{cap.block_ports} << doublings);
    } else {
      lower(int64_t{cap.block_ports} * cap.max_blocks_per_subscriber);
    }
  }
  if (c.deterministic && inside_addresses > 0 &&
      uint64_t{inside_addresses} <= uint64_t{addresses} * cap.ports_per_address) {
    // Every subscriber's range has the same size (DeterministicBlock).
    const PortBlock b = DeterministicBlock(0, inside_addresses, addresses, c.port_lo, c.port_hi);
    lower(int64_t{b.hi} - b.lo + 1);
  }
  return cap;
}

}  // namespace portlab::nat
