// RunScenario's refusals carry the code of their meaning: ResourceExhausted
// for a scenario that asks for more than a limit allows (the memory
// estimate, the socket and pool quotas), InvalidArgument for one the model
// rejects. The command line exits 2 for both, with the message alone.
#include <catch2/catch.hpp>

#include <string>

#include "absl/status/status.h"
#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::run {
namespace {

TEST_CASE("a refusal's status code says why: a limit passed or a scenario rejected", "[run]") {
  constexpr int64_t kNoLimit = int64_t{1} << 60;
  struct Case {
    const char* name;
    const char* yaml;
    int64_t memory_limit;
    absl::StatusCode code;
    const char* message;  // how the message starts
  };
  const Case cases[] = {
      {"the steps pass the memory limit",
       "name: s\nhosts: {c: {address: 10.0.0.1}}\n"
       "steps:\n  - {at: 0s, host: c, op: bind, proto: udp, port: 0, count: 1000}\n",
       100 << 10, absl::StatusCode::kResourceExhausted, "t.yaml:4:5: the steps up to here ask for an estimated"},
      {"the hosts pass the memory limit",
       "name: h\nhosts: {c: {address: 10.0.0.1, quantity: 10}}\nsteps: []\n",
       32 << 10, absl::StatusCode::kResourceExhausted, "t.yaml:2:9: the hosts up to here take an estimated"},
      {"the workloads pass the memory limit",
       "name: w\nhosts: {c: {address: 10.1.0.1}}\n"
       "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", rate: 100000, stop: 1s}\n",
       1 << 20, absl::StatusCode::kResourceExhausted,
       "t.yaml:4:5: the workloads up to here keep an estimated"},
      {"the steps ask for more sockets than the simulation takes",
       "name: b\nhosts: {c: {address: 10.0.0.1}}\nsteps:\n"
       "  - {at: 0s, host: c, op: bind, proto: udp, port: 0, count: 10000000}\n"
       "  - {at: 1s, host: c, op: bind, proto: udp, port: 0, count: 10000000}\n"
       "  - {at: 2s, host: c, op: bind, proto: udp, port: 0, count: 10000000}\n",
       kNoLimit, absl::StatusCode::kResourceExhausted, "t.yaml:6:5: the steps so far ask for 30000000 sockets"},
      {"the pools hold more connections than the simulation takes",
       "name: p\nhosts: {c: {address: 10.0.1.1, quantity: 100}}\n"
       "workloads:\n  - {name: a, from: c, to: \"10.0.0.2:80\", pool: 1000000, hold: 1s, stop: 1s}\n",
       kNoLimit, absl::StatusCode::kResourceExhausted, "t.yaml:4:5: the pools so far keep 100000000 connections"},
      {"a sysctl value the model rejects",
       "name: v\nhosts: {c: {address: 10.0.0.1, sysctl: {ip_local_port_range: \"50000 40000\"}}}\nsteps: []\n",
       kDefaultMemoryLimit, absl::StatusCode::kInvalidArgument, "t.yaml:"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      // The model's checks refuse as the file loads (scenario/model_checks.h);
      // the limits when the scenario runs.
      absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(c.yaml, "t.yaml");
      absl::Status refused = s.status();
      if (s.ok()) {
        RunOptions options;
        options.memory_limit = c.memory_limit;
        refused = RunScenario(*s, options).status();
      }
      REQUIRE_FALSE(refused.ok());
      CHECK(refused.code() == c.code);
      CHECK_THAT(std::string(refused.message()), Catch::StartsWith(c.message));
    }
  }
}

}  // namespace
}  // namespace portlab::run
