// Rng: the one random engine of portlab, xoshiro256** seeded by SplitMix64.
//
// Every component that needs randomness owns an Rng seeded from the scenario
// seed and a component name (DeriveSeed), so adding randomness to one
// component never shifts another's sequence. Output is portable: the same
// seed gives the same numbers on every machine and compiler (no
// std::uniform_int_distribution, whose output is implementation-defined).
//
// Example:
//   Rng rng(DeriveSeed(seed, "host:client"));
//   uint32_t offset = rng.Below(remaining);
//
// Thread safety: none; one Rng per component.
#ifndef PORTLAB_BASE_RNG_H_
#define PORTLAB_BASE_RNG_H_

#include <bit>
#include <cstdint>
#include <string_view>

namespace portlab {

// SplitMix64's finaliser: a strong 64-bit mixer, used as a keyed hash.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A seed for the component `name` of a run seeded with `seed` (FNV-1a of the
// name, mixed with the seed).
uint64_t DeriveSeed(uint64_t seed, std::string_view name);

class Rng {
 public:
  explicit Rng(uint64_t seed);

  // xoshiro256**; inline, since allocators draw once per candidate.
  uint64_t Next64() {
    const uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }
  uint32_t Next32() { return static_cast<uint32_t>(Next64() >> 32); }
  // Uniform in [0, n) by Lemire's multiply-shift (bias below 2^-32 for the
  // n <= 65536 portlab uses). REQUIRES: n > 0.
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>((uint64_t{Next32()} * n) >> 32);
  }
  // Uniform double in [0, 1).
  double Uniform() { return static_cast<double>(Next64() >> 11) * 0x1.0p-53; }

 private:
  uint64_t s_[4];
};

}  // namespace portlab

#endif  // PORTLAB_BASE_RNG_H_
