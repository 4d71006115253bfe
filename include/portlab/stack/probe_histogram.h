// ProbeHistogram: how many calls examined how many candidate ports, in
// log-linear buckets, so a quantile of a run's (or an interval's) per-call
// probe counts is known without keeping one sample per call.
//
// Buckets: one per count from 0 to 15, then eight per power of two
// (16-17, 18-19, ..., 30-31, 32-35, ...), so a bucket above 15 spans an
// eighth of its octave. A quantile is reported as its bucket's midpoint
// (rounded down): within 1/16 of the true count. The buckets grow to the
// largest used; the first four are kept in the histogram itself, so a host
// whose connect() calls probe a port or two (nearly every host of a large
// run) counts them without reaching for memory of their own.
//
// Example:
//   ProbeHistogram h;
//   h.Add(1); h.Add(1); h.Add(3000);
//   h.count();         // 3
//   h.Quantile(0.5);   // 1
//   h.Quantile(0.99);  // 2944..3071's midpoint, 3007
//
// Invariants: every counter is non-negative (Subtract's REQUIRES); count()
// is the sum of the counters.
//
// Thread safety: none; the core is single-threaded.
#ifndef PORTLAB_STACK_PROBE_HISTOGRAM_H_
#define PORTLAB_STACK_PROBE_HISTOGRAM_H_

#include <cstddef>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"

namespace portlab::stack {

class ProbeHistogram {
 public:
  // The bucket of `probes` (>= 0).
  static int BucketOf(int64_t probes);
  // The counts a bucket holds, [lo, hi].
  static int64_t BucketLo(int bucket);
  static int64_t BucketHi(int bucket);

  void Add(int64_t probes) {
    const size_t b = static_cast<size_t>(BucketOf(probes));
    if (b >= counts_.size()) counts_.resize(b + 1, 0);
    ++counts_[b];
    ++count_;
  }
  // Adds every call of `other`.
  void Merge(const ProbeHistogram& other);
  // Removes the calls of `earlier`, an earlier state of this histogram.
  // REQUIRES: every bucket of `earlier` holds at most this one's.
  void Subtract(const ProbeHistogram& earlier);
  void Clear() {
    counts_.clear();
    count_ = 0;
  }

  int64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Calls in each bucket, from bucket 0; trailing empty buckets may be
  // missing.
  absl::Span<const int64_t> counts() const { return counts_; }
  // Sets bucket `bucket` to `n` calls (a histogram rebuilt from stored
  // buckets). REQUIRES: n >= 0.
  void SetBucket(int bucket, int64_t n);

  // The q-quantile (0 < q <= 1) by nearest rank: the midpoint of the
  // bucket holding the ceil(q * count())-th smallest call. REQUIRES:
  // !empty().
  int64_t Quantile(double q) const;

  friend bool operator==(const ProbeHistogram&, const ProbeHistogram&) = default;

 private:
  absl::InlinedVector<int64_t, 4> counts_;
  int64_t count_ = 0;
};

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_PROBE_HISTOGRAM_H_
