// The model's checks (scenario/model_checks.h): what the engine refuses as
// it builds, reported by the loader at file:line:column with the file's
// other errors, every one at once, and refused the same by
// scenario::CheckModel (which Simulation::Build calls) for a scenario built
// in code.
#include "portlab/scenario/model_checks.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "portlab/scenario/loader.h"
#include "portlab/stack/knobs.h"
#include "portlab/stack/os_profile.h"

namespace portlab::scenario {
namespace {

// The lines of the error the loader refuses `text` with.
std::vector<std::string> ModelErrorLines(const std::string& text) {
  absl::StatusOr<Scenario> s = LoadScenarioText(text, "m.yaml");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
  return absl::StrSplit(std::string(s.status().message()), '\n');
}

TEST_CASE("the model's errors come with the loader's, all at once, in file order", "[loader][model]") {
  const std::vector<std::string> lines = ModelErrorLines(
      "name: m\n"                                                         // 1
      "hosts:\n"                                                          // 2
      "  a: {address: 10.0.0.1, os: linus}\n"                             // 3
      "  b: {address: 10.0.0.2, sysctl: {tcp_tw_reus: 1}}\n"              // 4
      "  c: {address: 10.0.0.2, adress: 1}\n"                             // 5
      "  d: {address: 10.0.0.3}\n"                                        // 6
      "  e: {address: 203.0.113.1}\n"                                     // 7
      "nats:\n"                                                           // 8
      "  n: {profile: symetric, inside: 10.0.0.0/8, outside: 203.0.113.1}\n"  // 9
      "steps:\n"                                                          // 10
      "  - {at: 0s, host: d, op: set, sysctl: {tcp_tw_reuse: 9}}\n");     // 11
  const std::vector<std::string> want = {
      // At the value the error is about, os:'s and profile:'s.
      "m.yaml:3:30: unknown os \"linus\" (did you mean \"linux\"?); profiles: ",
      "m.yaml:4:35: unknown sysctl \"tcp_tw_reus\" (did you mean \"tcp_tw_reuse\"?)",
      "m.yaml:5:26: unknown key \"adress\"",
      "m.yaml:9:3: outside address 203.0.113.1 already belongs to e",
      "m.yaml:9:16: unknown NAT profile \"symetric\" (did you mean \"symmetric\"?)",
      "m.yaml:11:41: sysctl tcp_tw_reuse = \"9\": must be an integer from 0 to 2",
  };
  REQUIRE(lines.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK_THAT(lines[i], Catch::StartsWith(want[i]));
  }
}

TEST_CASE("a knob given under both its names on one host is refused at the second", "[loader][model]") {
  // Every Linux knob under net.ipv4. is also known without the prefix
  // (stack::KnobIdentity), on linux and on custom hosts, in sysctl: and in
  // a set step alike, whichever name comes first.
  for (const char* os : {"linux", "custom"}) {
    for (const stack::KnobInfo& knob : stack::LinuxKnobInfo()) {
      const std::string name(knob.name);
      if (stack::KnobIdentity(absl::StrCat("net.ipv4.", name)) != name) continue;
      for (bool short_first : {true, false}) {
        const std::string first = short_first ? name : absl::StrCat("net.ipv4.", name);
        const std::string second = short_first ? absl::StrCat("net.ipv4.", name) : name;
        CAPTURE(os, first, second);
        // Values every such knob takes where alone: the defaults'.
        const std::string value = name == "ip_local_port_range" ? "\"40000 40063\""
                                  : name == "ip_local_reserved_ports" ? "\"\""
                                  : name == "tcp_tw_reuse_delay" || name == "tcp_syn_retries" ? "5"
                                  : name == "ip_unprivileged_port_start" ? "1024"
                                                                        : "1";
        const std::string host = absl::StrCat("name: m\nhosts:\n  a:\n    address: 10.0.0.1\n    os: ", os,
                                              "\n    sysctl:\n      ", first, ": ", value, "\n      ", second,
                                              ": ", value, "\n");
        std::vector<std::string> lines = ModelErrorLines(host);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0] == absl::StrCat("m.yaml:8:7: sysctl ", second, " is ", first,
                                       " (at m.yaml:7:7) by its other name; give the knob once"));
        const std::string step = absl::StrCat("name: m\nhosts: {a: {address: 10.0.0.1, os: ", os,
                                              "}}\nsteps:\n  - at: 0s\n    host: a\n    op: set\n    sysctl:\n      ",
                                              first, ": ", value, "\n      ", second, ": ", value, "\n");
        lines = ModelErrorLines(step);
        REQUIRE(lines.size() == 1);
        CHECK_THAT(lines[0], Catch::StartsWith(absl::StrCat("m.yaml:9:7: sysctl ", second, " is ", first, " (at m.yaml:8:7)")));
      }
    }
  }
}

TEST_CASE("one knob by one name, and the same knob set again by a later step, load", "[loader][model]") {
  absl::StatusOr<Scenario> s = LoadScenarioText(
      "name: m\n"
      "hosts: {a: {address: 10.0.0.1, sysctl: {tcp_fin_timeout: 30}}}\n"
      "steps:\n"
      "  - {at: 1s, host: a, op: set, sysctl: {net.ipv4.tcp_fin_timeout: 20}}\n",
      "m.yaml");
  CHECK(s.ok());
}

TEST_CASE("CheckModel refuses a scenario built in code as the loader would", "[model]") {
  // A good scenario, then changed in code as a program (headroom's fixes,
  // a test) changes one: the loader never sees the change.
  absl::StatusOr<Scenario> loaded = LoadScenarioText(
      "name: c\nhosts:\n  a: {address: 10.0.0.1}\n  b: {address: 10.0.0.2, sysctl: {tcp_fin_timeout: 1}}\n",
      "code.yaml");
  REQUIRE(loaded.ok());
  Scenario s = *loaded;
  CHECK(CheckModel(s).ok());
  s.hosts[0].os.assign("freebds");
  s.hosts[1].addresses = s.hosts[0].addresses;
  SysctlSetting alias = s.hosts[1].sysctl[0];
  alias.name.insert(0, "net.ipv4.");
  alias.location.line = 5;
  s.hosts[1].sysctl.push_back(alias);
  const absl::Status st = CheckModel(s);
  REQUIRE(st.code() == absl::StatusCode::kInvalidArgument);
  const std::vector<std::string> lines = absl::StrSplit(std::string(st.message()), '\n');
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::StartsWith("code.yaml:3:3: unknown os \"freebds\" (did you mean \"freebsd\"?)"));
  CHECK(lines[1] == "code.yaml:4:3: address 10.0.0.1 already belongs to host a");
  CHECK_THAT(lines[2], Catch::StartsWith("code.yaml:5:35: sysctl net.ipv4.tcp_fin_timeout is tcp_fin_timeout (at code.yaml:4:35)"));
}

}  // namespace
}  // namespace portlab::scenario
