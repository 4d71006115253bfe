// A small hand-built Result shared by the report tests: a server listening on
// 8080 and a client whose fourth connect finds the range used up.
#ifndef PORTLAB_TESTS_REPORT_SAMPLE_RESULT_H_
#define PORTLAB_TESTS_REPORT_SAMPLE_RESULT_H_

#include "portlab/sim/result.h"

namespace portlab::report::testing {

inline sim::Result SampleResult() {
  sim::Result r;
  r.scenario = "one-destination exhaustion";
  r.seed = 7;
  r.end_time = SimTime() + Duration::Millis(3250);

  sim::StepResult listen;
  listen.index = 0;
  listen.host = "server";
  listen.op = "listen";
  listen.protocol = "tcp";
  listen.calls = 1;
  listen.ok = 1;
  listen.ports = {8080};
  r.steps.push_back(listen);

  sim::StepResult connect;
  connect.index = 1;
  connect.at = SimTime() + Duration::Seconds(1);
  connect.host = "client";
  connect.op = "connect";
  connect.protocol = "tcp";
  connect.calls = 4;
  connect.ok = 3;
  connect.errors = {{"EADDRNOTAVAIL", 1}};
  connect.ports = {40002, 40000, 40003, 0};
  r.steps.push_back(connect);

  sim::HostResult client;
  client.name = "client";
  client.tcp.calls = 4;
  client.tcp.connect_calls = 4;
  client.tcp.successes = 3;
  client.tcp.failures = {{"EADDRNOTAVAIL", {{"range used up", 1}}}};
  client.tcp.ports_in_use = 3;
  client.tcp.peak_ports_in_use = 3;
  client.tcp.established = 3;
  client.tcp.segments_sent = 6;
  client.tcp.segments_received = 3;
  client.tcp.allocations = 3;
  client.tcp.allocation_probes = 7;
  client.tcp.failed_allocations = 1;
  client.tcp.failed_allocation_probes = 64;
  client.tcp.demux = {{"exact", 3}};

  sim::HostResult server;
  server.name = "server";  // after client: hosts keep scenario order
  server.tcp.calls = 1;
  server.tcp.successes = 1;
  server.tcp.ports_in_use = 1;
  server.tcp.peak_ports_in_use = 1;
  server.tcp.established = 3;
  server.tcp.segments_sent = 3;
  server.tcp.segments_received = 6;
  server.tcp.demux = {{"listener-wildcard", 3}, {"exact", 3}};
  r.hosts = {client, server};

  r.expectations = {{0, true, "step 1: ok 3 as expected"},
                    {1, false, "step 1: expected ok 4, got 3"}};
  r.passed = false;
  return r;
}

}  // namespace portlab::report::testing

#endif  // PORTLAB_TESTS_REPORT_SAMPLE_RESULT_H_
