// A whole sweep (sweep/sweep.h, and report::RunSweepToCsv over it): the
// planning refuses a bad file, plan, point or memory request before any
// run, with the point's --set values; a shard keeps only the points it
// runs; the shards' CSVs concatenate into the whole sweep's, and the
// statistics have n = seeds.
#include "portlab/sweep/sweep.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "portlab/report/sweep_writer.h"
#include "portlab/sweep/sweep_csv_reader.h"

namespace portlab::sweep {
namespace {

namespace fs = std::filesystem;

constexpr char kPlanYaml[] =
    "name: sweep test\n"
    "seed: 3\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1, os: linux, sysctl: {ip_local_port_range: \"40000 40063\"}}\n"
    "  server: {address: 10.0.0.2, os: linux}\n"
    "steps:\n"
    "  - {at: 0s, host: server, op: listen, proto: tcp, port: 8080}\n"
    "  - {at: 1s, host: client, op: connect, proto: tcp, to: \"10.0.0.2:8080\", count: 100}\n";

// The scenario as a file, PlanSweep's input: one per process (ctest runs
// test cases, and other builds, side by side), removed at exit.
struct ScenarioFileOnDisk {
  ScenarioFileOnDisk()
      : path((fs::temp_directory_path() /
              ("portlab_plan_sweep_test_" + std::to_string(::getpid()) + ".yaml"))
                 .string()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << kPlanYaml;
  }
  ~ScenarioFileOnDisk() { fs::remove(path); }
  std::string path;
};

std::string ScenarioFile() {
  static const ScenarioFileOnDisk file;
  return file.path;
}

SweepRequest Request(std::vector<std::string> sets, int64_t seeds) {
  SweepRequest r;
  r.scenario_file = ScenarioFile();
  for (const std::string& s : sets) {
    absl::StatusOr<SweepAxis> axis = ParseSweepAxis(s);
    REQUIRE(axis.ok());
    r.axes.push_back(*axis);
  }
  r.seeds = seeds;
  return r;
}

TEST_CASE("planning a sweep refuses what no run could do, naming the point", "[sweep]") {
  const std::string file = ScenarioFile();
  struct Case {
    const char* name;
    SweepRequest request;
    std::string starts;  // the message begins so
    std::string ends;    // and ends so
  } cases[] = {
      {"no file", [] { SweepRequest r; r.scenario_file = "/no-such-dir/s.yaml"; return r; }(),
       "/no-such-dir/s.yaml", ""},
      {"no seeds", Request({}, 0), file + ": ", ""},
      {"a path that leads nowhere", Request({"hosts.clinet.os=linux"}, 1), file + ":", "hosts has no key \"clinet\" (keys: client, server)"},
      {"a bad knob value", Request({"hosts.client.sysctl.tcp_tw_reuse=0,7"}, 1), file + ":",
       " [with --set hosts.client.sysctl.tcp_tw_reuse=7]"},
      {"memory shared by two runs at once",
       [] { SweepRequest r = Request({}, 2); r.jobs = 2; r.memory_limit = 100 << 10; return r; }(),
       file + ":", " (the limit shared by 2 runs at once, --jobs)"},
      {"memory for one run", [] { SweepRequest r = Request({}, 2); r.memory_limit = 10 << 10; return r; }(),
       file + ":", "(--memory-limit raises it)"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    absl::StatusOr<Sweep> sweep = PlanSweep(c.request);
    REQUIRE_FALSE(sweep.ok());
    const std::string message(sweep.status().message());
    INFO(message);
    CHECK(message.starts_with(c.starts));
    CHECK(message.ends_with(c.ends));
  }
}

TEST_CASE("a planned sweep: seed, shard, the points it keeps", "[sweep]") {
  SweepRequest request = Request({"steps.1.count=10,50", "hosts.client.os=linux,linux-2.6"}, 2);
  SECTION("the scenario's seed, every run") {
    absl::StatusOr<Sweep> sweep = PlanSweep(request);
    REQUIRE(sweep.ok());
    CHECK(sweep->plan.first_seed == 3);
    CHECK(sweep->begin == 0);
    CHECK(sweep->end == 8);
    CHECK(sweep->writes_header());
    // Point 0 and each axis's second value: 3 of the 4 points.
    CHECK(sweep->points_checked == 3);
    CHECK_FALSE(sweep->header_figures.names.empty());
  }
  SECTION("a first seed asked for; shard 3 of 4") {
    request.first_seed = 11;
    request.shard = Shard{3, 4};
    absl::StatusOr<Sweep> sweep = PlanSweep(request);
    REQUIRE(sweep.ok());
    CHECK(sweep->plan.first_seed == 11);
    CHECK(sweep->begin == 4);
    CHECK(sweep->end == 6);
    CHECK_FALSE(sweep->writes_header());
    CHECK(sweep->points_checked == 3);
  }
}

TEST_CASE("a sweep of 10^7 grid points plans by arithmetic and a shard loads its own", "[sweep][limits]") {
  // Seven axes of ten values: 10^7 points, every value valid on its own.
  std::vector<std::string> sets = {"name=a,b,c,d,e,f,g,h,i,j",
                                   "latency=1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms,10ms",
                                   "loopback_latency=1us,2us,3us,4us,5us,6us,7us,8us,9us,10us",
                                   "steps.1.count=1,2,3,4,5,6,7,8,9,10",
                                   "steps.0.at=0s,1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms",
                                   "steps.1.at=1s,2s,3s,4s,5s,6s,7s,8s,9s,10s",
                                   "until=20s,21s,22s,23s,24s,25s,26s,27s,28s,29s"};
  SweepRequest request = Request(sets, 1);
  request.shard = Shard{500'000, 1'000'000};
  absl::StatusOr<Sweep> sweep = PlanSweep(request);
  REQUIRE(sweep.ok());
  CHECK(sweep->plan.points() == 10'000'000);
  CHECK(sweep->points_checked == 1 + 7 * 9);
  CHECK(sweep->end - sweep->begin == 10);
  std::vector<int64_t> runs;
  REQUIRE(RunSweep(*sweep, [&](int64_t run, const RunFigures&) { runs.push_back(run); }, nullptr).ok());
  CHECK(runs.front() == 4'999'990);
  CHECK(runs.size() == 10);

  // One value more is past the limit: refused by arithmetic, nothing loaded.
  sets.push_back("hosts.client.os=linux,linux-2.6");
  request = Request(sets, 10);
  absl::StatusOr<Sweep> refused = PlanSweep(request);
  REQUIRE_FALSE(refused.ok());
  CHECK(std::string(refused.status().message()).ends_with("more than 100000000 runs (grid points x seeds); refused"));
}

TEST_CASE("a sweep's shards write the whole sweep's CSV, statistics over its seeds", "[sweep]") {
  SweepRequest request = Request({"hosts.client.sysctl.ip_local_port_range=40000 40009,40000 40049"}, 3);
  request.jobs = 2;
  absl::StatusOr<Sweep> whole = PlanSweep(request);
  REQUIRE(whole.ok());
  std::ostringstream csv;
  absl::StatusOr<std::vector<PointSummary>> points = report::RunSweepToCsv(*whole, csv, nullptr);
  REQUIRE(points.ok());
  REQUIRE(points->size() == 2);
  CHECK(points->at(1).values == std::vector<std::string>{"40000 40049"});
  REQUIRE_FALSE(points->at(1).figures.empty());
  CHECK(points->at(1).figures[0].second.n == 3);
  CHECK(csv.str().starts_with("run,point,seed,hosts.client.sysctl.ip_local_port_range,"));

  std::string sharded;
  for (int64_t k = 1; k <= 4; ++k) {
    request.shard = Shard{k, 4};
    absl::StatusOr<Sweep> shard = PlanSweep(request);
    REQUIRE(shard.ok());
    std::ostringstream out;
    REQUIRE(report::RunSweepToCsv(*shard, out, nullptr).ok());
    sharded += out.str();
  }
  CHECK(sharded == csv.str());

  // RunSweep alone: the same runs, in order, whatever the jobs.
  request.shard.reset();
  request.jobs = 1;
  absl::StatusOr<Sweep> one_job = PlanSweep(request);
  REQUIRE(one_job.ok());
  std::vector<int64_t> runs;
  absl::StatusOr<std::vector<PointSummary>> again =
      RunSweep(*one_job, [&](int64_t run, const RunFigures&) { runs.push_back(run); }, nullptr);
  REQUIRE(again.ok());
  CHECK(runs == std::vector<int64_t>{0, 1, 2, 3, 4, 5});
  CHECK(again->size() == 2);
}

TEST_CASE("a sweep's report line counts points, seeds and the shard's runs", "[sweep]") {
  struct Case {
    std::vector<std::string> sets;
    int64_t seeds;
    std::optional<Shard> shard;
    std::string line;  // after "portlab sweep: FILE: "
  } cases[] = {
      {{}, 1, std::nullopt, "1 grid point x 1 seed (from 3) = 1 runs\n"},
      {{"steps.1.count=10,50"}, 2, std::nullopt, "2 grid points x 2 seeds (from 3) = 4 runs\n"},
      {{"steps.1.count=10,50"}, 2, Shard{2, 3}, "2 grid points x 2 seeds (from 3) = 4 runs; shard 2/3: runs 1 to 1\n"},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    SweepRequest request = Request(c.sets, c.seeds);
    request.shard = c.shard;
    absl::StatusOr<Sweep> sweep = PlanSweep(request);
    REQUIRE(sweep.ok());
    std::ostringstream out;
    report::WriteSweepReport(*sweep, {}, out);
    CHECK(out.str().starts_with("portlab sweep: " + request.scenario_file + ": " + c.line));
  }
}

TEST_CASE("a sweep's CSV read back gives the sweep's statistics", "[sweep]") {
  absl::StatusOr<Sweep> sweep = PlanSweep(Request({"steps.1.count=10,50"}, 3));
  REQUIRE(sweep.ok());
  std::ostringstream csv;
  absl::StatusOr<std::vector<PointSummary>> points = report::RunSweepToCsv(*sweep, csv, nullptr);
  REQUIRE(points.ok());

  std::istringstream in(csv.str());
  absl::StatusOr<CsvSweepSummary> back = SummarizeSweepCsv(in, "runs.csv");
  REQUIRE(back.ok());
  CHECK(back->runs == 6);
  REQUIRE(back->plan.axes.size() == 1);
  CHECK(back->plan.axes[0].key == "steps.1.count");
  REQUIRE(back->points.size() == points->size());
  std::ostringstream direct, read_back;
  report::WriteSweepSummary(sweep->plan, *points, direct);
  report::WriteSweepSummary(back->plan, back->points, read_back);
  CHECK(read_back.str() == direct.str());

  std::ostringstream out;
  report::WriteCsvSweepReport("runs.csv", *back, out);
  CHECK(out.str() == "portlab summarize: runs.csv: 6 runs, 2 grid points\n" + direct.str());

  std::istringstream bad("run,point\n");
  CHECK_FALSE(SummarizeSweepCsv(bad, "bad.csv").ok());
}

}  // namespace
}  // namespace portlab::sweep
