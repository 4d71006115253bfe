#include "portlab/stack/dest_usage.h"

#include <algorithm>
#include <bit>

namespace portlab::stack {
namespace {

// The lists are kept ascending. InsertPort adds a port not there yet.
template <typename V>
bool InsertPort(V& v, uint16_t port) {
  auto it = std::lower_bound(v.begin(), v.end(), port);
  if (it != v.end() && *it == port) return false;
  v.insert(it, port);
  return true;
}

template <typename V>
bool ErasePort(V& v, uint16_t port) {
  auto it = std::lower_bound(v.begin(), v.end(), port);
  if (it == v.end() || *it != port) return false;
  v.erase(it);
  return true;
}

}  // namespace

const DestUsage::Block DestUsage::kNoBlock{};

const DestUsage::Block* DestUsage::NewBlock() {
  bits_->blocks.push_back(std::make_unique<Block>());
  return bits_->blocks.back().get();
}

void DestUsage::MoveToBits() {
  bits_ = std::make_unique<Bits>();
  for (uint16_t p : list_) PairFor(p).used |= uint64_t{1} << (p & 63);
  for (uint16_t p : tw_list_) PairFor(p).tw |= uint64_t{1} << (p & 63);
  for (uint16_t p : list_) Refresh(p, PairFor(p));
  list_.clear();
  tw_list_.clear();
}

void DestUsage::AddListed(uint16_t port) {
  // Every Add is kept, a repeated port too (count_ counts each), as the
  // unsorted list did: only the order is new.
  list_.insert(std::lower_bound(list_.begin(), list_.end(), port), port);
  if (static_cast<int>(list_.size()) > kListLimit) MoveToBits();
}

void DestUsage::RemoveListed(uint16_t port) {
  ErasePort(list_, port);
  if (ErasePort(tw_list_, port)) --tw_count_;
}

void DestUsage::SetTimeWait(uint16_t port, bool tw) {
  if (!bits_) {
    // Remembered so the bits know it if the list grows into them.
    if (tw && InsertPort(tw_list_, port)) ++tw_count_;
    if (!tw && ErasePort(tw_list_, port)) --tw_count_;
    return;
  }
  Pair& p = PairFor(port);
  const uint64_t bit = uint64_t{1} << (port & 63);
  if (((p.tw & bit) != 0) != tw) tw_count_ += tw ? 1 : -1;
  p.tw = tw ? p.tw | bit : p.tw & ~bit;
  Refresh(port, p);
}

}  // namespace portlab::stack
