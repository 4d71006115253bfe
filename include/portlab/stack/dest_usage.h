// DestUsage: the local ports a host uses toward one (source address,
// destination address, destination port), and which of them are in
// TIME-WAIT: what connect() consults to pick a port the 4-tuple rule lets
// it share (Linux's __inet_hash_connect asks the same of its ehash).
//
// Up to kListLimit ports (a server's accepted connection, a browser's
// handful, a CGNAT subscriber's 100 toward one server) stay a sorted list,
// searched by halves, with the TIME-WAIT ones in a second sorted list: a
// subscriber's 100 ports are 200 bytes side by side, and a change touches
// those. Past kListLimit the ports move to bits in blocks of 512 ports,
// each allocated when a port of it is first used: a port's "used" and
// "TIME-WAIT" bits share one 16-byte pair. Per 64-port word four summary
// bits (every even port used, every odd one, and the same counting only
// ports not in TIME-WAIT) sit with the other words' in 512 bytes, the four
// of a word in one 32-byte group, so connect() skips full words 64 at a
// time. (A CGNAT subscriber's 100 ports fit the sorted list: as bits they
// would be ~1.7 KiB, three scattered cache lines a change.)
//
// Example:
//   DestUsage d;
//   d.Add(40000);  d.SetTimeWait(40000, true);
//   d.Used(40000);  // true; time_wait_count() == 1
#ifndef PORTLAB_STACK_DEST_USAGE_H_
#define PORTLAB_STACK_DEST_USAGE_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"

namespace portlab::stack {

class DestUsage {
 public:
  // The bit paths are inline (connect() and its undo call them once each,
  // Used once per candidate); the list paths are not.
  void Add(uint16_t port) {
    ++count_;
    if (!bits_) return AddListed(port);
    Pair& p = PairFor(port);
    p.used |= uint64_t{1} << (port & 63);
    Refresh(port, p);
  }
  void Remove(uint16_t port) {
    --count_;
    if (!bits_) return RemoveListed(port);
    Pair& p = PairFor(port);
    const uint64_t bit = uint64_t{1} << (port & 63);
    if (p.tw & bit) --tw_count_;
    p.used &= ~bit;
    p.tw &= ~bit;
    Refresh(port, p);
  }
  void SetTimeWait(uint16_t port, bool tw);
  bool Used(uint16_t port) const {
    if (bits_) return (PairAt(port >> 6).used >> (port & 63)) & 1;
    return std::binary_search(list_.begin(), list_.end(), port);
  }
  bool empty() const { return count_ == 0; }
  // Ports used toward this destination, and those of them in TIME-WAIT.
  int count() const { return count_; }
  int time_wait_count() const { return tw_count_; }

  // Whether the ports are kept as bits (past kListLimit); the word readers
  // and NextOpenWord need them.
  bool has_bits() const { return bits_ != nullptr; }
  // The used ports of 64-port word w (ports 64w .. 64w+63), and those of
  // them in TIME-WAIT. REQUIRES: has_bits().
  uint64_t used_word(int w) const { return PairAt(w).used; }
  uint64_t tw_word(int w) const { return PairAt(w).tw; }
  // The ports that block a new connection in word w: every used one, or
  // with `live_only` the used ones not in TIME-WAIT. REQUIRES: has_bits().
  uint64_t blocking_word(int w, bool live_only) const {
    const Pair& p = PairAt(w);
    return live_only ? p.used & ~p.tw : p.used;
  }
  // The ports in ascending order, while they are few enough for a list
  // (has_bits() false).
  absl::Span<const uint16_t> listed_ports() const { return list_; }
  // The first 64-port word in [w, end) that still has a port of the
  // parities in `parities` (bit 0 even, bit 1 odd) not used toward this
  // destination (TIME-WAIT counted as free when `live_only`); `end` when
  // none. REQUIRES: has_bits().
  int NextOpenWord(int w, int end, int parities, bool live_only) const {
    const int kind = live_only ? 2 : 0;
    while (w < end) {
      const std::array<uint64_t, 4>& group = bits_->full[w / 64];
      uint64_t full = ~uint64_t{0};
      if (parities & 1) full &= group[kind];
      if (parities & 2) full &= group[kind + 1];
      const uint64_t open = ~full >> (w % 64);
      if (open) return std::min(end, w + std::countr_zero(open));
      w = (w / 64 + 1) * 64;
    }
    return end;
  }


 private:
  static constexpr int kListLimit = 128;
  static constexpr int kWordsPerBlock = 8;  // 512 ports
  static constexpr int kBlocks = 65536 / 64 / kWordsPerBlock;
  struct Pair {
    uint64_t used = 0;
    uint64_t tw = 0;  // the used ones in TIME-WAIT
  };
  struct Block {
    std::array<Pair, kWordsPerBlock> words{};
  };
  static const Block kNoBlock;  // all zero: the block of every unused range
  struct Bits {
    // full[g][k], bit i: word 64g + i is full for kind k, where kind 0 is
    // "every even port used", 1 every odd one, 2 and 3 the same counting
    // only ports not in TIME-WAIT. A word's four kinds share 32 bytes.
    std::array<std::array<uint64_t, 4>, 65536 / 64 / 64> full{};
    // One of `blocks`, or kNoBlock while no port of the block was used: a
    // read needs no test.
    std::array<const Block*, kBlocks> block;
    std::vector<std::unique_ptr<Block>> blocks;
    Bits() { block.fill(&kNoBlock); }
  };

  const Pair& PairAt(int w) const { return bits_->block[w / kWordsPerBlock]->words[w % kWordsPerBlock]; }
  // The pair of `port`'s word, its block allocated if need be.
  Pair& PairFor(uint16_t port) {
    const Block*& b = bits_->block[(port >> 6) / kWordsPerBlock];
    if (b == &kNoBlock) b = NewBlock();
    // Not kNoBlock: one of ours, allocated non-const.
    return const_cast<Block*>(b)->words[(port >> 6) % kWordsPerBlock];
  }
  const Block* NewBlock();
  // Recomputes the full bits of `port`'s word from its pair.
  void Refresh(uint16_t port, const Pair& p) {
    constexpr uint64_t kEven = 0x5555555555555555ULL, kOdd = ~kEven;
    const int w = port >> 6;
    const uint64_t live = p.used & ~p.tw;
    const bool full[4] = {(p.used & kEven) == kEven, (p.used & kOdd) == kOdd, (live & kEven) == kEven,
                          (live & kOdd) == kOdd};
    std::array<uint64_t, 4>& group = bits_->full[w / 64];
    const uint64_t bit = uint64_t{1} << (w % 64);
    for (int k = 0; k < 4; ++k) group[k] = full[k] ? group[k] | bit : group[k] & ~bit;
  }
  void AddListed(uint16_t port);
  void RemoveListed(uint16_t port);
  void MoveToBits();

  int count_ = 0;
  int tw_count_ = 0;
  absl::InlinedVector<uint16_t, 4> list_;     // ascending
  absl::InlinedVector<uint16_t, 2> tw_list_;  // the TIME-WAIT ones of list_, ascending
  std::unique_ptr<Bits> bits_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_DEST_USAGE_H_
