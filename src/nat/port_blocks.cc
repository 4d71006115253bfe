#include "portlab/nat/port_blocks.h"

#include <algorithm>
#include <iterator>

namespace portlab::nat {

PortBlocks::PortBlocks(uint32_t size, uint32_t max_blocks, uint16_t lo, uint16_t hi, uint32_t addresses,
                       bool doubling)
    : size_(size), max_blocks_(max_blocks), lo_(lo), per_address_((uint32_t{hi} - lo + 1) / size),
      doubling_(doubling), used_(addresses, std::vector<bool>(per_address_, false)) {}

std::optional<PortBlock> PortBlocks::Grant(net::AddrId subscriber, uint32_t address_index) {
  if (AtLimit(subscriber)) return std::nullopt;
  // Units of size_ ports the block needs: one, or with doubling as many as
  // the subscriber holds already.
  uint32_t units = 1;
  if (doubling_) {
    uint32_t held = 0;
    for (const GrantedBlock& g : Of(subscriber)) held += (uint32_t{g.block.hi} - g.block.lo + 1) / size_;
    units = std::max(units, held);
  }
  std::vector<bool>& used = used_[address_index];
  uint32_t run = 0, i = 0;
  for (; i < used.size() && run < units; ++i) run = used[i] ? 0 : run + 1;
  if (run < units) return std::nullopt;
  const uint32_t first = i - units;
  std::fill(used.begin() + first, used.begin() + i, true);
  PortBlock b{address_index, static_cast<uint16_t>(lo_ + first * size_),
              static_cast<uint16_t>(lo_ + i * size_ - 1)};
  if (granted_.size() <= subscriber) granted_.resize(subscriber + 1);
  granted_[subscriber].push_back(GrantedBlock{b});
  ++in_use_;
  return b;
}

std::optional<PortBlock> PortBlocks::GrantContaining(net::AddrId subscriber, uint32_t address_index,
                                                     uint16_t port) {
  for (const GrantedBlock& g : Of(subscriber)) {
    if (g.block.Holds(address_index, port)) return g.block;
  }
  if (port < lo_ || AtLimit(subscriber)) return std::nullopt;
  const uint32_t unit = (uint32_t{port} - lo_) / size_;
  std::vector<bool>& used = used_[address_index];
  if (unit >= used.size() || used[unit]) return std::nullopt;
  used[unit] = true;
  PortBlock b{address_index, static_cast<uint16_t>(lo_ + unit * size_),
              static_cast<uint16_t>(lo_ + (unit + 1) * size_ - 1)};
  if (granted_.size() <= subscriber) granted_.resize(subscriber + 1);
  granted_[subscriber].push_back(GrantedBlock{b});
  ++in_use_;
  return b;
}

void PortBlocks::Return(net::AddrId subscriber, const PortBlock& block) {
  auto& v = granted_[subscriber];
  v.erase(std::find_if(v.begin(), v.end(), [&](const GrantedBlock& g) { return g.block == block; }));
  const uint32_t first = (block.lo - lo_) / size_;
  const uint32_t units = (uint32_t{block.hi} - block.lo + 1) / size_;
  std::fill(used_[block.address_index].begin() + first, used_[block.address_index].begin() + first + units, false);
  --in_use_;
}

void PortBlocks::AddUse(net::AddrId subscriber, uint32_t address_index, uint16_t port, net::Protocol p) {
  if (subscriber >= granted_.size()) return;
  for (GrantedBlock& g : granted_[subscriber]) {
    if (!g.block.Holds(address_index, port)) continue;
    ++g.uses[static_cast<int>(p)];
    return;
  }
}

bool PortBlocks::RemoveUse(net::AddrId subscriber, uint32_t address_index, uint16_t port, net::Protocol p) {
  if (subscriber >= granted_.size()) return false;
  for (GrantedBlock& g : granted_[subscriber]) {
    if (!g.block.Holds(address_index, port)) continue;
    --g.uses[static_cast<int>(p)];
    // The block goes back when neither protocol uses it.
    if (std::any_of(std::begin(g.uses), std::end(g.uses), [](uint32_t u) { return u != 0; })) return false;
    Return(subscriber, PortBlock(g.block));
    return true;
  }
  return false;
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
