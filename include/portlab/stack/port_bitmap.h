// PortBitmap: one bit per port number (65,536 bits, 8 KiB).
//
// The port tables keep "which ports are blocked" as bitmaps so an allocator
// can skip a run of used ports a word at a time while still counting every
// candidate the real algorithm would have examined.
#ifndef PORTLAB_STACK_PORT_BITMAP_H_
#define PORTLAB_STACK_PORT_BITMAP_H_

#include <array>
#include <cstdint>

namespace portlab::stack {

class PortBitmap {
 public:
  static constexpr int kWords = 65536 / 64;

  bool Test(uint32_t port) const { return (words_[port >> 6] >> (port & 63)) & 1; }
  void Set(uint32_t port) { words_[port >> 6] |= uint64_t{1} << (port & 63); }
  void Clear(uint32_t port) { words_[port >> 6] &= ~(uint64_t{1} << (port & 63)); }
  uint64_t word(int i) const { return words_[i]; }
  void Reset() { words_.fill(0); }

 private:
  std::array<uint64_t, kWords> words_{};
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PORT_BITMAP_H_
