// PortBitmap: one bit per port number (65,536 bits, 8 KiB).
//
// The port tables keep "which ports are blocked" as bitmaps so an allocator
// can skip a run of used ports a word at a time while still counting every
// candidate the real algorithm would have examined.
#ifndef PORTLAB_STACK_PORT_BITMAP_H_
#define PORTLAB_STACK_PORT_BITMAP_H_

#include <array>
#include <bit>
#include <cstdint>
#include <memory>

namespace portlab::stack {

class PortBitmap {
 public:
  static constexpr int kWords = 65536 / 64;

  bool Test(uint32_t port) const { return (words_[port >> 6] >> (port & 63)) & 1; }
  void Set(uint32_t port) { words_[port >> 6] |= uint64_t{1} << (port & 63); }
  void Clear(uint32_t port) { words_[port >> 6] &= ~(uint64_t{1} << (port & 63)); }
  uint64_t word(int i) const { return words_[i]; }
  void Reset() { words_.fill(0); }

  // Clear bits among ports [lo, hi), counted a word at a time.
  int CountClear(int lo, int hi) const;
  // The n-th (0-based) port with a clear bit in [lo, hi), or -1 when there
  // are n or fewer.
  int NthClear(int lo, int hi, int n) const;

 private:
  std::array<uint64_t, kWords> words_{};
};

// A PortBitmap allocated when its first bit is set: reads of one never set
// see an empty bitmap without touching memory. A host keeps four (explicit
// binds and owned ports, TCP and UDP) and most use one or none: 10^4
// subscriber hosts held 320 MiB of zeros, and every connect() read a cold
// word of its explicit-binds bitmap.
class LazyPortBitmap {
 public:
  bool Test(uint32_t port) const { return bits_ && bits_->Test(port); }
  void Set(uint32_t port) {
    if (!bits_) bits_ = std::make_unique<PortBitmap>();
    bits_->Set(port);
  }
  void Clear(uint32_t port) {
    if (bits_) bits_->Clear(port);
  }
  uint64_t word(int i) const { return bits_ ? bits_->word(i) : 0; }
  // The bitmap, or a shared empty one when nothing was ever set.
  const PortBitmap& bits() const { return bits_ ? *bits_ : kEmpty; }
  // The bitmap, or nullptr when nothing was ever set.
  const PortBitmap* get() const { return bits_.get(); }

 private:
  static inline const PortBitmap kEmpty{};
  std::unique_ptr<PortBitmap> bits_;
};

// The position of the n-th (0-based) set bit of x. REQUIRES: n < popcount(x).
inline int SelectBit(uint64_t x, int n) {
  int pos = 0;
  for (int width : {32, 16, 8}) {
    const uint64_t low = x & ((uint64_t{1} << width) - 1);
    const int c = std::popcount(low);
    if (n >= c) {
      n -= c;
      x >>= width;
      pos += width;
    } else {
      x = low;
    }
  }
  for (; n > 0; --n) x &= x - 1;
  return pos + std::countr_zero(x);
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PORT_BITMAP_H_
