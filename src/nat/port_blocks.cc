#include "portlab/nat/port_blocks.h"

#include <algorithm>

namespace portlab::nat {

PortBlocks::PortBlocks(uint32_t size, uint32_t max_blocks, uint16_t lo, uint16_t hi, uint32_t addresses)
    : size_(size), max_blocks_(max_blocks), lo_(lo), per_address_((uint32_t{hi} - lo + 1) / size),
      used_(addresses, std::vector<bool>(per_address_, false)) {}

const std::vector<PortBlock>& PortBlocks::Of(net::AddrId subscriber) const {
  static const std::vector<PortBlock> kNone;
  auto it = granted_.find(subscriber);
  return it == granted_.end() ? kNone : it->second;
}

std::optional<PortBlock> PortBlocks::Grant(net::AddrId subscriber, uint32_t address_index) {
  if (AtLimit(subscriber)) return std::nullopt;
  std::vector<bool>& used = used_[address_index];
  auto free = std::find(used.begin(), used.end(), false);
  if (free == used.end()) return std::nullopt;
  *free = true;
  uint32_t i = static_cast<uint32_t>(free - used.begin());
  PortBlock b{address_index, static_cast<uint16_t>(lo_ + i * size_), static_cast<uint16_t>(lo_ + (i + 1) * size_ - 1)};
  granted_[subscriber].push_back(b);
  ++in_use_;
  return b;
}

void PortBlocks::Return(net::AddrId subscriber, const PortBlock& block) {
  auto it = granted_.find(subscriber);
  auto& v = it->second;
  v.erase(std::find(v.begin(), v.end(), block));
  if (v.empty()) granted_.erase(it);
  used_[block.address_index][(block.lo - lo_) / size_] = false;
  --in_use_;
}

PortBlock DeterministicBlock(uint32_t offset, uint32_t inside, uint32_t outside, uint16_t lo, uint16_t hi) {
  uint32_t ratio = (inside + outside - 1) / outside;
  uint32_t per_host = (uint32_t{hi} - lo + 1) / ratio;
  PortBlock b;
  b.address_index = offset / ratio;
  b.lo = static_cast<uint16_t>(lo + per_host * (offset % ratio));
  b.hi = static_cast<uint16_t>(b.lo + per_host - 1);
  return b;
}

}  // namespace portlab::nat
