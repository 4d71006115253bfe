#include "portlab/analysis/predictability_axis.h"

#include <array>
#include <string>

#include "absl/status/status.h"
#include "portlab/base/rng.h"

namespace portlab::analysis {
namespace {

enum Predictor { kLastPlusOne, kLastPlusDelta, kModeDelta, kPredictorCount };
constexpr std::array<std::string_view, kPredictorCount> kPredictorNames = {
    "last+1", "last+delta", "mode-delta"};

// Differences and guesses live on the range's circle: offsets 0..num-1.
int Wrap(int64_t x, int num) { return static_cast<int>(((x % num) + num) % num); }

// The guess of `p` from offsets seq[t-k..t-1]; -1 when k is too small.
int Guess(Predictor p, const std::vector<int>& seq, int t, int k, int num) {
  const int last = seq[t - 1];
  switch (p) {
    case kLastPlusOne:
      return Wrap(last + 1, num);
    case kLastPlusDelta:
      if (k < 2) return -1;
      return Wrap(2 * int64_t{last} - seq[t - 2], num);
    case kModeDelta: {
      if (k < 2) return -1;
      // At most 4 differences: a quadratic count is the simplest.
      int best = 0, best_count = 0;
      for (int i = t - 1; i > t - k; --i) {  // most recent first: wins ties
        const int d = Wrap(seq[i] - seq[i - 1], num);
        int count = 0;
        for (int j = t - 1; j > t - k; --j) count += Wrap(seq[j] - seq[j - 1], num) == d;
        if (count > best_count) best = d, best_count = count;
      }
      return Wrap(last + best, num);
    }
    case kPredictorCount: break;
  }
  return -1;
}

// True when `actual` is among the first `tries` of g, g+1, g-1, g+2, ...
bool WithinTries(int guess, int actual, int tries, int num) {
  if (tries >= num) return true;
  int d = Wrap(actual - guess, num);  // forward distance
  if (d > num / 2) d -= num;          // now in (-num/2, num/2]
  // Try number of offset d: 1 for 0, 2d for d > 0, -2d + 1 for d < 0.
  const int64_t rank = d == 0 ? 1 : (d > 0 ? 2 * int64_t{d} : -2 * int64_t{d} + 1);
  return rank <= tries;
}

}  // namespace

absl::StatusOr<PredictResult> MeasurePredictability(const StrategyFactory& factory,
                                                    const PredictOptions& options) {
  if (options.seeds < 1) return absl::InvalidArgumentError("predict: seeds must be >= 1");
  if (options.max_window < 1) return absl::InvalidArgumentError("predict: window must be >= 1");
  if (options.tries < 1) return absl::InvalidArgumentError("predict: tries must be >= 1");
  if (options.sequence <= options.max_window) {
    return absl::InvalidArgumentError("predict: sequence must be longer than the window");
  }
  const int num = options.range.size();
  const int low = options.range.lo.value();
  const int kmax = options.max_window;
  const Destination to = DefaultDestination();
  // hits[k-1][predictor], over all seeds and per seed
  using Hits = std::vector<std::array<int64_t, kPredictorCount>>;
  Hits hit_one(kmax), hit_tries(kmax);
  for (int k = 0; k < kmax; ++k) hit_one[k].fill(0), hit_tries[k].fill(0);
  std::vector<Hits> seed_one, seed_tries;
  std::vector<int64_t> seed_guesses;
  int64_t guesses = 0;

  for (int s = 0; s < options.seeds; ++s) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> strategy =
        factory(DeriveSeed(options.seed, "analysis:predict:" + std::to_string(s)));
    if (!strategy.ok()) return strategy.status();
    StrategyDriver driver(std::move(*strategy), options.range, Duration::Millis(1));
    std::vector<int> seq;
    for (int i = 0; i < options.sequence; ++i) {
      stack::PortSelection sel = driver.Connect(to);
      if (!sel.port) break;  // cannot happen on an empty range
      seq.push_back(sel.port->value() - low);
      driver.Release(*sel.port);
    }
    // Every k guesses the same targets: positions kmax..end.
    Hits one(kmax), tries(kmax);
    for (int k = 0; k < kmax; ++k) one[k].fill(0), tries[k].fill(0);
    int64_t n = 0;
    for (int t = kmax; t < static_cast<int>(seq.size()); ++t) {
      ++n;
      for (int k = 1; k <= kmax; ++k) {
        for (int p = 0; p < kPredictorCount; ++p) {
          const int g = Guess(static_cast<Predictor>(p), seq, t, k, num);
          if (g < 0) continue;
          one[k - 1][p] += g == seq[t];
          tries[k - 1][p] += WithinTries(g, seq[t], options.tries, num);
        }
      }
    }
    for (int k = 0; k < kmax; ++k) {
      for (int p = 0; p < kPredictorCount; ++p) {
        hit_one[k][p] += one[k][p];
        hit_tries[k][p] += tries[k][p];
      }
    }
    guesses += n;
    seed_one.push_back(std::move(one));
    seed_tries.push_back(std::move(tries));
    seed_guesses.push_back(n);
  }

  PredictResult r;
  r.seed_count = options.seeds;
  r.tries = options.tries;
  r.guesses = guesses;
  for (int k = 1; k <= kmax; ++k) {
    PredictWindow w;
    w.k = k;
    int64_t best_one = -1, best_tries = -1;
    int one = 0, tries = 0;
    for (int p = 0; p < kPredictorCount; ++p) {
      if (k < 2 && p != kLastPlusOne) continue;
      if (hit_one[k - 1][p] > best_one) best_one = hit_one[k - 1][p], one = p;
      if (hit_tries[k - 1][p] > best_tries) best_tries = hit_tries[k - 1][p], tries = p;
    }
    w.best_one = kPredictorNames[one];
    w.best_tries = kPredictorNames[tries];
    // Every seed makes the same number of guesses, so the mean of the
    // seeds' fractions is the pooled fraction.
    for (size_t s = 0; s < seed_guesses.size(); ++s) {
      const double n = static_cast<double>(seed_guesses[s]);
      w.p_one_by_seed.push_back(n > 0 ? static_cast<double>(seed_one[s][k - 1][one]) / n : 0);
      w.p_tries_by_seed.push_back(n > 0 ? static_cast<double>(seed_tries[s][k - 1][tries]) / n : 0);
    }
    w.p_one = guesses ? static_cast<double>(best_one) / guesses : 0;
    w.p_tries = guesses ? static_cast<double>(best_tries) / guesses : 0;
    r.windows.push_back(w);
  }
  return r;
}

}  // namespace portlab::analysis
