// The bins of the connect() latency calibration (bench/README.md,
// "connect() latency"): each experiment's connect() calls grouped by the
// occupancy of the range toward their destination, in 32 bins, and the
// calls that failed (the range full) in a bin of their own, numbered 32.
// fit.cc writes bench/data/connect-latency-summary.csv from them;
// tests/stack/connect_latency_test.cc reads it back.
#ifndef PORTLAB_BENCH_CONNECT_LATENCY_SUMMARY_H_
#define PORTLAB_BENCH_CONNECT_LATENCY_SUMMARY_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "connect_latency/replay.h"

namespace portlab::bench {

inline constexpr int kOccupancyBins = 32;
inline constexpr int kFailedBin = kOccupancyBins;
inline constexpr uint64_t kReplaySeeds = 16;  // seeds 1..16

inline int BinOf(int dest_held, bool ok, int ports) {
  return ok ? dest_held * kOccupancyBins / ports : kFailedBin;
}

// The lower median.
inline int64_t Median(std::vector<int64_t> v) {
  std::nth_element(v.begin(), v.begin() + (v.size() - 1) / 2, v.end());
  return v[(v.size() - 1) / 2];
}

// The median probes portlab counts per bin of `experiment`'s connect()
// calls, over kReplaySeeds replays.
inline std::map<int, int64_t> ReplayedMedians(const std::string& experiment, int lo, int ports, int failures) {
  std::map<int, std::vector<int64_t>> by_bin;
  for (uint64_t seed = 1; seed <= kReplaySeeds; ++seed) {
    for (const ReplayedCall& c : ReplayConnectFill(experiment, lo, ports, failures, seed)) {
      if (c.connect) by_bin[BinOf(c.dest_held, c.ok, ports)].push_back(c.probes);
    }
  }
  std::map<int, int64_t> out;
  for (auto& [bin, v] : by_bin) out[bin] = Median(std::move(v));
  return out;
}

// Whether a bin is in the fit: every bin of calls that got a port, and the
// failed calls of one destination on 4,096 ports. Left out, and named as
// limits in stack/connect_latency.h: failed calls whose scan crosses
// ports bind() holds (bind-connect: cheaper than the model), and failed
// calls with 16,384 sockets in the tables (16,384 ports, or four
// destinations: dearer than the model).
inline bool InFit(const std::string& experiment, int ports, int bin) {
  return bin != kFailedBin || (experiment == "connect" && ports <= 4096);
}

}  // namespace portlab::bench

#endif  // PORTLAB_BENCH_CONNECT_LATENCY_SUMMARY_H_
