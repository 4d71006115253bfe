#include "portlab/report/json_writer.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "report/sample_result.h"

namespace portlab::report {
namespace {

std::string ToJsonText(const sim::Result& r) {
  std::ostringstream out;
  WriteJson(r, out);
  return out.str();
}

TEST_CASE("WriteJson gives the documented shape", "[report]") {
  sim::Result r = testing::SampleResult();
  r.steps.resize(1);
  r.hosts.resize(1);
  r.hosts[0].tcp.failures.clear();
  r.hosts[0].tcp.failures["EADDRNOTAVAIL"]["range used up"] = 1;
  r.expectations.resize(1);
  r.passed = true;
  const SimTime one = SimTime() + Duration::Seconds(1);
  r.failure_groups.push_back(
      {"client", "tcp", "step 1", "EADDRNOTAVAIL", "range used up", 1, one, one});
  r.failure_log.push_back({one, "client", "tcp", "step 1", "EADDRNOTAVAIL", "range used up"});
  r.failures_total = 1;
  r.sample_interval = Duration::Millis(25);
  const std::string want = R"({
  "scenario": "one-destination exhaustion",
  "seed": 7,
  "end_time_s": 3.25,
  "steps": [
    {
      "index": 0,
      "at_s": 0.0,
      "host": "server",
      "op": "listen",
      "protocol": "tcp",
      "calls": 1,
      "ok": 1,
      "errors": {},
      "ports": [
        8080
      ]
    }
  ],
  "hosts": {
    "client": {
      "tcp": {
        "calls": 4,
        "connect_calls": 4,
        "successes": 3,
        "failures": {
          "EADDRNOTAVAIL": {
            "range used up": 1
          }
        },
        "ports_in_use": 3,
        "peak_ports_in_use": 3,
        "time_wait": 0,
        "peak_time_wait": 0,
        "established": 3,
        "segments_sent": 6,
        "segments_received": 3,
        "rst_sent": 0,
        "icmp_unreachable_sent": 0,
        "allocations": 3,
        "allocation_probes": 7,
        "failed_allocations": 1,
        "failed_allocation_probes": 64,
        "demux": {
          "exact": 3
        },
        "first_failure_s": 1.0
      },
      "udp": {
        "calls": 0,
        "connect_calls": 0,
        "successes": 0,
        "failures": {},
        "ports_in_use": 0,
        "peak_ports_in_use": 0,
        "time_wait": 0,
        "peak_time_wait": 0,
        "established": 0,
        "segments_sent": 0,
        "segments_received": 0,
        "rst_sent": 0,
        "icmp_unreachable_sent": 0,
        "allocations": 0,
        "allocation_probes": 0,
        "failed_allocations": 0,
        "failed_allocation_probes": 0,
        "demux": {},
        "first_failure_s": null
      }
    }
  },
  "failures": {
    "total": 1,
    "groups": [
      {
        "host": "client",
        "protocol": "tcp",
        "source": "step 1",
        "errno": "EADDRNOTAVAIL",
        "cause": "range used up",
        "count": 1,
        "first_s": 1.0,
        "last_s": 1.0
      }
    ],
    "first": [
      {
        "time_s": 1.0,
        "host": "client",
        "protocol": "tcp",
        "source": "step 1",
        "errno": "EADDRNOTAVAIL",
        "cause": "range used up"
      }
    ]
  },
  "headroom": {
    "at_s": null,
    "shown": false,
    "not_measured": "",
    "pools": [],
    "binding": null,
    "fixes": []
  },
  "sample_interval_s": 0.025,
  "expectations": [
    {
      "index": 0,
      "passed": true,
      "detail": "step 1: ok 3 as expected"
    }
  ],
  "passed": true
}
)";
  CHECK(ToJsonText(r) == want);
}

TEST_CASE("ResultToJson keeps hosts in scenario order", "[report]") {
  sim::Result r = testing::SampleResult();
  std::swap(r.hosts[0], r.hosts[1]);
  const nlohmann::ordered_json j = ResultToJson(r);
  auto it = j["hosts"].begin();
  CHECK(it.key() == "server");
  ++it;
  CHECK(it.key() == "client");
}

TEST_CASE("ResultToJson steps carry errors, ports and times", "[report]") {
  const nlohmann::ordered_json j = ResultToJson(testing::SampleResult());
  const auto& step = j["steps"][1];
  CHECK(step["at_s"] == 1.0);
  CHECK(step["errors"]["EADDRNOTAVAIL"] == 1);
  CHECK(step["ports"] == nlohmann::ordered_json({40002, 40000, 40003, 0}));
  CHECK(j["hosts"]["server"]["tcp"]["demux"]["listener-wildcard"] == 3);
  CHECK(j["expectations"][1]["passed"] == false);
  CHECK(j["passed"] == false);
}

TEST_CASE("WriteJson is byte-identical run to run", "[report]") {
  const std::string first = ToJsonText(testing::SampleResult());
  const std::string second = ToJsonText(testing::SampleResult());
  CHECK(first == second);
  CHECK(first.back() == '\n');
}

TEST_CASE("WriteJson does not throw on names that are not UTF-8", "[report]") {
  sim::Result r = testing::SampleResult();
  r.scenario = "bad \xff name";
  CHECK_NOTHROW(ToJsonText(r));
}

}  // namespace
}  // namespace portlab::report
