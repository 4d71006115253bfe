#include "portlab/base/rng.h"

namespace portlab {
uint64_t DeriveSeed(uint64_t seed, std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (char c : name) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return Mix64(seed ^ Mix64(h));
}

Rng::Rng(uint64_t seed) {
  // SplitMix64 expands the seed, as the xoshiro authors recommend.
  uint64_t x = seed;
  for (uint64_t& s : s_) {
    x += 0x9e3779b97f4a7c15ULL;
    s = Mix64(x - 0x9e3779b97f4a7c15ULL);
  }
}

}  // namespace portlab
