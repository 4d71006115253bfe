// -ln(1 - k / 2^53) in integer fixed point.
//
// With N = 2^53 - k, the value is 53 ln 2 - ln N. N = 2^e * m, m in [1, 2);
// m = c_j (1 + r) where c_j = 1 + j/256 is m cut to 8 bits after the point
// and r < 2^-8; so ln N = e ln 2 + ln c_j + ln(1 + r), the last by nine
// terms of its series. ln 2 and ln c_j come from tables built once by the
// atanh series (ln x = 2 atanh((x - 1) / (x + 1))) in 128-bit fixed point
// with 120 fraction bits; the reciprocals 1 / c_j by integer division.
// Near k = 0 (k < 2^43, a value below ~2^-10) the difference would cancel,
// so there -ln(1 - x) = x (1 + x/2 + x^2/3 + ...) is summed directly.
#include "portlab/base/exponential.h"

#include <array>
#include <bit>

namespace portlab {
namespace {

using u128 = unsigned __int128;

constexpr int kFrac = 120;  // fraction bits of the Q8.120 tables and sums

// floor(a * b / 2^120). REQUIRES: the result < 2^128.
u128 Mul120(u128 a, u128 b) {
  const uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
  const uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
  const u128 p00 = u128{a0} * b0, p01 = u128{a0} * b1, p10 = u128{a1} * b0, p11 = u128{a1} * b1;
  const u128 mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  const u128 lo = (p00 & ~uint64_t{0}) | (mid << 64);
  const u128 hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
  return (hi << (128 - kFrac)) | (lo >> kFrac);
}

// 2 atanh(num / den) in Q8.120. REQUIRES: num < 256, num / den <= 1/3.
u128 TwoAtanh(uint64_t num, uint64_t den) {
  const u128 z = (u128{num} << kFrac) / den;
  const u128 z2 = Mul120(z, z);
  u128 sum = 0;
  u128 power = z;
  for (uint64_t n = 1; power != 0; n += 2) {
    sum += power / n;
    power = Mul120(power, z2);
  }
  return 2 * sum;
}

struct Tables {
  u128 ln2;                       // ln 2, Q8.120
  std::array<u128, 256> ln_c;     // ln(1 + j/256), Q8.120
  std::array<uint64_t, 256> inv;  // floor((2^127 - 1) / C_j), C_j = (1 + j/256) 2^63
};

const Tables& GetTables() {
  static const Tables t = [] {
    Tables t;
    t.ln2 = TwoAtanh(1, 3);
    for (uint64_t j = 0; j < 256; ++j) {
      t.ln_c[j] = TwoAtanh(j, 512 + j);
      const u128 c = (u128{1} << 63) + (u128{j} << 55);
      t.inv[j] = static_cast<uint64_t>(((u128{1} << 127) - 1) / c);
    }
    return t;
  }();
  return t;
}

// 2^n as a double, built from its bits. REQUIRES: -1022 <= n <= 1023.
double Pow2(int n) { return std::bit_cast<double>(static_cast<uint64_t>(1023 + n) << 52); }

// v as a double, rounded to nearest (even): the top 64 bits with a sticky
// bit for the rest, so the one uint64 -> double conversion rounds right.
double ToDouble(u128 v) {
  const uint64_t hi = static_cast<uint64_t>(v >> 64);
  if (hi == 0) return static_cast<double>(static_cast<uint64_t>(v));
  const int shift = 64 - std::countl_zero(hi);
  uint64_t top = static_cast<uint64_t>(v >> shift);
  if ((v & ((u128{1} << shift) - 1)) != 0) top |= 1;
  return static_cast<double>(top) * Pow2(shift);
}

}  // namespace

double UnitExponential(uint64_t k) {
  if (k == 0) return 0.0;
  if (k < (uint64_t{1} << 43)) {
    // x = k / 2^53 < 2^-10: x (1 + G), G = x/2 + x^2/3 + ... + x^6/7, in
    // Q0.64 (x^7/8 < 2^-73 is left out).
    const uint64_t x = k << 11;
    uint64_t power = x;
    uint64_t g = 0;
    for (uint64_t n = 2; n <= 7; ++n) {
      g += power / n;
      power = static_cast<uint64_t>((u128{power} * x) >> 64);
    }
    const u128 v = (u128{x} << 64) + u128{x} * g;  // Q0.128
    return ToDouble(v) * Pow2(-128);
  }
  const Tables& t = GetTables();
  const uint64_t n = (uint64_t{1} << 53) - k;  // in [1, 2^53 - 2^43]
  const int e = 63 - std::countl_zero(n);
  const uint64_t m = n << (63 - e);  // Q1.63, in [2^63, 2^64)
  const uint64_t j = (m >> 55) & 255;
  const uint64_t c = (uint64_t{1} << 63) + (j << 55);
  // r = (m - c) / c < 2^-8 in Q0.72.
  const uint64_t r = static_cast<uint64_t>((u128{m - c} * t.inv[j]) >> 55);
  // ln(1 + r) = r - r^2/2 + r^3/3 - ... to r^9/9, in Q0.72.
  uint64_t plus = 0, minus = 0, power = r;
  for (uint64_t i = 1; i <= 9; ++i) {
    (i % 2 ? plus : minus) += power / i;
    power = static_cast<uint64_t>((u128{power} * r) >> 72);
  }
  const u128 ln_n = t.ln2 * static_cast<uint64_t>(e) + t.ln_c[j] + (u128{plus - minus} << (kFrac - 72));
  return ToDouble(t.ln2 * 53 - ln_n) * Pow2(-kFrac);
}

}  // namespace portlab
