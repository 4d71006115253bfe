// NatCapacity: what a NAT can hand out, from its config and its addresses
// alone (no run): the outside addresses, the ports each offers, the port
// blocks (their size, how many fit on one address, how many one inside
// address may hold), the most ports one inside address may hold, how many
// inside addresses can hold a block at once, and the sessions allowed
// toward one destination per address. The provider rules that size these
// (Google Cloud NAT's blocks, Azure's table and frontend IPs, AWS's
// per-destination limit) are applied here once, so a caller (NatBox, the
// workload prediction, headroom) reads figures instead of re-deriving them.
//
// Invariants:
//   - block_ports == 0 iff the NAT hands out no blocks; then
//     blocks_per_address, max_blocks_per_subscriber and subscribers_served
//     are 0.
//   - blocks_per_address == floor(ports_per_address / block_ports): a block
//     never straddles two addresses (Google Cloud NAT:
//     floor(64,512 / 2,048) = 31 VMs per NAT IP at 2,048 ports per VM).
//   - subscribers_served == blocks_per_address * addresses.
//   - ports_per_subscriber == 0 means only the addresses limit one inside
//     address.
//
// Example:
//   absl::StatusOr<NatCapacity> cap =
//       ComputeNatCapacity(FindNatProfile("gcp-cloud-nat")->config, /*addresses=*/14, /*instances=*/460,
//                          /*inside_addresses=*/512);
//   // with port_block_size 2048: cap->blocks_per_address == 31, cap->subscribers_served == 434
//
// Pure; thread-compatible.
#ifndef PORTLAB_NAT_NAT_CAPACITY_H_
#define PORTLAB_NAT_NAT_CAPACITY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "portlab/nat/nat_config.h"

namespace portlab::nat {

struct NatCapacity {
  uint32_t addresses = 0;          // outside addresses
  uint32_t ports_per_address = 0;  // port_hi - port_lo + 1
  // Ports in a subscriber's first block (every block's without doubling);
  // 0 without blocks.
  uint32_t block_ports = 0;
  uint32_t blocks_per_address = 0;         // blocks of block_ports one address holds
  uint32_t max_blocks_per_subscriber = 0;  // blocks one inside address may hold
  // The most outside ports one inside address may hold: the smallest of
  // max_ports_per_subscriber, its blocks (the last doubled block's size
  // with doubling) and its deterministic range; 0 = no such limit.
  int64_t ports_per_subscriber = 0;
  // Inside addresses that can hold a (first) block at once.
  int64_t subscribers_served = 0;
  // Sessions toward one (address, port, protocol) per outside address; 0 = none.
  uint32_t per_destination = 0;
};

// `addresses` outside addresses; `instances` the hosts behind the NAT
// (Azure's backend pool when `backend_pool_size` is unset; 0 counts as
// 1); `inside_addresses` the size of the inside network (deterministic
// NAT). REQUIRES: addresses > 0. InvalidArgument for a config
// ValidateNatConfig refuses or an Azure pool beyond its table.
absl::StatusOr<NatCapacity> ComputeNatCapacity(const NatConfig& config, uint32_t addresses, uint32_t instances,
                                               uint32_t inside_addresses);

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_NAT_CAPACITY_H_
