// ConnectLatency: what a TCP connect() costs the kernel, modelled from the
// number of candidate ports it examined: a cost per call plus a cost per
// probe, fitted to the running kernel's own connect() times
// (bench/README.md, "connect() latency": the recording tool, the data in
// bench/data/, the fit and its error).
//
// Calibrated on one machine and kernel (Linux 6.18, the VM bench/README.md
// names), with connect() toward destinations that never answer: the call
// itself (port choice, the SYN built and handed to a device), not the
// handshake. The fit: 113 bins of occupancy (one and four destinations,
// 4,096 and 16,384 ports; bench/data/connect-latency-summary.csv), each
// recorded median within 16 % of the model (rms 4.4 %). What it leaves
// out, each measured there:
//   - a candidate held by bind() is skipped at about half a 4-tuple check's
//     cost (tb->fastreuse >= 0 in __inet_hash_connect): a connect() that
//     failed after crossing 2,048 ports bind() held took 124 us, the model
//     says 167 us (+35 %);
//   - with 16,384 sockets in the tables a connect() that scans the whole
//     range and fails costs more per probe than the model (cache misses):
//     1,067 us for 16,384 probes (model 656 us, -39 %), 270 us for 4,096
//     probes with four destinations (model 167 us, -38 %). Failing calls
//     on Linux's default 28,232-port range are understated likewise;
//   - other OS profiles' figures are what their probe counts would cost on
//     this Linux kernel, not a measurement of their OS.
//
// Example:
//   int64_t ns = ModelledConnectNs(2049);  // 85.9 us: 4,096 ports, the even half full
//
// Thread safety: pure functions of their arguments.
#ifndef PORTLAB_STACK_CONNECT_LATENCY_H_
#define PORTLAB_STACK_CONNECT_LATENCY_H_

#include <cstdint>

namespace portlab::stack {

struct ConnectLatencyModel {
  double per_call_ns;   // a connect() that takes the first port it tries, minus one probe
  double per_probe_ns;  // each candidate examined (__inet_check_established)
  // The largest relative error of the fit over the recorded medians
  // (bench/README.md): |model - median| / median.
  double max_relative_error;
};

// The fit of bench/data/connect-latency-summary.csv.
inline constexpr ConnectLatencyModel kConnectLatency = {4523.3, 39.735, 0.16};

// The modelled duration of one connect() that examined `probes`
// candidates, in nanoseconds, rounded to the nearest.
inline int64_t ModelledConnectNs(int64_t probes) {
  return static_cast<int64_t>(kConnectLatency.per_call_ns +
                              kConnectLatency.per_probe_ns * static_cast<double>(probes) + 0.5);
}

}  // namespace portlab::stack

#endif  // PORTLAB_STACK_CONNECT_LATENCY_H_
