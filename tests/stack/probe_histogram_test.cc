#include "portlab/stack/probe_histogram.h"

#include <catch2/catch.hpp>

namespace portlab::stack {
namespace {

TEST_CASE("probe histogram buckets are exact to 15, then an eighth of an octave", "[stack][latency]") {
  struct Case {
    int64_t probes;
    int64_t lo, hi;
  } cases[] = {
      {0, 0, 0},       {1, 1, 1},       {15, 15, 15},    {16, 16, 17},          {17, 16, 17},
      {18, 18, 19},    {31, 30, 31},    {32, 32, 35},    {2049, 2048, 2303},    {14116, 13312, 14335},
      {28232, 26624, 28671}, {65535, 61440, 65535},
  };
  for (const Case& c : cases) {
    const int b = ProbeHistogram::BucketOf(c.probes);
    INFO("probes " << c.probes);
    CHECK(ProbeHistogram::BucketLo(b) == c.lo);
    CHECK(ProbeHistogram::BucketHi(b) == c.hi);
  }
}

TEST_CASE("probe histogram quantiles by nearest rank, at their bucket's midpoint", "[stack][latency]") {
  ProbeHistogram h;
  for (int i = 0; i < 98; ++i) h.Add(1);
  h.Add(2049);
  h.Add(28232);
  CHECK(h.count() == 100);
  CHECK(h.Quantile(0.5) == 1);
  CHECK(h.Quantile(0.98) == 1);
  CHECK(h.Quantile(0.99) == (2048 + 2303) / 2);
  CHECK(h.Quantile(1.0) == (26624 + 28671) / 2);
}

TEST_CASE("probe histogram intervals: subtract an earlier state, merge two", "[stack][latency]") {
  ProbeHistogram before;
  before.Add(3);
  ProbeHistogram now = before;
  now.Add(500);
  now.Add(500);
  ProbeHistogram interval = now;
  interval.Subtract(before);
  CHECK(interval.count() == 2);
  CHECK(interval.Quantile(0.5) == ProbeHistogram::BucketLo(ProbeHistogram::BucketOf(500)) +
                                     (ProbeHistogram::BucketHi(ProbeHistogram::BucketOf(500)) -
                                      ProbeHistogram::BucketLo(ProbeHistogram::BucketOf(500))) / 2);
  interval.Merge(before);
  CHECK(interval == now);
}

}  // namespace
}  // namespace portlab::stack
