// A `quantity:` group reported as one unit: its result sums its members'
// figures (peaks the largest member's), sits where the group was written,
// and is followed by the members a step names; its time series is one per
// protocol, summed, with no series of its own for any member.
#include <catch2/catch.hpp>
#include <string>

#include "portlab/run/run.h"
#include "portlab/scenario/loader.h"

namespace portlab::sim {
namespace {

Result RunGroupScenario() {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: groups\n"
      "until: 10s\n"
      "hosts:\n"
      "  g: {address: 10.0.0.10, quantity: 3}\n"
      "  s: {address: 10.0.0.2}\n"
      "steps:\n"
      "  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
      "  - {at: 1s, host: g.0, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 3}\n"
      "  - {at: 1s, host: g.2, op: connect, proto: tcp, to: \"10.0.0.2:80\", count: 1}\n"
      "expect:\n"
      "  - {host: g, proto: tcp, successes: 4, ports_in_use: 4, peak_ports_in_use: 3}\n",
      "g.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  return *r;
}

const HostResult& FindGroupTestHost(const Result& r, const std::string& name) {
  for (const HostResult& h : r.hosts) {
    if (h.name == name) return h;
  }
  FAIL("no host " << name);
  return r.hosts.front();
}

TEST_CASE("a quantity: group is one result, its members' figures summed", "[sim]") {
  const Result r = RunGroupScenario();
  std::vector<std::string> names;
  for (const HostResult& h : r.hosts) names.push_back(h.name);
  // g.1 is named by nothing: only the group holds it.
  CHECK(names == std::vector<std::string>{"g", "g.0", "g.2", "s"});
  const HostResult& g = FindGroupTestHost(r, "g");
  const HostResult& g0 = FindGroupTestHost(r, "g.0");
  const HostResult& g2 = FindGroupTestHost(r, "g.2");
  CHECK(g.members == 3);
  CHECK(g.members_calling == 2);
  CHECK(g0.members == 0);
  CHECK(g.tcp.calls == g0.tcp.calls + g2.tcp.calls);
  CHECK(g.tcp.segments_sent == g0.tcp.segments_sent + g2.tcp.segments_sent);
  CHECK(g.tcp.ports_in_use == 4);
  CHECK(g.tcp.peak_ports_in_use == 3);  // g.0's: the members peak apart
  CHECK(g.tcp.connect_probes.count() == 4);
  CHECK(r.passed);
}

// A member's group is its name before the last dot: a group named with
// dots keeps them, and a host named like its prefix stays a host.
TEST_CASE("a quantity: group whose name has dots is one unit beside a host named like its prefix",
          "[sim]") {
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: dotted\n"
      "until: 1s\n"
      "hosts:\n"
      "  web: {address: 10.0.0.2}\n"
      "  web.v2: {address: 10.0.0.10, quantity: 3}\n"
      "  web.v2.x: {address: 10.0.1.1}\n",
      "dotted.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  std::vector<std::string> names;
  for (const HostResult& h : r->hosts) names.push_back(h.name);
  CHECK(names == std::vector<std::string>{"web", "web.v2", "web.v2.x"});
  CHECK(FindGroupTestHost(*r, "web.v2").members == 3);
  CHECK(FindGroupTestHost(*r, "web").members == 0);
  CHECK(FindGroupTestHost(*r, "web.v2.x").members == 0);
}

TEST_CASE("a quantity: group has one series per protocol, summed", "[sim]") {
  const Result r = RunGroupScenario();
  const HostSeries* group = nullptr;
  for (const HostSeries& s : r.series) {
    CHECK(s.host.rfind("g.", 0) != 0);
    if (s.host == "g" && s.protocol == "tcp") group = &s;
  }
  REQUIRE(group != nullptr);
  REQUIRE_FALSE(group->points.empty());
  CHECK(group->points.back().ports_in_use == 4);
  CHECK(group->points.back().established == 4);
  CHECK(group->members == 3);
  CHECK(group->usable_ports == 0);  // no one member's range bounds the sum
}

TEST_CASE("a group's members are its name, a dot and a number", "[sim]") {
  struct Case {
    const char* host;
    const char* group;
    bool member;
  } cases[] = {{"g.0", "g", true},   {"g.12345", "g", true}, {"g", "g", false},     {"g.", "g", false},
               {"gg.1", "g", false}, {"g.x", "g", false},    {"g.1.2", "g", false}, {"sub-a.7", "sub-a", true}};
  for (const Case& c : cases) {
    INFO(c.host << " in " << c.group);
    CHECK(IsGroupMember(c.host, c.group) == c.member);
  }
}

}  // namespace
}  // namespace portlab::sim

namespace portlab::sim {
namespace {

// Three clients that connect, fail, fall quiet for longer than TIME-WAIT
// and connect again: as a `quantity:` group (`group: true`) or as three
// hosts. Fixed arrivals: the same connections either way.
Result RunQuietMembersScenario(bool group) {
  const std::string clients =
      group ? "  c: {address: 10.0.0.10, quantity: 3}\n"
            : "  c0: {address: 10.0.0.10}\n  c1: {address: 10.0.0.11}\n  c2: {address: 10.0.0.12}\n";
  const std::string from = group ? "c" : "[c0, c1, c2]";
  absl::StatusOr<scenario::Scenario> s = scenario::LoadScenarioText(
      "name: quiet\nuntil: 300s\nsample: 10s\nhosts:\n" + clients +
          "  s: {address: 10.0.0.2}\n"
          "steps:\n  - {at: 0s, host: s, op: listen, proto: tcp, port: 80}\n"
          "workloads:\n"
          "  - {name: a, from: " + from + ", to: \"10.0.0.2:80\", rate: 2, hold: 1s, stop: 3s}\n"
          "  - {name: b, from: " + from + ", to: \"10.0.0.2:81\", rate: 1, start: 20s, stop: 22s}\n"
          "  - {name: c, from: " + from + ", to: \"10.0.0.2:80\", rate: 1, hold: 1s, start: 150s, stop: 152s}\n",
      "quiet.yaml");
  INFO(s.status().ToString());
  REQUIRE(s.ok());
  absl::StatusOr<Result> r = run::RunScenario(*s, run::RunOptions());
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("a group's series reads members that fell quiet as if it read every one", "[sim]") {
  const Result grouped = RunQuietMembersScenario(true);
  const Result apart = RunQuietMembersScenario(false);
  const HostSeries* g = nullptr;
  std::vector<const HostSeries*> singles;
  for (const HostSeries& s : grouped.series) {
    if (s.host == "c" && s.protocol == "tcp") g = &s;
  }
  for (const HostSeries& s : apart.series) {
    if (s.host.rfind("c", 0) == 0 && s.protocol == "tcp") singles.push_back(&s);
  }
  REQUIRE(g != nullptr);
  REQUIRE(singles.size() == 3);
  REQUIRE(g->points.size() > 15);
  for (size_t i = 0; i < g->points.size(); ++i) {
    SeriesPoint sum;
    std::map<std::string, int64_t> by_errno;
    for (const HostSeries* one : singles) {
      // A host's track starts at its first busy point; the group's too.
      const size_t skip = g->points.size() - one->points.size();
      if (i < skip) continue;
      const SeriesPoint& p = one->points[i - skip];
      sum.ports_in_use += p.ports_in_use;
      sum.time_wait += p.time_wait;
      sum.established += p.established;
      sum.attempts += p.attempts;
      sum.failures += p.failures;
      sum.allocation_probes += p.allocation_probes;
      sum.port_choices += p.port_choices;
      for (const auto& [e, n] : p.failures_by_errno) by_errno[e] += n;
    }
    const SeriesPoint& p = g->points[i];
    INFO("point " << i << " at " << p.time.nanos());
    CHECK(p.ports_in_use == sum.ports_in_use);
    CHECK(p.time_wait == sum.time_wait);
    CHECK(p.established == sum.established);
    CHECK(p.attempts == sum.attempts);
    CHECK(p.failures == sum.failures);
    CHECK(p.allocation_probes == sum.allocation_probes);
    CHECK(p.port_choices == sum.port_choices);
    CHECK(p.failures_by_errno == by_errno);
  }
  // The last connections, at 150 s, came after every member was quiet.
  CHECK(g->points.back().attempts == 3 * (6 + 2 + 2));
}

}  // namespace
}  // namespace portlab::sim
