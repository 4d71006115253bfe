#include "portlab/analysis/linkability_axis.h"

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "portlab/base/rng.h"

namespace portlab::analysis {
namespace {

constexpr int kCalibrations = 16;
// The attacker's later visit: long enough for any re-salting to happen.
constexpr Duration kRevisitGap = Duration::Seconds(60);
constexpr int kAttackerAddresses = 4;  // 203.0.113.1..4 (RFC 5737 TEST-NET-3)
constexpr int kFirstAttackerPort = 1024;

// One victim under attack. Each connection is closed once its source port
// has been seen, so the range stays empty.
class Attack {
 public:
  Attack(StrategyDriver& driver, const LinkOptions& options)
      : driver_(driver), options_(options), num_(driver.range().size()) {}

  // Connections used when the ID was recovered; -1 when the budget ran out.
  int64_t Run() {
    Calibrate();
    struct Pending {
      int dest;
      int port;
      size_t log_index;  // position of the first connection in log_
    };
    std::deque<Pending> pending;
    while (!exhausted_) {
      const int dest = next_dest_++;
      const int port = Connect(dest);
      pending.push_back({dest, port, log_.size() - 1});
      if (static_cast<int>(pending.size()) <= options_.window) continue;
      const Pending x = pending.front();
      pending.pop_front();
      const int second = Connect(x.dest);
      if (exhausted_) break;
      if (x.port < 0 || second < 0 || !Excess(Diff(x.port, second))) continue;
      // Someone connected in between advanced x's cell: find whom.
      std::vector<int> candidates;
      for (size_t i = x.log_index + 1; i + 1 < log_.size(); ++i) {
        if (log_[i] != x.dest &&
            std::find(candidates.begin(), candidates.end(), log_[i]) == candidates.end()) {
          candidates.push_back(log_[i]);
        }
      }
      for (int c : candidates) {
        const std::pair<int, int> pair = std::minmax(x.dest, c);
        if (found_.count(pair)) continue;
        if (!SharesCell(x.dest, c)) continue;
        driver_.Advance(kRevisitGap);
        if (!SharesCell(x.dest, c)) continue;
        found_.insert(pair);
        if (static_cast<int>(found_.size()) >= options_.pairs) return used_;
      }
      // The tests advanced other cells: pending measurements are void.
      pending.clear();
      log_.clear();
    }
    return -1;
  }

 private:
  net::IpAddress Address(int dest) const {
    return net::IpAddress::V4(0xCB007101 + dest % kAttackerAddresses);
  }

  // The source port offset (port - low) of a fresh connection to `dest`;
  // -1 when refused or out of budget.
  int Connect(int dest) {
    if (used_ >= options_.budget) {
      exhausted_ = true;
      return -1;
    }
    ++used_;
    log_.push_back(dest);
    const int port_index = kFirstAttackerPort + (dest / kAttackerAddresses) % (65536 - kFirstAttackerPort);
    stack::PortSelection sel =
        driver_.Connect({Address(dest), net::Port(static_cast<uint16_t>(port_index))});
    if (!sel.port) return -1;
    driver_.Release(*sel.port);
    return sel.port->value() - driver_.range().lo.value();
  }

  int Diff(int a, int b) const { return ((b - a) % num_ + num_) % num_; }

  void Calibrate() {
    std::vector<int> diffs;
    for (int i = 0; i < kCalibrations && !exhausted_; ++i) {
      const int dest = next_dest_++;
      const int a = Connect(dest), b = Connect(dest);
      if (a >= 0 && b >= 0) diffs.push_back(Diff(a, b));
    }
    if (diffs.empty()) return;
    step_ = diffs.front();
    max_step_ = *std::max_element(diffs.begin(), diffs.end());
    deterministic_ = std::all_of(diffs.begin(), diffs.end(), [&](int d) { return d == step_; });
  }

  // More than one step of the counter between two connections.
  bool Excess(int diff) const { return deterministic_ ? diff != step_ : diff > max_step_; }

  // Exactly two steps: the cell moved once more, for the other destination.
  bool TwoSteps(int diff) const {
    if (deterministic_) return diff == Diff(0, 2 * step_);
    return diff > max_step_ && int64_t{diff} <= 2 * int64_t{max_step_};
  }

  // `repeats` tests of a, c, a, each showing two steps.
  bool SharesCell(int a, int c) {
    for (int r = 0; r < options_.repeats; ++r) {
      const int p1 = Connect(a);
      Connect(c);
      const int p2 = Connect(a);
      if (exhausted_ || p1 < 0 || p2 < 0 || !TwoSteps(Diff(p1, p2))) return false;
    }
    return true;
  }

  StrategyDriver& driver_;
  const LinkOptions& options_;
  const int num_;
  int64_t used_ = 0;
  bool exhausted_ = false;
  int next_dest_ = 0;
  int step_ = 0, max_step_ = 0;
  bool deterministic_ = false;
  std::vector<int> log_;  // destination of each connection since the last reset
  std::set<std::pair<int, int>> found_;
};

}  // namespace

absl::StatusOr<LinkResult> MeasureLinkability(const StrategyFactory& factory,
                                              const LinkOptions& options) {
  if (options.seeds < 1 || options.budget < 1 || options.window < 1 || options.repeats < 1 ||
      options.pairs < 1) {
    return absl::InvalidArgumentError(
        "linkability: seeds, budget, window, repeats and pairs must be >= 1");
  }
  LinkResult r;
  r.seed_count = options.seeds;
  r.budget = options.budget;
  std::vector<int64_t> needed;
  for (int s = 0; s < options.seeds; ++s) {
    absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> strategy =
        factory(DeriveSeed(options.seed, "analysis:link:" + std::to_string(s)));
    if (!strategy.ok()) return strategy.status();
    StrategyDriver driver(std::move(*strategy), options.range, Duration::Millis(1));
    Attack attack(driver, options);
    const int64_t n = attack.Run();
    if (n >= 0) needed.push_back(n);
    r.needed_by_seed.push_back(n >= 0 ? n : -1);
  }
  r.successes = static_cast<int>(needed.size());
  if (!needed.empty()) {
    std::sort(needed.begin(), needed.end());
    r.median_connections = needed[(needed.size() - 1) / 2];
    r.max_connections = needed.back();
    double sum = 0;
    for (int64_t n : needed) sum += static_cast<double>(n);
    r.mean_connections = sum / static_cast<double>(needed.size());
  }
  return r;
}

}  // namespace portlab::analysis
