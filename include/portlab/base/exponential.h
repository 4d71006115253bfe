// A unit-exponential variate computed without libm: Poisson arrivals and
// exponential holds must come out the same on every machine, and libm's
// log1p may differ in its last bit between builds (an arrival rounded to
// the other nanosecond changes a run's output).
//
// UnitExponential(k) is -ln(1 - k / 2^53), the inverse CDF at the uniform
// k / 2^53 that Rng::Uniform() returns, computed in integer fixed point
// only (64- and 128-bit integer arithmetic, one uint64 -> double conversion
// and exact power-of-two scalings): the same bits on every compiler and
// architecture. It is within one unit in the last place of the exact value
// (tests/sim/exponential_test.cc checks it against long double).
//
// Example:
//   Rng rng(DeriveSeed(seed, "arrivals"));
//   double gap = ExponentialDraw(rng) / rate;  // seconds to the next arrival
//
// Thread safety: pure functions (the constant tables are built once,
// thread-safely, on first use).
#ifndef PORTLAB_BASE_EXPONENTIAL_H_
#define PORTLAB_BASE_EXPONENTIAL_H_

#include <cstdint>

#include "portlab/base/rng.h"

namespace portlab {

// -ln(1 - k / 2^53). REQUIRES: k < 2^53. UnitExponential(0) == 0.
double UnitExponential(uint64_t k);

// A unit-exponential draw (mean 1) from one Next64() of `rng`: the value
// -log1p(-rng.Uniform()) would have, from the same 53 bits.
inline double ExponentialDraw(Rng& rng) { return UnitExponential(rng.Next64() >> 11); }

}  // namespace portlab

#endif  // PORTLAB_BASE_EXPONENTIAL_H_
