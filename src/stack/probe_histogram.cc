#include "portlab/stack/probe_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace portlab::stack {
namespace {

constexpr int kExact = 16;     // counts 0..15 have a bucket each
constexpr int kSubBuckets = 8;  // buckets per power of two above
constexpr int kSubBits = 3;     // log2(kSubBuckets)

}  // namespace

int ProbeHistogram::BucketOf(int64_t probes) {
  if (probes < kExact) return static_cast<int>(std::max<int64_t>(probes, 0));
  const int octave = std::bit_width(static_cast<uint64_t>(probes)) - 1;  // >= 4
  const int sub = static_cast<int>((probes >> (octave - kSubBits)) & (kSubBuckets - 1));
  return kExact + (octave - 4) * kSubBuckets + sub;
}

int64_t ProbeHistogram::BucketLo(int bucket) {
  if (bucket < kExact) return bucket;
  const int octave = 4 + (bucket - kExact) / kSubBuckets;
  const int sub = (bucket - kExact) % kSubBuckets;
  return int64_t{kSubBuckets + sub} << (octave - kSubBits);
}

int64_t ProbeHistogram::BucketHi(int bucket) {
  if (bucket < kExact) return bucket;
  const int octave = 4 + (bucket - kExact) / kSubBuckets;
  return BucketLo(bucket) + (int64_t{1} << (octave - kSubBits)) - 1;
}

void ProbeHistogram::Merge(const ProbeHistogram& other) {
  if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size(), 0);
  for (size_t b = 0; b < other.counts_.size(); ++b) counts_[b] += other.counts_[b];
  count_ += other.count_;
}

void ProbeHistogram::Subtract(const ProbeHistogram& earlier) {
  for (size_t b = 0; b < earlier.counts_.size() && b < counts_.size(); ++b) counts_[b] -= earlier.counts_[b];
  count_ -= earlier.count_;
  while (!counts_.empty() && counts_.back() == 0) counts_.pop_back();
}

void ProbeHistogram::SetBucket(int bucket, int64_t n) {
  const size_t b = static_cast<size_t>(bucket);
  if (b >= counts_.size()) counts_.resize(b + 1, 0);
  count_ += n - counts_[b];
  counts_[b] = n;
}

int64_t ProbeHistogram::Quantile(double q) const {
  const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(q * static_cast<double>(count_))));
  int64_t seen = 0;
  for (size_t b = 0; b < counts_.size(); ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      const int bucket = static_cast<int>(b);
      return (BucketLo(bucket) + BucketHi(bucket)) / 2;
    }
  }
  return 0;
}

}  // namespace portlab::stack
