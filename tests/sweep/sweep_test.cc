// `portlab sweep` pieces: key paths and --set overrides on real YAML (what
// they change, and the exit-2 messages for paths that lead nowhere or values
// of the wrong type), the grid and shard numbering, the statistics over
// seeds, and the runner's rows being the same for 1 and 2 threads.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "portlab/report/sweep_writer.h"
#include "portlab/scenario/loader.h"
#include "portlab/sweep/sweep_csv_reader.h"
#include "portlab/sweep/sweep_plan.h"
#include "portlab/sweep/sweep_runner.h"
#include "portlab/sweep/sweep_stats.h"
#include "portlab/sweep/sweep_summary.h"

namespace portlab::sweep {
namespace {

constexpr char kYaml[] =
    "name: sweep test\n"                                                          // 1
    "seed: 3\n"                                                                   // 2
    "hosts:\n"                                                                    // 3
    "  client: {address: 10.0.0.1, os: linux, sysctl: {ip_local_port_range: \"40000 40063\"}}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"                                  // 5
    "steps:\n"                                                                    // 6
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"           // 7
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 100}\n";

TEST_CASE("key paths split on dots, quotes keep dots", "[sweep]") {
  struct Case {
    const char* path;
    std::vector<std::string> parts;  // empty: an error
  } cases[] = {
      {"latency", {"latency"}},
      {"hosts.client.sysctl.tcp_tw_reuse", {"hosts", "client", "sysctl", "tcp_tw_reuse"}},
      {"steps.1.count", {"steps", "1", "count"}},
      {"hosts.\"web.1\".os", {"hosts", "web.1", "os"}},
      {"\"a.b\"", {"a.b"}},
      {"", {}},
      {"a..b", {}},
      {"a.", {}},
      {".a", {}},
      {"hosts.\"web.1", {}},
      {"hosts.\"web\"x", {}},
  };
  for (const Case& c : cases) {
    INFO(c.path);
    absl::StatusOr<std::vector<std::string>> parts = scenario::SplitKeyPath(c.path);
    if (c.parts.empty()) {
      CHECK_FALSE(parts.ok());
    } else {
      REQUIRE(parts.ok());
      CHECK(*parts == c.parts);
    }
  }
}

TEST_CASE("overrides: --set changes a written value, adds a missing key, keeps the rest", "[sweep]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      kYaml, "t.yaml",
      {{"steps.1.count", "7"}, {"hosts.client.sysctl.tcp_tw_reuse", "1"}, {"latency", "5ms"},
       {"hosts.client.sysctl.ip_local_port_range", "40000 40001"}});
  REQUIRE(s.ok());
  CHECK(s->steps[1].count == 7);
  CHECK(s->steps[0].count == 1);
  CHECK(s->latency == Duration::Millis(5));
  REQUIRE(s->hosts[0].sysctl.size() == 2);
  CHECK(s->hosts[0].sysctl[0].name == "ip_local_port_range");
  CHECK(s->hosts[0].sysctl[0].value == "40000 40001");
  CHECK(s->hosts[0].sysctl[1].name == "tcp_tw_reuse");
  CHECK(s->hosts[0].sysctl[1].value == "1");
}

TEST_CASE("overrides: --set errors name the file, the place and the path", "[sweep]") {
  struct Case {
    scenario::Override o;
    const char* message;  // a substring of the error
  } cases[] = {
      {{"hosts.clinet.os", "linux"}, "t.yaml:4:3: --set hosts.clinet.os: hosts has no key \"clinet\" (keys: client, server)"},
      {{"steps.2.count", "1"}, "t.yaml:7:3: --set steps.2.count: steps is a list of 2 entries (indexes 0 to 1); \"2\" is not one of them"},
      {{"steps.x.count", "1"}, "\"x\" is not one of them"},
      {{"name.x", "1"}, "t.yaml:1:7: --set name.x: name is \"sweep test\", which has no part \"x\""},
      {{"hosts.client", "1"}, "t.yaml:4:11: --set hosts.client: hosts.client is a map; --set replaces single values only"},
      {{"nosuch.a", "1"}, "the scenario has no key \"nosuch\""},
      // A wrong type: the loader's own message at the value's place, with the --set.
      {{"steps.1.count", "many"}, "t.yaml:8:81: count: expected an integer"},
      {{"steps.1.count", "many"}, "[with --set steps.1.count=many]"},
      // A key added where the loader knows no such key.
      {{"hosts.client.colour", "red"}, "colour"},
  };
  for (const Case& c : cases) {
    INFO(c.o.path << "=" << c.o.value);
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml", {c.o});
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(s.status().message()), Catch::Contains(c.message));
  }
}

TEST_CASE("sweep axes parse, seed, the CSV's columns and empty values are refused", "[sweep]") {
  absl::StatusOr<SweepAxis> a = ParseSweepAxis("hosts.client.sysctl.tcp_tw_reuse=0,1");
  REQUIRE(a.ok());
  CHECK(a->key == "hosts.client.sysctl.tcp_tw_reuse");
  CHECK(a->values == std::vector<std::string>{"0", "1"});
  for (const char* bad : {"seed=1,2", "x", "=1", "a=1,,2", "a=", "a..b=1", "run=1", "point=2", "passed=1"}) {
    INFO(bad);
    CHECK_FALSE(ParseSweepAxis(bad).ok());
  }
  for (const char* bad : {"0/4", "5/4", "1/0", "x/2", "1", "1/2/3", "-1/2"}) {
    INFO(bad);
    CHECK_FALSE(ParseShard(bad).ok());
  }
}

TEST_CASE("grid points nest with the first axis outermost, seeds innermost", "[sweep]") {
  SweepPlan plan;
  plan.axes = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  plan.seeds = 2;
  plan.first_seed = 10;
  CHECK(plan.points() == 6);
  CHECK(plan.runs() == 12);
  CHECK(plan.PointValues(0) == std::vector<std::string>{"1", "x"});
  CHECK(plan.PointValues(2) == std::vector<std::string>{"1", "z"});
  CHECK(plan.PointValues(3) == std::vector<std::string>{"2", "x"});
  CHECK(plan.PointOf(7) == 3);
  CHECK(plan.SeedOf(7) == 11);
  CHECK(plan.SeedOf(6) == 10);
}

TEST_CASE("shards are contiguous, cover every run once, and are balanced", "[sweep]") {
  for (int64_t runs : {1, 5, 12, 97}) {
    for (int64_t n : {1, 2, 3, 4, 7, 20}) {
      SweepPlan plan;
      plan.axes = {{"a", std::vector<std::string>(static_cast<size_t>(runs), "v")}};
      int64_t next = 0;
      for (int64_t k = 1; k <= n; ++k) {
        auto [b, e] = plan.ShardRuns({k, n});
        CHECK(b == next);
        CHECK(e - b <= runs / n + 1);
        CHECK(e - b >= runs / n);
        next = e;
      }
      CHECK(next == runs);
    }
  }
}

TEST_CASE("statistics over seeds: mean, extremes, Student's t interval", "[sweep]") {
  // One run: no interval at all, not a zero-width one.
  SeriesStats one = Summarize(std::vector<double>{5});
  CHECK(one.n == 1);
  CHECK(one.mean == 5);
  CHECK_FALSE(one.ci95.has_value());
  // 3, 4, 5: s = 1, t(0.975, 2) = 4.303, half-width 4.303 / sqrt(3) = 2.4843.
  SeriesStats s = Summarize(std::vector<double>{3, 5, 4});
  CHECK(s.mean == Approx(4));
  CHECK(s.min == 3);
  CHECK(s.max == 5);
  REQUIRE(s.ci95.has_value());
  CHECK(s.ci95->low == Approx(4 - 2.48434).epsilon(1e-4));
  CHECK(s.ci95->high == Approx(4 + 2.48434).epsilon(1e-4));
}

TEST_CASE("the summary of one run prints no interval and says so", "[sweep]") {
  SweepPlan plan;
  plan.seeds = 1;
  PointSummary p;
  p.figures = {{"passed", Summarize(std::vector<double>{1})},
               {"x", Summarize(std::vector<double>{2.5, 3.5})}};
  std::ostringstream text, csv;
  report::WriteSweepSummary(plan, {p}, text);
  report::WriteSweepSummaryCsv(plan, {p}, csv);
  CHECK_THAT(text.str(), Catch::Contains("passed  1     1    1    1  none (1 run)"));
  // 2.5, 3.5: s = 0.7071, t(0.975, 1) = 12.706, half-width 12.706 / 2.
  CHECK_THAT(text.str(), Catch::Contains("x       2     3  2.5  3.5  [-3.353, 9.353]"));
  CHECK(csv.str() ==
        "point,figure,n,mean,min,max,ci95_low,ci95_high\n"
        "0,passed,1,1,1,1,,\n"
        "0,x,2,3,2.5,3.5,-3.353,9.353\n");
}

TEST_CASE("a figure a run does not have is an empty cell and counts only where present", "[sweep]") {
  SweepPlan plan;
  plan.seeds = 3;
  SweepSummary summary;
  std::string rows;
  // first_failure_s: 2.5 s, none, 4.25 s.
  const std::optional<double> first_failure[] = {2.5, std::nullopt, 4.25};
  for (int64_t run = 0; run < 3; ++run) {
    RunFigures f;
    f.names = {"passed", "first_failure_s"};
    f.values = {1, first_failure[run].value_or(0)};
    f.text = {"", ""};
    f.is_text = {false, false};
    f.missing = {false, !first_failure[run].has_value()};
    rows += report::SweepCsvRow(plan, run, f);
    summary.Add(0, {}, f);
  }
  CHECK(rows == "0,0,1,1,2.5\n1,0,2,1,\n2,0,3,1,4.25\n");  // run,point,seed,...
  std::vector<PointSummary> points = summary.Finish();
  REQUIRE(points.size() == 1);
  REQUIRE(points[0].figures.size() == 2);
  CHECK(points[0].figures[1].first == "first_failure_s");
  CHECK(points[0].figures[1].second.n == 2);
  CHECK(points[0].figures[1].second.mean == Approx(3.375));

  // Read back: the empty cell is the same missing figure.
  std::istringstream in("run,point,seed,passed,first_failure_s\n" + rows);
  absl::StatusOr<CsvSweepSummary> back = SummarizeSweepCsv(in, "runs.csv");
  REQUIRE(back.ok());
  REQUIRE(back->points.size() == 1);
  CHECK(back->points[0].figures[1].second.n == 2);
  CHECK(back->points[0].figures[1].second.mean == points[0].figures[1].second.mean);
}

TEST_CASE("a run's non-integer figures print so that they read back to the same double", "[sweep]") {
  SweepPlan plan;
  for (double v : {1.0 / 3, 466.66666666666669, 0.1, 28.004, 1e-7, 123456.789012345678}) {
    INFO(v);
    RunFigures f;
    f.names = {"passed", "ok_rate"};
    f.values = {1, v};
    f.text = {"", ""};
    f.is_text = {false, false};
    f.missing = {false, false};
    std::istringstream in("run,point,seed,passed,ok_rate\n" + report::SweepCsvRow(plan, 0, f));
    double back = -1;
    std::vector<std::string> keys;
    REQUIRE(ReadSweepCsv(in, "runs.csv", &keys, [&](const SweepCsvRow& r) { back = r.figures.values[1]; })
                .ok());
    CHECK(back == v);
  }
}

TEST_CASE("CSV fields are quoted only when they must be", "[sweep]") {
  CHECK(report::CsvField("abc") == "abc");
  CHECK(report::CsvField("a,b") == "\"a,b\"");
  CHECK(report::CsvField("hosts.\"web.1\".os") == "\"hosts.\"\"web.1\"\".os\"");
  CHECK(report::CsvField(" x") == "\" x\"");
}

// The rows of a small sweep, as the CLI writes them.
std::string SweepRows(const SweepPlan& plan, const std::vector<const scenario::Scenario*>& points,
                      int64_t begin, int64_t end, int jobs) {
  std::string out;
  SweepRunner runner(plan, points);
  absl::Status st = runner.Run(begin, end, jobs,
                               [&](int64_t run, const RunFigures& f) { out += report::SweepCsvRow(plan, run, f); },
                               nullptr);
  INFO(st.message());
  REQUIRE(st.ok());
  return out;
}

TEST_CASE("the runner's rows do not depend on the number of threads or on shards", "[sweep]") {
  SweepPlan plan;
  plan.axes = {{"hosts.client.sysctl.ip_local_port_range", {"40000 40009", "40000 40049", "40000 40099"}},
               {"hosts.client.os", {"linux", "linux-2.6"}}};
  plan.seeds = 3;
  std::vector<scenario::Scenario> loaded;
  for (int64_t p = 0; p < plan.points(); ++p) {
    absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(kYaml, "t.yaml", plan.PointOverrides(p));
    REQUIRE(s.ok());
    loaded.push_back(std::move(*s));
  }
  std::vector<const scenario::Scenario*> points;
  for (const scenario::Scenario& s : loaded) points.push_back(&s);

  const std::string one = SweepRows(plan, points, 0, plan.runs(), 1);
  CHECK(one == SweepRows(plan, points, 0, plan.runs(), 2));
  CHECK(one == SweepRows(plan, points, 0, plan.runs(), 5));
  std::string sharded;
  for (int64_t k = 1; k <= 4; ++k) {
    auto [b, e] = plan.ShardRuns({k, 4});
    sharded += SweepRows(plan, points, b, e, 2);
  }
  CHECK(sharded == one);
  // The range decides how many of the 100 connects succeed.
  CHECK_THAT(one, Catch::Contains("\n2,0,3,40000 40009,linux,1,2.016,1,0,,10,90,EADDRNOTAVAIL:90,"));
}

TEST_CASE("the runner's last progress report counts every run, whatever order they end in", "[sweep]") {
  // Runs 0..4 take a few ms, run 5 much longer. Run 4 ends while run 5
  // still runs: the runner reports 5 of 6 done and emits run 4, slowly
  // here, so run 5 ends meanwhile and goes out in the same pass. A report
  // must still follow with all 6 done (CI once printed "sweep: 5/6 runs").
  SweepPlan plan;
  plan.axes = {{"steps.1.count", {"1", "2", "3", "4", "5", "6"}}};
  plan.seeds = 1;
  absl::StatusOr<scenario::Scenario> light = scenario::LoadScenarioText(kYaml, "t.yaml");
  absl::StatusOr<scenario::Scenario> heavy = scenario::LoadScenarioText(
      "name: heavy\n"
      "hosts:\n  c: {address: 10.0.0.1}\n  s: {address: 10.0.0.2}\n"
      "steps:\n  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
      "workloads:\n  - {name: w, from: c, to: \"10.0.0.2:80\", rate: 20000, stop: 1s, hold: 1ms}\n",
      "heavy.yaml");
  REQUIRE(light.ok());
  REQUIRE(heavy.ok());
  SweepRunner runner(plan, [&](int64_t point) -> absl::StatusOr<std::shared_ptr<const scenario::Scenario>> {
    const scenario::Scenario* s = point == 5 ? &*heavy : &*light;
    return std::shared_ptr<const scenario::Scenario>(s, [](const scenario::Scenario*) {});
  });
  std::vector<std::pair<int64_t, int64_t>> reports;
  absl::Status st = runner.Run(
      0, plan.runs(), 2,
      [&](int64_t run, const RunFigures&) {
        if (run == 4) std::this_thread::sleep_for(std::chrono::seconds(1));
      },
      [&](int64_t done, int64_t total) { reports.emplace_back(done, total); });
  REQUIRE(st.ok());
  REQUIRE_FALSE(reports.empty());
  CHECK(reports.back() == std::make_pair(int64_t{6}, int64_t{6}));
}

TEST_CASE("the summary has one entry per grid point, n = seeds", "[sweep]") {
  SweepPlan plan;
  plan.axes = {{"steps.1.count", {"1", "2"}}};
  plan.seeds = 4;
  SweepSummary summary;
  for (int64_t run = 0; run < plan.runs(); ++run) {
    RunFigures f;
    f.names = {"x", "t"};
    f.values = {static_cast<double>(run), 0};
    f.text = {"", "a"};
    f.is_text = {false, true};
    f.missing = {false, false};
    summary.Add(plan.PointOf(run), plan.PointValues(plan.PointOf(run)), f);
  }
  std::vector<PointSummary> points = summary.Finish();
  REQUIRE(points.size() == 2);
  CHECK(points[1].values == std::vector<std::string>{"2"});
  REQUIRE(points[1].figures.size() == 1);
  CHECK(points[1].figures[0].first == "x");
  CHECK(points[1].figures[0].second.n == 4);
  CHECK(points[1].figures[0].second.mean == Approx(5.5));
}

TEST_CASE("a run CSV's quoted line break reads back, and lines after it are counted", "[sweep]") {
  const std::string header = "run,point,seed,name,passed,step0.ok\r\n";
  std::istringstream in(header + "0,0,1,\"a\nb\",1,5\r\n1,0,2,\"a\nb\",1,x\n");
  std::vector<std::string> keys;
  std::vector<SweepCsvRow> rows;
  absl::Status st = ReadSweepCsv(in, "r.csv", &keys, [&](const SweepCsvRow& r) { rows.push_back(r); });
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].values == std::vector<std::string>{"a\nb"});
  CHECK(rows[0].figures.values[1] == 5);
  // The bad row starts on the file's fourth line.
  CHECK_THAT(std::string(st.message()), Catch::StartsWith("r.csv:4: step0.ok: \"x\" is not a number"));
}

TEST_CASE("a run CSV reads back, bad shapes name the line", "[sweep]") {
  const std::string header = "run,point,seed,\"k,1\",passed,step0.ok,step0.errors\n";
  std::istringstream good(header + "0,0,1,x,1,5,\n1,0,2,x,0,3,EADDRNOTAVAIL:2\n" + header + "2,1,1,y,1,4,\n");
  std::vector<std::string> keys;
  std::vector<SweepCsvRow> rows;
  REQUIRE(ReadSweepCsv(good, "r.csv", &keys, [&](const SweepCsvRow& r) { rows.push_back(r); }).ok());
  CHECK(keys == std::vector<std::string>{"k,1"});
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].values == std::vector<std::string>{"x"});
  CHECK(rows[1].figures.values[1] == 3);
  CHECK(rows[1].figures.is_text[2]);
  CHECK(rows[1].figures.text[2] == "EADDRNOTAVAIL:2");
  CHECK(rows[2].point == 1);
  struct Bad {
    std::string text;
    const char* message;
  } bad[] = {
      {"", "r.csv:0: the file is empty"},
      {"0,0,1,x,1,5,\n", "r.csv:1: not a sweep CSV"},
      {header + "0,0,1,x,1\n", "r.csv:2: 5 fields; the header has 7"},
      {header + "0,0,1,x,1,five,\n", "r.csv:2: step0.ok: \"five\" is not a number"},
      {header + "1,0,1,x,1,5,\n0,0,1,x,1,5,\n", "r.csv:3: run 0 after run 1"},
      {header + "0,-1,1,x,1,5,\n", "r.csv:2: run and point must not be negative"},
      {header + "0,0,1,x,1,5,\n1,1,1,y,1,5,\n2,0,2,x,1,5,\n", "r.csv:4: point 0 after point 1"},
      {header + "0,0,1,\"x\n", "r.csv:2: a quoted field is not closed"},
      // The column, as an exercise key's reader says it (base/csv_line.h).
      {header + "0,0,1,\"x\"y,1,5,\n", "r.csv:2: text after a closing quote at column 10"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    std::istringstream in(b.text);
    absl::Status st = ReadSweepCsv(in, "r.csv", &keys, [](const SweepCsvRow&) {});
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(std::string(st.message()), Catch::StartsWith(b.message));
  }
}

// Found by fuzz/sweep_csv_fuzzer.cc (and issue 22): sweep quotes a --set
// value holding a line break as RFC 4180 says, and summarize read the
// record's lines one at a time ("a quoted field is not closed").
TEST_CASE("a run CSV whose values hold line breaks reads back, errors name the record's first line", "[sweep]") {
  const std::string header = "run,point,seed,name,passed,step0.ok\n";
  std::istringstream in(header + "0,0,1,\"a\nb\",1,5\n1,1,1,\"c\r\n\"\"d\"\"\",1,4\r\n2,2,1,e,1,3\n");
  std::vector<std::string> keys;
  std::vector<SweepCsvRow> rows;
  REQUIRE(ReadSweepCsv(in, "r.csv", &keys, [&](const SweepCsvRow& r) { rows.push_back(r); }).ok());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].values == std::vector<std::string>{"a\nb"});
  CHECK(rows[1].values == std::vector<std::string>{"c\r\n\"d\""});
  CHECK(rows[2].values == std::vector<std::string>{"e"});
  CHECK(rows[2].figures.values[1] == 3);

  std::istringstream bad(header + "0,0,1,\"a\nb\",1\n");
  const absl::Status st = ReadSweepCsv(bad, "r.csv", &keys, [](const SweepCsvRow&) {});
  CHECK(st.message() == "r.csv:2: 5 fields; the header has 6");
}

}  // namespace
}  // namespace portlab::sweep
