// Predictability axis: can an off-path observer guess the next port?
//
// Each seed makes `sequence` connect() calls toward one destination, 1 ms
// apart, each closed right away (the range stays empty). At every position
// the observer knows the previous k ports (k = 1..max_window) and guesses
// the next with three simple predictors:
//   last+1        the previous port plus one (a global cursor);
//   last+delta    the previous port plus the most recent difference;
//   mode-delta    the previous port plus the most frequent difference among
//                 the last k ports (ties: the most recent), k >= 2.
// A predictor's guess g is tried first, then g+1, g-1, g+2, g-2, ... within
// the range; "within N tries" means the port is among the first N. For each
// k the best predictor is reported, separately for 1 try and for N tries.
// A sequential allocator scores 1.0; a uniform one about 1/range size.
//
// Example:
//   PredictResult r = MeasurePredictability(FactoryFor("sequential"), {}).value();
//   // r.windows[0].p_one == 1.0
#ifndef PORTLAB_ANALYSIS_PREDICTABILITY_AXIS_H_
#define PORTLAB_ANALYSIS_PREDICTABILITY_AXIS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/strategy_driver.h"

namespace portlab::analysis {

struct PredictOptions {
  net::PortRange range = kDefaultRange;
  int seeds = 20;
  uint64_t seed = 1;
  int max_window = 5;    // k = 1..max_window ports observed
  int sequence = 1000;   // connections per seed
  int tries = 100;       // the "within N tries" budget
};

struct PredictWindow {
  int k = 0;
  double p_one = 0;              // best predictor, right in one try
  std::string_view best_one;     // its name
  double p_tries = 0;            // best predictor, right within `tries`
  std::string_view best_tries;
  // The same two predictors' hit fractions in each seed, in seed order
  // (the predictor chosen over all seeds); p_one and p_tries are their
  // means.
  std::vector<double> p_one_by_seed;
  std::vector<double> p_tries_by_seed;
};

struct PredictResult {
  int seed_count = 0;
  int tries = 0;
  int64_t guesses = 0;               // guesses per (k, predictor)
  std::vector<PredictWindow> windows;  // k = 1..max_window
};

// InvalidArgument for seeds < 1, max_window < 1, tries < 1 or
// sequence <= max_window; a factory error as returned.
absl::StatusOr<PredictResult> MeasurePredictability(const StrategyFactory& factory,
                                                    const PredictOptions& options);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_PREDICTABILITY_AXIS_H_
