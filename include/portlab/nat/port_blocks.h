// PortBlocks: outside ports handed to subscribers (inside addresses) in
// blocks, the way carrier-grade NATs limit and log them (RFC 6888 REQ-4,
// RFC 7422): either on demand (bulk port allocation: a block of `size`
// ports when a subscriber needs one, at most `max_blocks` each, returned
// when its last mapping ends) or deterministically (RFC 7422: the
// subscriber's offset in the inside network fixes its address and range).
// With doubling growth (Google Cloud NAT's dynamic port allocation) each new
// block is as large as all the subscriber holds, so its ports double:
// size, 2 size, 4 size, ... A block is the lowest free run of ports of its
// length on its address.
//
// A granted block counts the mappings of each protocol on its ports
// (AddUse, RemoveUse) and goes back when the last of them ends. The
// subscribers' blocks are kept in a vector indexed by the inside
// address's id: every new and every ended mapping reads its subscriber's,
// and at 10^4 subscribers a hash map's lookup (control byte, slot, then
// the blocks) missed the cache where this reads one entry.
//
// Example:
//   PortBlocks blocks(256, 4, 1024, 65535, /*addresses=*/2);
//   std::optional<PortBlock> b = blocks.Grant(subscriber, 0);
//   blocks.AddUse(subscriber, 0, b->lo, net::Protocol::kTcp);
//   if (blocks.RemoveUse(subscriber, 0, b->lo, net::Protocol::kTcp)) { /* it went back */ }
//   PortBlock d = DeterministicBlock(/*offset=*/5, /*inside=*/1024, /*outside=*/4, 1024, 65535);
#ifndef PORTLAB_NAT_PORT_BLOCKS_H_
#define PORTLAB_NAT_PORT_BLOCKS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "portlab/net/address_pool.h"
#include "portlab/net/port.h"

namespace portlab::nat {

struct PortBlock {
  uint32_t address_index = 0;  // which outside address
  uint16_t lo = 0;             // inclusive
  uint16_t hi = 0;
  friend bool operator==(const PortBlock&, const PortBlock&) = default;
  bool Holds(uint32_t index, uint16_t port) const { return address_index == index && port >= lo && port <= hi; }
};

// A block a subscriber holds, and its mappings per protocol.
struct GrantedBlock {
  PortBlock block;
  uint32_t uses[net::kProtocolCount] = {};
};

class PortBlocks {
 public:
  // REQUIRES: 0 < size <= hi - lo + 1, max_blocks > 0, addresses > 0.
  PortBlocks(uint32_t size, uint32_t max_blocks, uint16_t lo, uint16_t hi, uint32_t addresses,
             bool doubling = false);
  // The subscriber's blocks, in the order granted.
  absl::Span<const GrantedBlock> Of(net::AddrId subscriber) const {
    return subscriber < granted_.size() ? absl::MakeConstSpan(granted_[subscriber]) : absl::Span<const GrantedBlock>();
  }
  bool AtLimit(net::AddrId subscriber) const { return Of(subscriber).size() >= max_blocks_; }
  // A new block on `address_index` (the lowest free one), or nullopt when
  // that address has none left or the subscriber holds max_blocks.
  std::optional<PortBlock> Grant(net::AddrId subscriber, uint32_t address_index);
  // The block of `port` on `address_index` for a mapping already there at
  // the start (NatBox::PlaceSessions): the subscriber's own block that
  // holds it, or, when the size_-port unit holding it is free and the
  // subscriber is below max_blocks, that unit granted (one unit even with
  // doubling: the block a snapshot shows, not the growth that led to it).
  // nullopt when another subscriber holds the unit, the subscriber is at
  // its limit, or the port lies past the last whole block.
  std::optional<PortBlock> GrantContaining(net::AddrId subscriber, uint32_t address_index, uint16_t port);
  // Gives a block back. REQUIRES: the subscriber holds it.
  void Return(net::AddrId subscriber, const PortBlock& block);
  // A mapping of protocol `p` on (address_index, port) starts or ends. The
  // port lies in none of the subscriber's blocks: nothing happens (a port
  // forwarding). RemoveUse returns whether that was the block's last
  // mapping of either protocol; the block has then gone back.
  void AddUse(net::AddrId subscriber, uint32_t address_index, uint16_t port, net::Protocol p);
  bool RemoveUse(net::AddrId subscriber, uint32_t address_index, uint16_t port, net::Protocol p);
  int64_t in_use() const { return in_use_; }
  // Blocks of size() ports one address holds (nat_capacity.h has the
  // figures a caller reads).
  uint32_t blocks_per_address() const { return per_address_; }
  // The first block's size (every block's, without doubling).
  uint32_t size() const { return size_; }

 private:
  uint32_t size_;
  uint32_t max_blocks_;
  uint16_t lo_;
  uint32_t per_address_;
  bool doubling_;
  std::vector<std::vector<bool>> used_;  // [address][unit of size_ ports]
  // By subscriber address id; grown to the highest id seen.
  std::vector<absl::InlinedVector<GrantedBlock, 1>> granted_;
  int64_t in_use_ = 0;
};

// RFC 7422 deterministic NAT as FD.io VPP det44 computes it: ratio =
// ceil(inside / outside) subscribers per outside address, each with
// (hi - lo + 1) / ratio ports. REQUIRES: offset < inside, outside > 0.
PortBlock DeterministicBlock(uint32_t offset, uint32_t inside, uint32_t outside, uint16_t lo, uint16_t hi);

}  // namespace portlab::nat

#endif  // PORTLAB_NAT_PORT_BLOCKS_H_
