// DestUsage: the local ports a host uses toward one (source address,
// destination address, destination port), and which of them are in
// TIME-WAIT: what connect() consults to pick a port the 4-tuple rule lets
// it share (Linux's __inet_hash_connect asks the same of its ehash).
//
// Few ports (a server's accepted connection, a browser's handful) stay a
// short list (~48 bytes). Past kListLimit the ports move to bits in blocks
// of 512 ports, each allocated when a port of it is first used: a port's "used"
// and "TIME-WAIT" bits share one 16-byte pair, and a directory entry per
// block keeps its index and, per 64-port word, whether every port of each
// parity is used (and used but not in TIME-WAIT); one bit per block says
// the same of whole blocks, so connect() skips full words eight at a time
// and full blocks 64 at a time. A subscriber host with 100 ports toward one server
// holds ~2.2 KiB and touches two cache lines per change (the flat bitmaps
// this replaced took 17 KiB and six).
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
  void Add(uint16_t port);
  void Remove(uint16_t port);
  void SetTimeWait(uint16_t port, bool tw);
  bool Used(uint16_t port) const;
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
  // The ports, while they are few enough for a list (has_bits() false).
  absl::Span<const uint16_t> listed_ports() const { return list_; }
  // The first 64-port word in [w, end) that still has a port of the
  // parities in `parities` (bit 0 even, bit 1 odd) not used toward this
  // destination (TIME-WAIT counted as free when `live_only`); `end` when
  // none. REQUIRES: has_bits().
  int NextOpenWord(int w, int end, int parities, bool live_only) const {
    const int kind = live_only ? 16 : 0;
    while (w < end) {
      const uint32_t f = bits_->dir[w / kWordsPerBlock].full;
      uint32_t full = 0xFF;
      if (parities & 1) full &= f >> kind;
      if (parities & 2) full &= f >> (kind + 8);
      const uint32_t open = (~full & 0xFF) >> (w % kWordsPerBlock);
      if (open) return std::min(end, w + std::countr_zero(open));
      w = NextOpenBlock(w / kWordsPerBlock + 1, parities, live_only) * kWordsPerBlock;
    }
    return end;
  }

 private:
  static constexpr int kListLimit = 24;
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
  struct Dir {
    // Bit 8k + i: word i of the block is full for kind k, where kind 0 is
    // "every even port used", 1 every odd one, 2 and 3 the same counting
    // only ports not in TIME-WAIT.
    uint32_t full = 0;
    // One of `blocks`, or kNoBlock while no port of the block was used:
    // a read needs no test.
    const Block* block = &kNoBlock;
  };
  struct Bits {
    // Bit b of full_blocks[k]: every word of block b is full for kind k
    // (its byte of Dir::full is 0xFF). A client past exhaustion skips a
    // whole range of full blocks here, 64 blocks (4,096 words) at a time.
    std::array<std::array<uint64_t, kBlocks / 64>, 4> full_blocks{};
    std::array<Dir, kBlocks> dir{};
    std::vector<std::unique_ptr<Block>> blocks;
  };

  const Pair& PairAt(int w) const { return bits_->dir[w / kWordsPerBlock].block->words[w % kWordsPerBlock]; }
  // The pair of `port`'s word, its block allocated if need be.
  Pair& PairFor(uint16_t port);
  // Recomputes the directory's full bits of `port`'s word from its pair.
  void Refresh(uint16_t port, const Pair& p);
  // The first block from `b` on that is not full for the parities (see
  // NextOpenWord); kBlocks when none.
  int NextOpenBlock(int b, int parities, bool live_only) const {
    static_assert(kBlocks == 128, "two words of block bits");
    const int kind = live_only ? 2 : 0;
    unsigned __int128 full = ~static_cast<unsigned __int128>(0);
    auto bits = [&](int k) {
      return static_cast<unsigned __int128>(bits_->full_blocks[k][1]) << 64 | bits_->full_blocks[k][0];
    };
    if (parities & 1) full &= bits(kind);
    if (parities & 2) full &= bits(kind + 1);
    if (b >= kBlocks) return kBlocks;
    const unsigned __int128 open = ~full >> b;
    if (open == 0) return kBlocks;
    const uint64_t low = static_cast<uint64_t>(open);
    return b + (low ? std::countr_zero(low) : 64 + std::countr_zero(static_cast<uint64_t>(open >> 64)));
  }
  void MoveToBits();

  int count_ = 0;
  int tw_count_ = 0;
  absl::InlinedVector<uint16_t, 4> list_;
  absl::InlinedVector<uint16_t, 2> tw_list_;  // the TIME-WAIT ones of list_
  std::unique_ptr<Bits> bits_;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_DEST_USAGE_H_
