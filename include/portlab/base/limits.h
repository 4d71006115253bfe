// Limits: every bound portlab puts on the work a user may ask for, in one
// place.
//
// A scenario, flag or file past one of these is refused before anything
// runs, with a message naming the value and, for a scenario, its
// file:line:column. They sit far above any real experiment: each is where a
// value stops being an experiment and becomes a typo or an attempt to
// exhaust the machine. The memory estimate (run/memory_estimate.h) is the
// bound on what a whole run holds; these bound single values.
//
// Example:
//   if (count > limits::kMaxStepCount) return Refuse(...);
#ifndef PORTLAB_BASE_LIMITS_H_
#define PORTLAB_BASE_LIMITS_H_

#include <cstdint>

namespace portlab::limits {

// Durations: 10^6 hours (base/time.h's ParseDuration).
inline constexpr int64_t kMaxDurationNanos = int64_t{1000000} * 3600 * 1000'000'000;

// The end of simulated time is kMaxDurationNanos: every step, and every
// workload's last connection with its hold and TIME-WAIT
// (scenario/run_length.h), must end before it, so no time the run computes
// can overflow int64 (twice the end still fits).

// One-way latency (`latency:`, `loopback_latency:`): a connection adds a
// few of them to every time; Earth to Mars is 3 to 22 light-minutes, so an
// hour is past any link.
inline constexpr int64_t kMaxLatencyNanos = int64_t{3600} * 1000'000'000;

// Points of a time series with `sample:` (run length / interval): 10^6
// points of ~50 bytes per host and protocol is a 10^6-pixel-wide chart;
// past it the series, not the run, would fill memory.
inline constexpr int64_t kMaxSamplePoints = 1'000'000;

// A scenario file is a page of YAML; 16 MiB is far beyond any real one and
// keeps yaml-cpp (which builds the whole tree in memory) from being handed
// gigabytes.
inline constexpr uint64_t kMaxScenarioFileBytes = uint64_t{16} << 20;

// Other inputs read whole (cli/input_file.h): what `import` is given is a
// paste of ss, /proc/net, conntrack (30,000 sockets of ss: ~3 MB); a
// `grade` key or a class's answers are kilobytes.
inline constexpr uint64_t kMaxImportFileBytes = uint64_t{256} << 20;
inline constexpr uint64_t kMaxGradeFileBytes = uint64_t{64} << 20;

// `summarize` streams a sweep's run CSV. A row is a few hundred bytes per
// host; 64 MiB holds the header of a sweep of the largest quantity: host
// with room to spare. The file: kMaxSweepRuns rows of ~640 bytes.
inline constexpr uint64_t kMaxCsvLineBytes = uint64_t{64} << 20;
inline constexpr uint64_t kMaxSweepCsvBytes = uint64_t{64} << 30;

// A `--set KEY=VALUE` (run, table, validate, sweep): a value is a word, a
// list of a few; Linux caps one argument at 128 KiB anyway (MAX_ARG_STRLEN,
// include/uapi/linux/binfmts.h).
inline constexpr uint64_t kMaxSetBytes = uint64_t{64} << 10;

// The most sockets one step may create.
inline constexpr int64_t kMaxStepCount = 10'000'000;

// Client hosts in one `quantity:` group.
inline constexpr int64_t kMaxHostQuantity = 1'000'000;

// A workload's rate (connections per second per client; a 10^7/s generator
// fills a 28,232-port range in 3 ms) and pool size.
inline constexpr double kMaxWorkloadRate = 1e7;
inline constexpr int64_t kMaxWorkloadPool = 1'000'000;

// A scenario's `analysis:` section: above these one analysis would run for
// hours.
inline constexpr int64_t kMaxAnalysisSeeds = 10000;
inline constexpr int64_t kMaxAnalysisChurn = 100'000'000;
inline constexpr int64_t kMaxAnalysisBudget = 100'000'000;
// Predictability: ports observed (each k costs a pass over the sequence)
// and the guesses allowed (a full 16-bit port space).
inline constexpr int64_t kMaxAnalysisWindow = 100;
inline constexpr int64_t kMaxAnalysisTries = 65536;
// Linkability: colliding pairs the attacker needs (the birthday bound past
// a few dozen needs more connections than kMaxAnalysisBudget).
inline constexpr int64_t kMaxAnalysisPairs = 64;
// Poisoning: races per strategy and forged answers per second (10^9/s is
// beyond any link an attacker has).
inline constexpr int64_t kMaxAnalysisTrials = 1'000'000;
inline constexpr int64_t kMaxAnalysisSpoofRate = 1'000'000'000;

// Runs in one sweep (a typo in --seeds should not queue a billion
// simulations).
inline constexpr int64_t kMaxSweepRuns = 100'000'000;

}  // namespace portlab::limits

#endif  // PORTLAB_BASE_LIMITS_H_
