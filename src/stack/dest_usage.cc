#include "portlab/stack/dest_usage.h"

#include <algorithm>
#include <bit>

namespace portlab::stack {
namespace {

constexpr uint64_t kEvenBits = 0x5555555555555555ULL;
constexpr uint64_t kOddBits = 0xAAAAAAAAAAAAAAAAULL;

template <typename V>
bool ErasePort(V& v, uint16_t port) {
  auto it = std::find(v.begin(), v.end(), port);
  if (it == v.end()) return false;
  v.erase(it);
  return true;
}

// Bit k: byte k of x is 0xFF.
uint32_t FullBytes(uint32_t x) {
  // A byte of ~x is zero exactly when that byte of x is 0xFF.
  const uint32_t y = ~x;
  const uint32_t zero = ~(((y & 0x7F7F7F7FU) + 0x7F7F7F7FU) | y | 0x7F7F7F7FU);  // 0x80 per zero byte
  return (zero >> 7 & 1) | (zero >> 14 & 2) | (zero >> 21 & 4) | (zero >> 28 & 8);
}

}  // namespace

const DestUsage::Block DestUsage::kNoBlock{};

DestUsage::Pair& DestUsage::PairFor(uint16_t port) {
  const int w = port >> 6;
  Dir& d = bits_->dir[w / kWordsPerBlock];
  if (d.block == &kNoBlock) {
    bits_->blocks.push_back(std::make_unique<Block>());
    d.block = bits_->blocks.back().get();
  }
  // Not kNoBlock: one of ours, allocated non-const.
  return const_cast<Block*>(d.block)->words[w % kWordsPerBlock];
}

void DestUsage::Refresh(uint16_t port, const Pair& p) {
  const int w = port >> 6;
  const uint64_t live = p.used & ~p.tw;
  const uint32_t kinds = uint32_t{(p.used & kEvenBits) == kEvenBits} |
                         uint32_t{(p.used & kOddBits) == kOddBits} << 8 |
                         uint32_t{(live & kEvenBits) == kEvenBits} << 16 |
                         uint32_t{(live & kOddBits) == kOddBits} << 24;
  const int shift = w % kWordsPerBlock;
  const int b = w / kWordsPerBlock;
  Dir& d = bits_->dir[b];
  const uint32_t before = d.full;
  d.full = (d.full & ~(0x01010101U << shift)) | kinds << shift;
  if (d.full == before) return;
  // The block bits change only when a kind's byte turns 0xFF or stops
  // being so; a block far from full never touches them.
  const uint32_t changed = FullBytes(before) ^ FullBytes(d.full);
  if (changed == 0) return;
  for (int k = 0; k < 4; ++k) {
    if (!(changed >> k & 1)) continue;
    uint64_t& word = bits_->full_blocks[k][b / 64];
    word ^= uint64_t{1} << (b % 64);
  }
}

void DestUsage::MoveToBits() {
  bits_ = std::make_unique<Bits>();
  for (uint16_t p : list_) PairFor(p).used |= uint64_t{1} << (p & 63);
  for (uint16_t p : tw_list_) PairFor(p).tw |= uint64_t{1} << (p & 63);
  for (uint16_t p : list_) Refresh(p, PairFor(p));
  list_.clear();
  tw_list_.clear();
}

void DestUsage::Add(uint16_t port) {
  ++count_;
  if (bits_) {
    Pair& p = PairFor(port);
    p.used |= uint64_t{1} << (port & 63);
    Refresh(port, p);
    return;
  }
  list_.push_back(port);
  if (static_cast<int>(list_.size()) > kListLimit) MoveToBits();
}

void DestUsage::Remove(uint16_t port) {
  --count_;
  if (bits_) {
    Pair& p = PairFor(port);
    const uint64_t bit = uint64_t{1} << (port & 63);
    if (p.tw & bit) --tw_count_;
    p.used &= ~bit;
    p.tw &= ~bit;
    Refresh(port, p);
    return;
  }
  ErasePort(list_, port);
  if (ErasePort(tw_list_, port)) --tw_count_;
}

void DestUsage::SetTimeWait(uint16_t port, bool tw) {
  if (!bits_) {
    // Remembered so the bits know it if the list grows into them.
    const bool listed = std::find(tw_list_.begin(), tw_list_.end(), port) != tw_list_.end();
    if (tw && !listed) {
      tw_list_.push_back(port);
      ++tw_count_;
    }
    if (!tw && ErasePort(tw_list_, port)) --tw_count_;
    return;
  }
  Pair& p = PairFor(port);
  const uint64_t bit = uint64_t{1} << (port & 63);
  if (((p.tw & bit) != 0) != tw) tw_count_ += tw ? 1 : -1;
  p.tw = tw ? p.tw | bit : p.tw & ~bit;
  Refresh(port, p);
}

bool DestUsage::Used(uint16_t port) const {
  if (bits_) return (PairAt(port >> 6).used >> (port & 63)) & 1;
  return std::find(list_.begin(), list_.end(), port) != list_.end();
}

}  // namespace portlab::stack
