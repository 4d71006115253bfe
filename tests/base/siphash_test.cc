// SipHash-2-4 against the reference implementation's test vectors
// (Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A,
// and vectors.h of the reference code: key 00..0f, message 00..len-1).
#include "portlab/base/siphash.h"

#include <catch2/catch.hpp>
#include <vector>

namespace portlab {
namespace {

TEST_CASE("SipHash-2-4 gives the reference vectors", "[base][siphash]") {
  const SipKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  struct Row {
    size_t length;
    uint64_t hash;
  };
  const Row rows[] = {
      {0, 0x726fdb47dd0e0e31ULL},
      {1, 0x74f839c593dc67fdULL},
      {8, 0x93f5f5799a932462ULL},
      {15, 0xa129ca6149be45e5ULL},  // the paper's appendix A
  };
  std::vector<uint8_t> message(64);
  for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i);
  for (const Row& r : rows) {
    INFO("length " << r.length);
    CHECK(SipHash24(key, message.data(), r.length) == r.hash);
  }
}

TEST_CASE("SipHash24Of3U32 is SipHash-2-4 of the words' 12 little-endian bytes", "[base][siphash]") {
  const SipKey key{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  const uint32_t rows[][3] = {{0, 0, 0}, {0x0100000a, 0x0200000a, 0x50bb9c40}, {0xffffffff, 1, 0x80000000}};
  for (const auto& w : rows) {
    uint8_t bytes[12];
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j) bytes[4 * i + j] = static_cast<uint8_t>(w[i] >> (8 * j));
    CHECK(SipHash24Of3U32(key, w[0], w[1], w[2]) == SipHash24(key, bytes, 12));
  }
}

}  // namespace
}  // namespace portlab
