// The usability testers of a Host: what an ephemeral strategy asks "may I
// use this port?" (stack/ephemeral_strategy.h's PortTester). The strategy
// draws candidates; a tester answers for one, or finds the first usable
// one of a scan a 64-port word at a time. Private to host_ports.cc.
//
// Example (Host::SelectConnectPort):
//   ConnectTester tester(*this, DestKey{laddr, raddr, rport}, tw_reuse);
//   PortSelection sel = strategy.Select(request, tester);
//
// Invariants:
//   - A tester changes nothing: it reads the host's port and connection
//     tables, and may be asked about the same port any number of times.
//   - FirstUsable(scan) returns the index of the first candidate of `scan`
//     for which Usable() is true (scan.count when none is), the answer
//     PortTester::FirstUsable's one-by-one walk gives: the word-at-a-time
//     skips rule out only candidates Usable() would refuse.
//   - BindTester: usable = not reserved, and no owner of the port
//     conflicts with the socket under the bind rules (stack/bind_rules.h).
//   - ConnectTester: usable = not reserved, no explicit owner (under
//     unique-port sharing: no owner at all), and the 4-tuple free or held
//     by a TIME-WAIT that may be recycled (tcp_twsk_unique).
#ifndef PORTLAB_STACK_INTERNAL_PORT_TESTERS_H_
#define PORTLAB_STACK_INTERNAL_PORT_TESTERS_H_

#include <algorithm>
#include <bit>
#include <cstdint>

#include "portlab/stack/host.h"

namespace portlab::stack {

// The candidates a scan takes within one bitmap word: from index `i` (port
// `p`, bit `bit` of its word) the next `in_word` ones, `step` ports apart
// (1 or 2; `shift` = step - 1, `pattern` the step's bits). `blocked` is the
// word's blocked ports. Returns the index of the first candidate neither
// blocked nor refused by `usable`, or -1. Both testers' word scans end here.
template <typename UsableFn>
inline int FirstUsableInWord(uint64_t blocked, int bit, int in_word, int step, int shift,
                             uint64_t pattern, int i, int p, UsableFn&& usable) {
  const int span_bits = (in_word - 1) * step + 1;
  const uint64_t window = span_bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << span_bits) - 1);
  uint64_t free = ~(blocked >> bit) & pattern & window;
  while (free) {
    const int b = std::countr_zero(free);
    if (usable(static_cast<uint16_t>(p + b))) return i + (b >> shift);
    free &= free - 1;
  }
  return -1;
}

// bind(0) and UDP autobind: a candidate is usable when it is not reserved
// and no owner of the port conflicts with the socket.
//
// Past exhaustion every candidate has owners and each check is a bucket
// lookup and a conflict test per owner (~140 ns): a failed bind(0) over
// Linux's 28,232 ports took ~4 ms. For TCP without the relaxed pass, an
// owner conflicts exactly when the addresses overlap (TcpBindConflict and
// the Windows rule with relax = false), so when the socket overlaps every
// owner bound to one IPv4 address, the ports in PortTable::one_v4_ports() are
// blocked for sure and FirstUsable skips them (and reserved ports) a word
// at a time, asking Usable() only for the rest: the same candidates found,
// in the same order.
class Host::BindTester : public PortTester {
 public:
  BindTester(const Host& host, const Socket& s) : host_(host), s_(s) {
    const PortTable& t = host.tables_[0].ports;
    reserved_ = host.knobs_.reserved_ports.get();
    if (s.protocol == net::Protocol::kTcp && t.one_v4_ports().get() && host.OverlapsEveryOneV4Owner(s)) {
      blocked_ = t.one_v4_ports().get();
    }
  }
  bool Usable(uint16_t port) override {
    if (host_.knobs_.Reserved(port)) return false;
    return !host_.FindConflict(s_, port, relaxed_, false).has_value();
  }
  void SetRelaxed(bool relaxed) override { relaxed_ = relaxed; }

  int FirstUsable(const PortScan& scan) override {
    if (relaxed_ || !blocked_ || scan.step > 2) return PortTester::FirstUsable(scan);
    const uint64_t pattern = scan.step == 1 ? ~uint64_t{0} : 0x5555555555555555ULL;
    const int shift = scan.step - 1;  // divide by the step (1 or 2)
    int i = 0;
    while (i < scan.count) {
      int p = scan.PortAt(i);
      // Candidates from i continue linearly until the port reaches `high`.
      const int run_end = std::min(scan.count, i + ((scan.high - p + scan.step - 1) >> shift));
      while (i < run_end) {
        const int bit = p & 63, w = p >> 6;
        uint64_t blocked = blocked_->word(w);
        if (reserved_) blocked |= reserved_->word(w);
        const int in_word = std::min(run_end - i, (64 - bit + scan.step - 1) >> shift);
        const int found = FirstUsableInWord(blocked, bit, in_word, scan.step, shift, pattern, i, p,
                                            [this](uint16_t port) { return Usable(port); });
        if (found >= 0) return found;
        i += in_word;
        p += in_word * scan.step;
      }
    }
    return scan.count;
  }

 private:
  const Host& host_;
  const Socket& s_;
  const PortBitmap* reserved_;
  const PortBitmap* blocked_ = nullptr;  // blocked for sure (not relaxed)
  bool relaxed_ = false;
};

// connect(): a candidate is usable when it is not reserved, its bind bucket
// has no explicit owner (Linux: tb->fastreuse >= 0 skips it), and the
// 4-tuple is free or held by a recyclable TIME-WAIT (tcp_twsk_unique).
class Host::ConnectTester : public PortTester {
 public:
  ConnectTester(const Host& host, DestKey key, bool tw_reuse_possible)
      : host_(host), key_(key), tw_reuse_(tw_reuse_possible) {
    const PortTable& t = host.tables_[0].ports;
    reserved_ = host.knobs_.reserved_ports.get();
    if (host.knobs_.sharing == PortSharing::kUniquePort) {
      // macOS binds the port on every address first (in_pcbbind), ns-3 and
      // lwIP call a port busy if any endpoint has it: any owner, TIME-WAIT
      // included, blocks it, whatever the destination.
      explicit_ = &t.owned_ports().bits();
      tw_reuse_ = false;
      return;
    }
    explicit_ = &t.explicit_ports().bits();
    dest_ = t.FindDest(key);
  }

  bool UsedTowardDestination(uint16_t port) const { return dest_ && dest_->Used(port); }

  bool Usable(uint16_t port) override {
    if (reserved_ && reserved_->Test(port)) return false;
    if (explicit_->Test(port)) return false;
    if (!dest_ || !dest_->Used(port)) return true;
    if (!tw_reuse_) return false;
    const uint32_t holder = host_.tables_[0].conns.Find(ConnKey{key_.laddr, key_.raddr, port, key_.rport});
    if (holder == kNoSocket) return true;
    const Socket& other = host_.sockets_[holder];
    return other.state == TcpState::kTimeWait && host_.TimeWaitRecyclable(other, false);
  }

  // Skips blocked candidates 64 ports at a time: a candidate needs a zero in
  // reserved | explicit | (used toward this destination, TIME-WAIT excepted
  // when it may be recycled); each survivor is confirmed by Usable().
  int FirstUsable(const PortScan& scan) override {
    if (scan.step > 2) return PortTester::FirstUsable(scan);
    const bool used = dest_ && dest_->has_bits();
    const uint64_t pattern = scan.step == 1 ? ~uint64_t{0} : 0x5555555555555555ULL;
    // Divide by the step (1 or 2) with a shift: an idiv per word was ~40 %
    // of a scan over a full parity half.
    const int shift = scan.step - 1;
    const int per_word_log2 = 6 - shift;  // 64 or 32 candidates in a whole word
    auto blocked_word = [&](int w) {
      uint64_t b = explicit_->word(w);
      if (reserved_) b |= reserved_->word(w);
      if (used) b |= dest_->blocking_word(w, tw_reuse_);
      return b;
    };
    int i = 0;
    while (i < scan.count) {
      int p = scan.PortAt(i);
      // Candidates from i continue linearly until the port reaches `high`.
      int run_end = std::min(scan.count, i + ((scan.high - p + scan.step - 1) >> shift));
      while (i < run_end) {
        int bit = p & 63, w = p >> 6;
        if (bit <= shift) {
          // Aligned (bit 0, or bit 1 for odd ports at step 2): skip whole
          // words without a free candidate in a tight loop, the common case
          // once a parity half is full.
          const uint64_t mask = pattern << bit;
          const int w_end = w + ((run_end - i) >> per_word_log2);
          // Parities the scan visits: step 1 both, step 2 the one of p.
          const int parities = scan.step == 1 ? 3 : 1 << bit;
          int v = w;
          while (v < w_end) {
            // Words full toward this destination are skipped 64 at a time
            // by the summary; a word the summary calls open may still be
            // blocked by explicit binds or reserved ports.
            if (used) v = dest_->NextOpenWord(v, w_end, parities, tw_reuse_);
            if (v >= w_end || (~blocked_word(v) & mask)) break;
            ++v;
          }
          i += (v - w) << per_word_log2;
          p += (v - w) * 64;
          w = v;
          if (i >= run_end) break;
        }
        int in_word = std::min(run_end - i, (64 - bit + scan.step - 1) >> shift);
        const int found = FirstUsableInWord(blocked_word(w), bit, in_word, scan.step, shift, pattern, i, p,
                                            [this](uint16_t port) { return Usable(port); });
        if (found >= 0) return found;
        i += in_word;
        p += in_word * scan.step;
      }
    }
    return scan.count;
  }

 private:
  const Host& host_;
  DestKey key_;
  bool tw_reuse_;
  const PortBitmap* explicit_;
  const PortBitmap* reserved_;
  const DestUsage* dest_ = nullptr;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_INTERNAL_PORT_TESTERS_H_
