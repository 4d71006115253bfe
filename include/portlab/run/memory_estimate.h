// MemoryEstimate: how much simulation state a scenario asks for, estimated
// from the scenario alone, so a run that would exhaust memory is refused
// before it starts instead of failing part way.
//
// Every socket a step creates counts kBytesPerSocketEstimate; a TCP
// connect() counts two (the accepting end on the server, when the server is
// simulated too); every call adds kBytesPerCallEstimate of results (its
// port, its label). The per-socket figure is the measured cost with its
// transient peaks (bench/README.md, "Memory": 126 bytes per socket at 10^6
// live connections, 169 per TIME-WAIT entry, 186 when 10^6 connections
// open at one instant), rounded up. A workload counts what it holds at its
// peak: per client its pool, or its peak rate x (hold + 240 s, the longest
// TIME-WAIT of any profile), at most 65,536 per destination. Every host
// counts kBytesPerHostEstimate before any socket (its worst case: four
// 8-KiB port bitmaps in use, and its tables; an idle host takes ~3 KiB),
// except a `quantity:` member that only connect()s (no step names it, its
// workloads do not bind, its profile shares ports by 4-tuple, no sysctl),
// which allocates no port bitmap and counts kBytesPerMemberEstimate (its
// host, its share of the run's tables and results: 4.2 KB measured at
// 10^5 members once each has connected, 4.0 KB at 10^6, bench/README.md
// "Memory"), and when the
// scenario has a NAT every connection counts kBytesPerNatSessionEstimate
// more (a session and a mapping, their index slots and port entry). A
// `sample:` interval counts its series: points (scenario/run_length.h) x
// reporting units (a host, a `quantity:` group as one, and a member a step
// or a `host:` expectation names) x 2 protocols x
// kBytesPerSeriesPointEstimate.
//
// Example:
//   absl::Status s = CheckMemoryLimit(scenario, int64_t{8} << 30);
//   if (!s.ok()) ...  // ResourceExhausted "file:line:col: ..." at the step
//
// Thread safety: plain functions of their arguments; no I/O.
#ifndef PORTLAB_RUN_MEMORY_ESTIMATE_H_
#define PORTLAB_RUN_MEMORY_ESTIMATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "portlab/scenario/scenario.h"
#include "portlab/scenario/workload_peak.h"

namespace portlab::run {

inline constexpr int64_t kBytesPerSocketEstimate = 256;
inline constexpr int64_t kBytesPerCallEstimate = 16;
inline constexpr int64_t kBytesPerHostEstimate = 40 << 10;
inline constexpr int64_t kBytesPerMemberEstimate = 5 << 10;
inline constexpr int64_t kBytesPerNatSessionEstimate = 512;
// A `sample:` series point per host and protocol: its six counters
// (sim/internal/series_recorder.h) and room for its errno map.
inline constexpr int64_t kBytesPerSeriesPointEstimate = 64;
// The default limit: 8 GiB.
inline constexpr int64_t kDefaultMemoryLimit = int64_t{8} << 30;

// The estimated bytes of state the whole scenario asks for.
int64_t EstimateStateBytes(const scenario::Scenario& scenario);

// ResourceExhausted naming the host group, workload or step at which the
// estimate passes `limit_bytes` (its file:line:column), with the estimate
// and the limit; OK when it never does. (The scenario is not wrong: it asks
// for more than the limit allows.)
absl::Status CheckMemoryLimit(const scenario::Scenario& scenario, int64_t limit_bytes);

// "8 GiB", "512 MiB", "3.2 KiB", "100 bytes".
std::string FormatBytes(int64_t bytes);

// "8GiB", "8G", "512MiB", "512M", "64KiB", "1.5GiB", "4096" (bytes); units
// are powers of 1024, case-insensitive, a space allowed before them.
// InvalidArgument for anything else, zero, or more than 2^62 bytes.
absl::StatusOr<int64_t> ParseByteSize(std::string_view text);

}  // namespace portlab::run

#endif  // PORTLAB_RUN_MEMORY_ESTIMATE_H_
