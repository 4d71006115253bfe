// The four strategy-analysis axes on strategies whose answers are known:
// a cursor is perfectly predictable, a uniform choice is not; an empty
// range costs one probe; the Kol–Klein–Gilad attack breaks a 256-cell
// Algorithm 4 table without random increments and not current Linux; the
// CSV is the same bytes twice.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

#include "portlab/analysis/cost_axis.h"
#include "portlab/analysis/linkability_axis.h"
#include "portlab/analysis/poisoning_axis.h"
#include "portlab/analysis/predictability_axis.h"
#include "portlab/analysis/reuse_axis.h"
#include "portlab/analysis/strategy_comparison.h"
#include "portlab/base/confidence_interval.h"
#include "portlab/base/rng.h"
#include "portlab/report/comparison_writer.h"
#include "portlab/stack/ephemeral_strategy.h"

namespace portlab::analysis {
namespace {

// 1,000 ports keep the filling axes fast.
constexpr net::PortRange kSmallRange{net::Port(40000), net::Port(40999)};

// RFC 6056 §3.3.4 Algorithm 4 as Linux 5.12 shipped it for connect(),
// without the parity split: port = low + (F(dest) + table[G(dest)]) % num,
// then table[G(dest)] += 1. 256 cells, no random increments, no re-salting.
class DoubleHash256 : public stack::EphemeralStrategy {
 public:
  explicit DoubleHash256(uint64_t seed) : key_(Mix64(seed)) {}
  std::string_view name() const override { return "double-hash-256"; }
  stack::PortSelection Select(const stack::PortRequest& req, stack::PortTester& tester) override {
    const uint64_t h = Mix64(key_ ^ req.daddr.bytes()[15] ^ (uint64_t{req.dport.value()} << 16));
    const uint64_t f = Mix64(h ^ 0x5bd1e995);
    uint32_t& cell = table_[h % 256];
    const int low = req.range.lo.value(), num = req.range.size();
    stack::PortScan scan{low, low + num, num, static_cast<int>((f + cell) % num), 1, num};
    const int i = tester.FirstUsable(scan);
    stack::PortSelection sel;
    sel.probes = i < num ? i + 1 : num;
    if (i < num) {
      sel.port = net::Port(static_cast<uint16_t>(scan.PortAt(i)));
      cell += i + 1;
    }
    return sel;
  }

 private:
  uint64_t key_;
  uint32_t table_[256] = {};
};

StrategyFactory DoubleHash256Factory() {
  return [](uint64_t seed) -> absl::StatusOr<std::unique_ptr<stack::EphemeralStrategy>> {
    return std::make_unique<DoubleHash256>(seed);
  };
}

TEST_CASE("predictability: a cursor is certain, a uniform choice is not", "[analysis]") {
  struct Case {
    const char* strategy;
    double min_one, max_one;
  };
  const std::vector<Case> cases = {
      {"sequential", 1.0, 1.0},
      {"random", 0.0, 0.01},
  };
  PredictOptions o;  // the default range
  o.seeds = 4;
  o.sequence = 500;
  for (const Case& c : cases) {
    INFO(c.strategy);
    PredictResult r = MeasurePredictability(FactoryFor(c.strategy), o).value();
    REQUIRE(r.windows.size() == 5);
    for (const PredictWindow& w : r.windows) {
      CHECK(w.p_one >= c.min_one);
      CHECK(w.p_one <= c.max_one);
    }
  }
}

TEST_CASE("poisoning: a cursor's query port is guessed, a uniform one's is not", "[analysis][poisoning]") {
  struct Case {
    const char* strategy;
    bool one_port;  // the attacker bets on one port, and wins at RFC 5452's odds
  };
  const std::vector<Case> cases = {
      {"sequential", true}, {"bsd-sequential", true}, {"random", false}, {"bsd", false}};
  PoisonAxisOptions o;  // the default range: 28,232 ports
  o.trials = 300;
  o.rate = 20000;  // 2,000 forgeries in 100 ms
  for (const Case& c : cases) {
    INFO(c.strategy);
    const sim::PoisonFigures f = MeasurePoisoning(c.strategy, o).value();
    CHECK(f.trials == 300);
    CHECK(f.range_ports == kDefaultRange.size());
    CHECK(f.agrees());
    CHECK((f.predicted == f.trials) == c.one_port);
    CHECK(f.analytic == Approx(c.one_port ? 2000.0 / 65536 : 2000.0 / (28232.0 * 65536)));
  }
  CHECK(MeasurePoisoning("no-such", o).status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("poisoning: an axis only when named", "[analysis][poisoning]") {
  CHECK_FALSE(ParseAxes({}).value().poisoning);
  const AxisSet named = ParseAxes({"poisoning"}).value();
  CHECK(named.poisoning);
  CHECK_FALSE(named.predictability);
  ComparisonOptions o;
  o.strategies = {"sequential"};
  o.range = kSmallRange;
  o.axes = named;
  o.poison.trials = 50;
  o.poison.rate = 1000;
  const Comparison c = CompareStrategies(o).value();
  const std::string csv = ComparisonCsv(c);
  CHECK_THAT(csv, Catch::Contains("sequential,poisoning,success_rate,,"));
  CHECK_THAT(csv, Catch::Contains("sequential,poisoning,analytic,,0.00152587891,50"));
  CHECK_THAT(csv, Catch::Contains("sequential,poisoning,one_port_bets,,1,50"));
  CHECK(csv == ComparisonCsv(CompareStrategies(o).value()));
}

TEST_CASE("the figures known before a comparison runs are the figures it gives", "[analysis]") {
  ComparisonOptions o;
  o.strategies = {"random", "sequential"};
  o.range = kSmallRange;
  o.seeds = 2;
  o.axes = ParseAxes({"cost", "reuse", "predictability", "linkability", "poisoning"}).value();
  o.predict.tries = 7;
  o.predict.max_window = 3;
  o.link.budget = 50;
  o.poison.trials = 20;
  o.poison.rate = 1000;
  auto keys = [](const std::vector<sim::AnalysisFigure>& figures) {
    std::set<std::string> out;
    for (const sim::AnalysisFigure& f : figures) {
      out.insert(absl::StrCat(f.strategy, " ", f.axis, ".", f.metric, " x=", f.x ? absl::StrCat(*f.x) : "-"));
    }
    return out;
  };
  // Both ways: a figure the shapes lack would refuse a good expectation,
  // one they add would pass a bad one.
  CHECK(keys(ComparisonFigureShapes(o)) == keys(ComparisonFigures(CompareStrategies(o).value())));
}

TEST_CASE("cost: one probe on an empty range", "[analysis]") {
  CostOptions o;
  o.range = kSmallRange;
  o.seeds = 5;
  for (const char* name : {"linux", "sequential", "random"}) {
    INFO(name);
    CostResult r = MeasureCost(FactoryFor(name), o).value();
    REQUIRE(r.points.front().occupancy_percent == 0);
    CHECK(r.points.front().mean_probes == 1.0);
    CHECK(r.mean_filled == kSmallRange.size());
  }
}

TEST_CASE("cost: random's probes grow with occupancy", "[analysis]") {
  CostOptions o;
  o.range = kSmallRange;
  o.seeds = 20;
  CostResult r = MeasureCost(FactoryFor("random"), o).value();
  REQUIRE(r.curve.size() == 100);
  // Per-decile means: single 1 % buckets are too noisy to be monotone.
  double previous = 0;
  for (int decile = 0; decile < 10; ++decile) {
    double sum = 0;
    for (int b = decile * 10; b < decile * 10 + 10; ++b) sum += r.curve[b];
    INFO("decile " << decile);
    CHECK(sum / 10 >= previous);
    previous = sum / 10;
  }
  CHECK(r.curve.back() > 10 * r.curve.front());
}

TEST_CASE("reuse: a cursor waits for the whole window, a random pick does not", "[analysis]") {
  ReuseOptions o;
  o.range = kSmallRange;
  o.seeds = 4;
  o.allocations = 3000;
  o.twait = 100;
  // A cursor comes back to a port after walking the rest of the range:
  // the range less the ports held (at 0.5 the two coincide).
  const int64_t free = kSmallRange.size() - static_cast<int64_t>(o.occupancy * kSmallRange.size());
  struct Case {
    const char* strategy;
    int64_t min_median, max_median;
    double max_collisions;
  };
  const std::vector<Case> cases = {
      {"sequential", free, free, 0.0},
      {"random", 1, free - 1, 1.0},
  };
  for (const Case& c : cases) {
    INFO(c.strategy);
    ReuseResult r = MeasureReuse(FactoryFor(c.strategy), o).value();
    CHECK(r.reuses > 0);
    CHECK(r.median >= c.min_median);
    CHECK(r.median <= c.max_median);
    CHECK(r.collision_rate <= c.max_collisions);
    CHECK(r.min <= r.p10);
    CHECK(r.p10 <= r.median);
    CHECK(r.median <= r.p90);
  }
  ReuseResult random = MeasureReuse(FactoryFor("random"), o).value();
  CHECK(random.collision_rate > 0);
}

TEST_CASE("linkability: 256 cells fall, current Linux holds", "[analysis]") {
  LinkOptions o;
  o.seeds = 5;
  o.budget = 40 * 256;
  SECTION("a 256-cell table without random increments") {
    LinkResult r = MeasureLinkability(DoubleHash256Factory(), o).value();
    CHECK(r.successes == r.seed_count);
    CHECK(r.max_connections <= o.budget);
  }
  SECTION("linux-5.12 from the registry, when it is there") {
    bool registered = false;
    for (const stack::StrategyInfo& info : stack::Strategies()) {
      registered = registered || info.name == "linux-5.12";
    }
    if (registered) {
      LinkResult r = MeasureLinkability(FactoryFor("linux-5.12"), o).value();
      CHECK(r.successes == r.seed_count);
    }
  }
  SECTION("linux: 2^16 cells, random increments, re-salting every 10 s") {
    LinkResult r = MeasureLinkability(FactoryFor("linux"), o).value();
    CHECK(r.successes == 0);
  }
}

TEST_CASE("comparison CSV is the same bytes twice", "[analysis]") {
  ComparisonOptions o;
  o.strategies = {"sequential", "random", "linux"};
  o.range = kSmallRange;
  o.seeds = 3;
  o.reuse.allocations = 2000;
  o.predict.sequence = 200;
  o.link.budget = 2000;
  const std::string a = ComparisonCsv(CompareStrategies(o).value());
  const std::string b = ComparisonCsv(CompareStrategies(o).value());
  CHECK(a == b);
  CHECK(a.rfind("strategy,axis,metric,x,value,seed_count,ci95_low,ci95_high,interval\n", 0) == 0);
  CHECK(a.find("random,predictability,p_1_try,1,") != std::string::npos);
  CHECK(ComparisonPerSeedCsv(CompareStrategies(o).value()) ==
        ComparisonPerSeedCsv(CompareStrategies(o).value()));
}

// The CSV's cells split on commas (neither CSV quotes).
std::vector<std::vector<std::string>> CsvRows(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(csv, '\n', absl::SkipEmpty())) {
    rows.push_back(absl::StrSplit(line, ','));
  }
  return rows;
}

TEST_CASE("every figure's interval and seeds: the per-seed rows give the figure and its interval", "[analysis]") {
  ComparisonOptions o;
  o.strategies = {"sequential", "random", "linux-5.12"};
  o.range = kSmallRange;
  o.seeds = 6;
  o.reuse.allocations = 2000;
  o.predict.sequence = 200;
  o.link.budget = 2000;
  const Comparison c = CompareStrategies(o).value();
  const std::vector<std::vector<std::string>> figures = CsvRows(ComparisonCsv(c));
  const std::vector<std::vector<std::string>> seeds = CsvRows(ComparisonPerSeedCsv(c));
  REQUIRE(seeds.front() == std::vector<std::string>{"strategy", "axis", "metric", "x", "seed", "value"});
  // (strategy, axis, metric, x) -> the seeds' values, in seed order.
  std::map<std::string, std::vector<double>> by_figure;
  for (size_t i = 1; i < seeds.size(); ++i) {
    const auto& r = seeds[i];
    REQUIRE(r.size() == 6);
    by_figure[absl::StrCat(r[0], ",", r[1], ",", r[2], ",", r[3])].push_back(std::stod(r[5]));
  }
  int student = 0, clopper = 0, median = 0;
  for (size_t i = 1; i < figures.size(); ++i) {
    const auto& r = figures[i];
    REQUIRE(r.size() == 9);
    INFO(absl::StrJoin(r, ","));
    const std::string key = absl::StrCat(r[0], ",", r[1], ",", r[2], ",", r[3]);
    const double value = std::stod(r[4]);
    const std::vector<double>& v = by_figure[key];
    if (r[8] == "student-t") {
      ++student;
      // The figure is the mean of its seeds, n of them, and the interval
      // is Student's t over them.
      REQUIRE(static_cast<int>(v.size()) == std::stoi(r[5]));
      double sum = 0;
      for (double x : v) sum += x;
      CHECK(value == Approx(sum / v.size()).epsilon(1e-8).margin(1e-9));
      std::optional<ConfidenceInterval> ci = MeanInterval(v);
      REQUIRE(ci.has_value());
      CHECK(std::stod(r[6]) == Approx(ci->low).epsilon(1e-8).margin(1e-9));
      CHECK(std::stod(r[7]) == Approx(ci->high).epsilon(1e-8).margin(1e-9));
    } else if (r[8] == "clopper-pearson") {
      ++clopper;
      // success_rate: its seeds are 1 (linked) and 0.
      REQUIRE(static_cast<int>(v.size()) == o.seeds);
      int64_t k = 0;
      for (double x : v) k += x == 1;
      CHECK(value == Approx(static_cast<double>(k) / o.seeds));
      const ConfidenceInterval ci = ClopperPearson(k, o.seeds);
      CHECK(std::stod(r[6]) == Approx(ci.low).margin(1e-8));
      CHECK(std::stod(r[7]) == Approx(ci.high).margin(1e-8));
    } else if (r[8] == "median-order-statistics") {
      ++median;
      std::vector<double> sorted = v;
      std::sort(sorted.begin(), sorted.end());
      REQUIRE(MedianInterval(sorted).has_value());
      CHECK(std::stod(r[6]) == MedianInterval(sorted)->low);
    } else {
      // No interval: an extreme, or no seed with a value.
      CHECK(r[8].empty());
      CHECK(r[6].empty());
      CHECK(r[7].empty());
      CHECK((r[2] == "max_connections" || v.size() < 2));
    }
  }
  CHECK(student > 0);
  CHECK(clopper == 3);  // one success_rate per strategy
  CHECK(median > 0);    // sequential and linux-5.12 link every victim
}

TEST_CASE("a success count prints its Clopper-Pearson bounds, 0 of 20 included", "[analysis]") {
  ComparisonOptions o;
  o.strategies = {"linux", "sequential"};
  o.range = kSmallRange;
  o.seeds = 20;
  o.axes = ParseAxes({"linkability"}).value();
  o.link.budget = 2000;
  std::ostringstream out;
  report::WriteComparison(CompareStrategies(o).value(), out);
  CHECK_THAT(out.str(), Catch::Contains("0/20 (95 % CI 0-16.8 %)"));
  CHECK_THAT(out.str(), Catch::Contains("20/20 (95 % CI 83.2-100 %)"));
}

TEST_CASE("comparison: an unknown strategy is NotFound", "[analysis]") {
  ComparisonOptions o;
  o.strategies = {"no-such-strategy"};
  CHECK(CompareStrategies(o).status().code() == absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace portlab::analysis
