#include "portlab/base/siphash.h"

namespace portlab {
namespace {

uint64_t LittleEndian(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

}  // namespace

uint64_t SipHash24(const SipKey& key, const uint8_t* data, size_t size) {
  SipState s = SipState::Init(key);
  const size_t whole = size - size % 8;
  for (size_t i = 0; i < whole; i += 8) s.Absorb(LittleEndian(data + i, 8));
  // The last word: the remaining bytes, and the length in its top byte.
  s.Absorb(LittleEndian(data + whole, size % 8) | (uint64_t{size & 0xff} << 56));
  return s.Finish();
}

}  // namespace portlab
