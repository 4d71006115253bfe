// The 95 % intervals against published and independently computed values.
#include "portlab/base/confidence_interval.h"

#include <catch2/catch.hpp>
#include <vector>

namespace portlab {
namespace {

TEST_CASE("Clopper-Pearson intervals match Newcombe 1998 and exact binomial sums", "[base][statistics]") {
  // Newcombe (Statistics in Medicine 17:857, 1998), Table II method 5 for
  // the first four; the rest from exact rational binomial sums solved by
  // bisection (Python's fractions), to 6 decimals.
  struct Case {
    int64_t k, n;
    double low, high;
  } cases[] = {
      {81, 263, 0.252737, 0.367622}, {15, 148, 0.057844, 0.161650}, {0, 20, 0.0, 0.168433},
      {1, 29, 0.000873, 0.177644},   {5, 20, 0.086571, 0.491046},   {20, 20, 0.831567, 1.0},
      {3, 10, 0.066740, 0.652453},   {0, 1, 0.0, 0.975},
  };
  for (const Case& c : cases) {
    INFO(c.k << "/" << c.n);
    ConfidenceInterval ci = ClopperPearson(c.k, c.n);
    CHECK(ci.low == Approx(c.low).margin(2e-6));
    CHECK(ci.high == Approx(c.high).margin(2e-6));
  }
}

TEST_CASE("Student t intervals of a mean, none from one value", "[base][statistics]") {
  CHECK_FALSE(MeanInterval(std::vector<double>{5}).has_value());
  CHECK_FALSE(MeanInterval(std::vector<double>{}).has_value());
  // 3, 4, 5: s = 1, t(0.975, 2) = 4.303, half-width 4.303 / sqrt(3) = 2.48434.
  std::optional<ConfidenceInterval> ci = MeanInterval(std::vector<double>{3, 5, 4});
  REQUIRE(ci.has_value());
  CHECK(ci->low == Approx(4 - 2.48434).epsilon(1e-5));
  CHECK(ci->high == Approx(4 + 2.48434).epsilon(1e-5));
  // Equal values: a zero-width interval is right when there were several.
  ci = MeanInterval(std::vector<double>{2, 2});
  REQUIRE(ci.has_value());
  CHECK(ci->low == 2);
  CHECK(ci->high == 2);
  CHECK(StudentT975(1) == Approx(12.706));
  CHECK(StudentT975(30) == Approx(2.042).epsilon(1e-3));
  CHECK(StudentT975(31) == Approx(2.040).epsilon(1e-3));
  CHECK(StudentT975(120) == Approx(1.980).epsilon(1e-3));
  CHECK(StudentT975(100000) == Approx(1.960).epsilon(1e-3));
}

TEST_CASE("median intervals take the order statistics of Conover's table", "[base][statistics]") {
  // Conover (1999) §3.2 / the sign-test table: n = 6 -> ranks 1 and 6,
  // n = 10 -> 2 and 9, n = 20 -> 6 and 15; fewer than 6 values, none.
  struct Case {
    int n;
    int low_rank, high_rank;  // 0: no interval
  } cases[] = {{5, 0, 0}, {6, 1, 6}, {10, 2, 9}, {20, 6, 15}, {30, 10, 21}};
  for (const Case& c : cases) {
    INFO("n = " << c.n);
    std::vector<double> sorted;
    for (int i = 1; i <= c.n; ++i) sorted.push_back(i * 10.0);
    std::optional<ConfidenceInterval> ci = MedianInterval(sorted);
    if (c.low_rank == 0) {
      CHECK_FALSE(ci.has_value());
      continue;
    }
    REQUIRE(ci.has_value());
    CHECK(ci->low == c.low_rank * 10.0);
    CHECK(ci->high == c.high_rank * 10.0);
  }
}

}  // namespace
}  // namespace portlab
