// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed hash of a few bytes,
// the pseudo-random function RFC 6528 asks of an initial sequence number
// generator. Linux keys it with a boot secret (lib/siphash.c; net/core/
// secure_seq.c secure_tcp_seq); portlab keys it from the run's seed.
//
// Example:
//   SipKey key{DeriveSeed(seed, "isn-0"), DeriveSeed(seed, "isn-1")};
//   uint64_t h = SipHash24(key, bytes, n);
//
// Thread safety: a pure function.
#ifndef PORTLAB_BASE_SIPHASH_H_
#define PORTLAB_BASE_SIPHASH_H_

#include <bit>
#include <cstddef>
#include <cstdint>

namespace portlab {

struct SipKey {
  uint64_t k0 = 0;
  uint64_t k1 = 0;
};

// SipHash-2-4 of `size` bytes at `data` (read as little-endian 64-bit
// words, as the reference implementation reads them), under `key`.
uint64_t SipHash24(const SipKey& key, const uint8_t* data, size_t size);

// SipHash-2-4's state, for hashing 64-bit words as they come (what the
// functions here and Linux's siphash_3u32 do): a caller that hashes many
// messages sharing their first words may keep the state after them.
struct SipState {
  uint64_t v0, v1, v2, v3;
  static SipState Init(const SipKey& key) {
    return {key.k0 ^ 0x736f6d6570736575ULL, key.k1 ^ 0x646f72616e646f6dULL, key.k0 ^ 0x6c7967656e657261ULL,
            key.k1 ^ 0x7465646279746573ULL};
  }
  void Round() {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }
  // One 8-byte word of the message (little-endian).
  void Absorb(uint64_t m) {
    v3 ^= m;
    Round();
    Round();
    v0 ^= m;
  }
  // The hash, once the last word (the message's tail bytes with its length
  // in the top byte) is absorbed.
  uint64_t Finish() {
    v2 ^= 0xff;
    Round();
    Round();
    Round();
    Round();
    return v0 ^ v1 ^ v2 ^ v3;
  }
};

// SipHash-2-4 of the 12 bytes of three little-endian 32-bit words, without
// the byte loop: Linux's siphash_3u32 (lib/siphash.c), what secure_tcp_seq
// hashes an IPv4 4-tuple with. Equal to SipHash24 of those bytes.
inline uint64_t SipHash24Of3U32(const SipKey& key, uint32_t first, uint32_t second, uint32_t third) {
  SipState s = SipState::Init(key);
  s.Absorb(uint64_t{second} << 32 | first);
  s.Absorb(uint64_t{12} << 56 | third);
  return s.Finish();
}

}  // namespace portlab

#endif  // PORTLAB_BASE_SIPHASH_H_
