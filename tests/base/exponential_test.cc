// UnitExponential: -ln(1 - k / 2^53) without libm, within one ulp of the
// exact value (long double's log1pl as the reference: 64-bit significand,
// 11 bits more than a double), and the draws exponentially distributed.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "portlab/base/exponential.h"
#include "portlab/base/rng.h"

namespace portlab::sim {
namespace {

// -ln(1 - k / 2^53) in long double.
long double Reference(uint64_t k) {
  return -std::log1pl(-static_cast<long double>(k) * 0x1p-53L);
}

// |got - want| in units in the last place of the double nearest `want`.
double UlpError(double got, long double want) {
  const double w = static_cast<double>(want);
  const double ulp = std::nextafter(w, INFINITY) - w;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - want) / ulp);
}

TEST_CASE("UnitExponential at fixed points", "[exponential]") {
  CHECK(UnitExponential(0) == 0.0);
  // U = 1/2: ln 2, correctly rounded.
  CHECK(UnitExponential(uint64_t{1} << 52) == 0.6931471805599453);
  // U = 3/4: ln 4.
  CHECK(UnitExponential(uint64_t{3} << 51) == 1.3862943611198906);
  // The largest k: 53 ln 2.
  CHECK(UnitExponential((uint64_t{1} << 53) - 1) == Approx(53 * 0.6931471805599453).epsilon(1e-15));
  // The smallest: 2^-53 (1 + 2^-54) rounds to 2^-53.
  CHECK(UnitExponential(1) == 0x1p-53);
}

TEST_CASE("UnitExponential is within one ulp of the exact value", "[exponential]") {
  std::vector<uint64_t> ks;
  // Both branches, their boundary (2^43) and every table cell boundary.
  for (uint64_t k : {uint64_t{1}, uint64_t{2}, uint64_t{3}, (uint64_t{1} << 43) - 1,
                     uint64_t{1} << 43, (uint64_t{1} << 43) + 1, uint64_t{1} << 52,
                     (uint64_t{1} << 53) - 2, (uint64_t{1} << 53) - 1}) {
    ks.push_back(k);
  }
  for (uint64_t j = 0; j < 256; ++j) {
    // N = 2^53 - k = (1 + j/256) 2^52 exactly, and one either side.
    const uint64_t n = (uint64_t{256} + j) << 44;
    for (uint64_t d : {n - 1, n, n + 1}) {
      if (d <= (uint64_t{1} << 53)) ks.push_back((uint64_t{1} << 53) - d);
    }
  }
  Rng rng(7);
  for (int i = 0; i < 200000; ++i) ks.push_back(rng.Next64() >> 11);
  // Small values, where the direct series runs.
  for (int i = 0; i < 20000; ++i) ks.push_back(rng.Next64() >> (11 + 10 + i % 40));
  double worst = 0;
  uint64_t worst_k = 0;
  for (uint64_t k : ks) {
    if (k == 0) continue;
    const double e = UlpError(UnitExponential(k), Reference(k));
    if (e > worst) {
      worst = e;
      worst_k = k;
    }
  }
  INFO("worst k " << worst_k << ": " << worst << " ulp");
  CHECK(worst <= 1.0);
}

TEST_CASE("ExponentialDraw has the exponential distribution's moments", "[exponential]") {
  // 10^6 draws: the mean's standard error is 0.001, the variance's
  // sqrt(8 / 10^6) = 0.0028; the tolerances are ~5 of them.
  Rng rng(DeriveSeed(1, "exponential-test"));
  constexpr int kDraws = 1000000;
  double sum = 0, sum2 = 0;
  int above1 = 0, above3 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = ExponentialDraw(rng);
    REQUIRE(x >= 0);
    sum += x;
    sum2 += x * x;
    above1 += x > 1;
    above3 += x > 3;
  }
  const double mean = sum / kDraws;
  const double variance = sum2 / kDraws - mean * mean;
  CHECK(mean == Approx(1.0).margin(0.005));
  CHECK(variance == Approx(1.0).margin(0.015));
  // P(X > 1) = e^-1, P(X > 3) = e^-3 (standard errors 0.00048, 0.00022).
  CHECK(above1 / double{kDraws} == Approx(0.36787944).margin(0.0025));
  CHECK(above3 / double{kDraws} == Approx(0.04978707).margin(0.0011));
}

TEST_CASE("ExponentialDraw uses one Next64 per draw, as -log1p(-Uniform()) did", "[exponential]") {
  Rng a(3), b(3);
  for (int i = 0; i < 1000; ++i) {
    const double x = ExponentialDraw(a);
    const double u = b.Uniform();
    CHECK(UlpError(x, -std::log1pl(-static_cast<long double>(u))) <= 1.0);
  }
}

}  // namespace
}  // namespace portlab::sim
