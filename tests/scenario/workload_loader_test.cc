// The `workloads:` list, `quantity:` hosts, start/stop steps, `sample:` and
// the workload / range / first_failure expectations, as the loader reads
// them (scenarios/README.md, "Workloads").
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "portlab/scenario/loader.h"

namespace portlab::scenario {
namespace {

std::string Message(const absl::Status& s) { return std::string(s.message()); }

// Hosts on lines 2-4; workloads: starts on line 5, its first entry on line 6.
const std::string kHead =
    "name: w\n"
    "hosts:\n"
    "  client: {address: 10.0.0.1}\n"
    "  server: {address: 10.0.0.2}\n"
    "workloads:\n";

TEST_CASE("loader reads every workload key", "[loader][workload]") {
  const std::string yaml =
      "name: w\n"
      "sample: 2s\n"
      "hosts:\n"
      "  app: {address: 10.0.1.1, quantity: 3}\n"
      "  server: {address: 10.0.0.2}\n"
      "workloads:\n"
      "  - name: web\n"
      "    from: app\n"
      "    to: [\"10.0.0.2:80\", \"10.0.0.2:81\"]\n"
      "    rate: 250/s\n"
      "    arrivals: poisson\n"
      "    rate_end: 500\n"
      "    count: 1000\n"
      "    hold: {uniform: [1s, 3s]}\n"
      "    bytes: 100\n"
      "    closer: server\n"
      "    start: 5s\n"
      "    stop: 65s\n"
      "    bind: \"0.0.0.0:0\"\n"
      "    options: [bind_address_no_port]\n"
      "  - {name: pool, from: server, to: \"10.0.1.1:5432\", pool: 20, retry: 250ms,\n"
      "     hold: {exponential: 30s}, proto: tcp}\n"
      "steps:\n"
      "  - {at: 10s, host: server, op: start, workload: pool}\n"
      "  - {at: 20s, host: server, op: stop, workload: pool}\n"
      "expect:\n"
      "  - {workload: web, ok_rate: [200, 260], errors: {EADDRNOTAVAIL: 0}, first_failure: [1s, 2s]}\n"
      "  - {host: app.0, peak_time_wait: [1, 9], established: 0, first_failure: 3s}\n";
  absl::StatusOr<Scenario> s = LoadScenarioText(yaml, "w.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  CHECK(s->sample == Duration::Seconds(2));
  REQUIRE(s->hosts.size() == 4);
  CHECK(s->hosts[0].name == "app.0");
  CHECK(s->hosts[2].name == "app.2");
  CHECK(s->hosts[2].addresses[0].ToString() == "10.0.1.3");
  CHECK(s->host_groups.at("app") == std::vector<std::string>{"app.0", "app.1", "app.2"});

  REQUIRE(s->workloads.size() == 2);
  const WorkloadSpec& w = s->workloads[0];
  CHECK(w.from == std::vector<std::string>{"app.0", "app.1", "app.2"});
  REQUIRE(w.to.size() == 2);
  CHECK(w.to[1].ToString() == "10.0.0.2:81");
  CHECK(w.rate == 250);
  CHECK(w.arrivals == WorkloadSpec::Arrivals::kPoisson);
  CHECK(w.rate_end == 500);
  CHECK(w.limit == 1000);
  CHECK(w.hold.kind == HoldSpec::Kind::kUniform);
  CHECK(w.hold.low == Duration::Seconds(1));
  CHECK(w.hold.high == Duration::Seconds(3));
  CHECK(w.bytes == 100);
  CHECK(w.closer == WorkloadSpec::Closer::kServer);
  CHECK(w.start == SimTime() + Duration::Seconds(5));
  CHECK(w.stop == SimTime() + Duration::Seconds(65));
  CHECK(w.bind->ToString() == "0.0.0.0:0");
  CHECK(w.options.bind_address_no_port);
  CHECK_FALSE(w.waits_for_step);

  const WorkloadSpec& p = s->workloads[1];
  CHECK(p.pool == 20);
  CHECK(p.retry == Duration::Millis(250));
  CHECK(p.hold.kind == HoldSpec::Kind::kExponential);
  CHECK(p.waits_for_step);
  CHECK(s->steps[0].op == StepOp::kStart);
  CHECK(s->steps[1].workload == "pool");

  REQUIRE(s->expect.size() == 2);
  const auto& web = std::get<WorkloadExpect>(s->expect[0].kind);
  CHECK(web.workload == "web");
  CHECK(web.figures.at("ok_rate") == FigureRange{200, 260});
  CHECK(web.figures.at("errors EADDRNOTAVAIL") == FigureRange{0, 0});
  CHECK(web.first_failure->latest == Duration::Seconds(2));
  const auto& host = std::get<HostExpect>(s->expect[1].kind);
  CHECK(host.ranges.at("peak_time_wait") == FigureRange{1, 9});
  CHECK(host.figures.at("established") == 0);
  CHECK(host.first_failure->earliest == Duration::Seconds(3));
}

struct BadCase {
  const char* name;
  std::string yaml;
  const char* where;
  const char* fragment;
};

TEST_CASE("loader rejects bad workloads at the right place", "[loader][workload]") {
  const std::string ok = "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 10, stop: 10s}\n";
  const std::vector<BadCase> cases = {
      {"not a list", kHead + "  name: a\n", "6:3", "workloads: expected a list"},
      {"unknown key", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, speed: 3}\n",
       "6:57", "unknown key \"speed\""},
      {"missing to", kHead + "  - {name: a, from: client, rate: 1}\n", "6:5", "needs name:, from:"},
      {"unknown from", kHead + "  - {name: a, from: nobody, to: \"10.0.0.2:80\", rate: 1}\n",
       "6:21", "from: \"nobody\" is not defined"},
      {"rate and pool", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, pool: 2}\n",
       "6:5", "rate: (connections per second) or pool:"},
      {"bad rate", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: fast}\n", "6:54",
       "rate: expected connections per second"},
      {"huge rate", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1e12}\n", "6:54",
       "rate: expected"},
      {"zero rate", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 0, stop: 1s}\n",
       "6:54", "rate: 0 with no ramp"},
      {"ramp without stop",
       kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, rate_end: 5}\n", "6:57",
       "rate_end: (a ramp) needs stop:"},
      {"stop before start",
       kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, start: 5s, stop: 2s}\n",
       "6:74", "must be later than start:"},
      {"uniform backwards",
       kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, stop: 9s, hold: {uniform: [3s, 1s]}}\n",
       "6:88", "HIGH must not be below LOW"},
      {"port 0 destination", kHead + "  - {name: a, from: client, to: \"10.0.0.2:0\", rate: 1}\n",
       "6:33", "destination port must not be 0"},
      {"udp server closer",
       kHead + "  - {name: a, proto: udp, from: client, to: \"10.0.0.2:53\", rate: 1, closer: server}\n",
       "6:77", "closer: server is for tcp"},
      {"duplicate name", kHead + ok + ok, "7:12", "already used"},
      {"never stops", kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1}\n", "6:5",
       "never stops"},
      {"pool without hold",
       kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", pool: 3, stop: 1s}\n", "6:54",
       "a pool: needs hold: longer than 0s"},
      {"retry without pool",
       kHead + "  - {name: a, from: client, to: \"10.0.0.2:80\", rate: 1, stop: 1s, retry: 1s}\n", "6:67",
       "retry: is for pool:"},
      {"start step names no workload",
       kHead + ok + "steps:\n  - {host: client, op: start, workload: b}\n", "8:41",
       "workload: \"b\" is not defined"},
      {"start step without workload", kHead + ok + "steps:\n  - {host: client, op: start}\n", "8:5",
       "op start needs workload:"},
      {"expect unknown workload", kHead + ok + "expect:\n  - {workload: b, ok: 1}\n", "8:16",
       "workload: \"b\" is not defined"},
      {"expect workload checks nothing", kHead + ok + "expect:\n  - {workload: a}\n", "8:5",
       "checks nothing"},
      {"expect bad range", kHead + ok + "expect:\n  - {workload: a, ok: [5, 1]}\n", "8:27",
       "HI is below LO"},
      {"expect first_failure backwards",
       kHead + ok + "expect:\n  - {workload: a, first_failure: [5s, 1s]}\n", "8:39",
       "LATEST is before EARLIEST"},
      {"quantity too large", "name: w\nhosts:\n  c: {address: 10.0.0.1, quantity: 2000000}\n", "3:36",
       "quantity: expected an integer from 1 to 1000000"},
      {"quantity over the address space",
       "name: w\nhosts:\n  c: {address: 255.255.255.250, quantity: 10}\n", "3:43",
       "run past 255.255.255.255"},
      {"quantity name clash",
       "name: w\nhosts:\n  c: {address: 10.0.0.1, quantity: 2}\n  c.1: {address: 10.0.1.1}\n", "4:3",
       "is used twice"},
      {"bad sample", "name: w\nsample: 0s\nhosts: {a: {address: 10.0.0.1}}\n", "2:9",
       "sample: must be longer than 0s"},
  };
  for (const BadCase& c : cases) {
    DYNAMIC_SECTION(c.name) {
      absl::StatusOr<Scenario> s = LoadScenarioText(c.yaml, "bad.yaml");
      INFO(s.status().ToString());
      REQUIRE(s.status().code() == absl::StatusCode::kInvalidArgument);
      CHECK(Message(s.status()).rfind(std::string("bad.yaml:") + c.where, 0) == 0);
      CHECK(Message(s.status()).find(c.fragment) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace portlab::scenario
